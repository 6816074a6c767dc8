using System.Text.Json;

namespace PersonalTutoring.Governance.Tests.Integration.Reporting;

/// <summary>
/// A small school whose KPIs are worked out by hand (issue 14 item 1). Academic year 2025-26; KPI date 1 December 2025.
/// <list type="bullet">
/// <item>Tutors (Allocation): K-T1 with KS1, KS2; K-T2 with KS3, KS4; K-T3 with KP1 (PGT) → 3 tutors, median 2, max 2.</item>
/// <item>Intake: KS1–KS4 (UG) and KP1 (PGT) registered 22 September; KS4 allocated (recorded) 10 October, 18 days later →
/// 1 of 5 late = 20.0% (UG 1 of 4 = 25.0%, PGT 0.0%).</item>
/// <item>Change of tutor: KS1 asked on 1 November → 1 of 5 tutees = 20.0%.</item>
/// <item>Development: K-T1 trained 2021 (outside 3 years), quiz 80 in 2024; K-T2 trained 2024, quiz 60 in October;
/// K-T3 trained September, no quiz, a concern raised 15 November → trained 2/3 = 66.7%, quiz 2/3 = 66.7%, median 70, 1 identified.</item>
/// <item>Survey (recorded 20 November): contact 150 of 200 = 75.0%; positive experience 80 of 100 = 80.0%.</item>
/// </list>
/// On 10 December changes take effect (KS2 moved to K-T3, KS3 asks for a change, K-T1 takes the quiz, scoring 40, and
/// is the subject of a concern): the answer as of 1 December must not move. On 11 December corrections about earlier days
/// arrive (the survey 100 of 200; KS4 moved to K-T1 from 25 November): they change the answer for 1 December as known
/// now, not as known on 1 December.
/// </summary>
internal static class KpiScenario
{
    public const string School = "KPA";

    public static DateTimeOffset At(int year, int month, int day) => new(year, month, day, 10, 0, 0, TimeSpan.Zero);

    public static HttpClient SeniorTutor(this TutoringApiFactory api) => api.ClientFor(Roles.SeniorTutor, "kpa-st", School);

    public static async Task GivenTheSchoolAsync(this TutoringApiFactory api, ManualTimeProvider clock)
    {
        clock.Set(At(2025, 8, 20));
        (await api.Admin().PutJson($"/api/schools/{School}", new { name = "KPI School" })).StatusCode.Should().BeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
        foreach (var tutor in new[] { "K-T1", "K-T2", "K-T3" })
            (await api.ClientFor(Roles.Integration, "hr").PutJson($"/api/tutors/{tutor}", new
            {
                givenName = "Tutor", familyName = tutor, email = $"{tutor}@uni.test", schoolCode = School, permanentAcademicStaff = true,
            })).StatusCode.Should().BeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);

        clock.Set(At(2025, 9, 22));
        foreach (var (id, level) in new[] { ("KS1", "UG"), ("KS2", "UG"), ("KS3", "UG"), ("KS4", "UG"), ("KP1", "PGT") })
            (await api.ClientFor(Roles.Integration, "registry").PutJson($"/api/students/{id}", Student(level))).StatusCode
                .Should().BeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);

        clock.Set(At(2025, 9, 25));
        await api.AllocateAsync("KS1", "K-T1");
        await api.AllocateAsync("KS2", "K-T1");
        await api.AllocateAsync("KS3", "K-T2");
        await api.AllocateAsync("KP1", "K-T3");
        clock.Set(At(2025, 10, 10));
        await api.AllocateAsync("KS4", "K-T2");

        var senior = api.SeniorTutor();
        await senior.PutJson(Record("K-T1"), new { roleStartedOn = "2020-09-01" }).ShouldBe(HttpStatusCode.Created);
        await senior.PutJson(Record("K-T2"), new { roleStartedOn = "2024-09-01" }).ShouldBe(HttpStatusCode.Created);
        await senior.PutJson(Record("K-T3"), new { roleStartedOn = "2025-09-01" }).ShouldBe(HttpStatusCode.Created);
        await senior.PostJson(Record("K-T1") + "/training", new { course = "Essentials", completedOn = "2021-06-01" }).ShouldBe(HttpStatusCode.Created);
        await senior.PostJson(Record("K-T1") + "/quiz-attempts", new { score = 80, takenOn = "2024-06-01" }).ShouldBe(HttpStatusCode.Created);
        await senior.PostJson(Record("K-T2") + "/training", new { course = "Essentials", completedOn = "2024-10-01" }).ShouldBe(HttpStatusCode.Created);
        await senior.PostJson(Record("K-T2") + "/quiz-attempts", new { score = 60, takenOn = "2025-10-01" }).ShouldBe(HttpStatusCode.Created);
        await senior.PostJson(Record("K-T3") + "/training", new { course = "Essentials", completedOn = "2025-09-15" }).ShouldBe(HttpStatusCode.Created);

        clock.Set(At(2025, 11, 1));
        await api.ClientFor(Roles.Student, "KS1").PostJson("/api/students/KS1/tutor-change-requests", new { reason = "Our times never match" })
            .ShouldBe(HttpStatusCode.Created);
        clock.Set(At(2025, 11, 15));
        await senior.PostJson(Record("K-T3") + "/concerns", new { description = "Missed every meeting", raisedOn = "2025-11-15" }).ShouldBe(HttpStatusCode.Created);
        clock.Set(At(2025, 11, 20));
        await senior.PutJson(Survey("contact-with-tutor"), new { respondents = 200, agreeing = 150 }).ShouldBe(HttpStatusCode.OK);
        await senior.PutJson(Survey("positive-experience"), new { respondents = 100, agreeing = 80 }).ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>10 December: changes that take effect after 1 December (a reallocation, a request, a quiz, a concern).</summary>
    public static async Task ThenLaterChangesAsync(this TutoringApiFactory api, ManualTimeProvider clock)
    {
        clock.Set(At(2025, 12, 10));
        await api.SeniorTutor().PostJson("/api/allocations", new { studentId = "KS2", tutorId = "K-T3", reason = "Reallocation" }).ShouldBe(HttpStatusCode.OK);
        await api.ClientFor(Roles.Student, "KS3").PostJson("/api/students/KS3/tutor-change-requests", new { reason = "Different subject" })
            .ShouldBe(HttpStatusCode.Created);
        await api.SeniorTutor().PostJson(Record("K-T1") + "/quiz-attempts", new { score = 40, takenOn = "2025-12-10" }).ShouldBe(HttpStatusCode.Created);
        await api.SeniorTutor().PostJson(Record("K-T1") + "/concerns", new { description = "Late replies", raisedOn = "2025-12-10" }).ShouldBe(HttpStatusCode.Created);
    }

    /// <summary>11 December: corrections about days before 1 December (the survey figure, a backdated reallocation).</summary>
    public static async Task ThenCorrectionsAsync(this TutoringApiFactory api, ManualTimeProvider clock)
    {
        clock.Set(At(2025, 12, 11));
        await api.SeniorTutor().PutJson(Survey("contact-with-tutor"), new { respondents = 200, agreeing = 100 }).ShouldBe(HttpStatusCode.OK);
        await api.SeniorTutor().PostJson("/api/allocations", new { studentId = "KS4", tutorId = "K-T1", reason = "Reallocation", effectiveOn = "2025-11-25" })
            .ShouldBe(HttpStatusCode.OK);
    }

    public static IReadOnlyDictionary<string, JsonElement> ById(this JsonElement kpis) =>
        kpis.EnumerateArray().ToDictionary(k => k.GetProperty("id").GetString()!);

    public static decimal? Value(this JsonElement figure) =>
        figure.GetProperty("value").ValueKind == JsonValueKind.Null ? null : figure.GetProperty("value").GetDecimal();

    public static (int?, int?) Counts(this JsonElement figure) => (Int(figure.GetProperty("numerator")), Int(figure.GetProperty("denominator")));

    private static int? Int(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetInt32();

    private static async Task AllocateAsync(this TutoringApiFactory api, string student, string tutor) =>
        await api.SeniorTutor().PostJson("/api/allocations", new { studentId = student, tutorId = tutor, reason = "Initial allocation" }).ShouldBe(HttpStatusCode.OK);

    private static string Record(string staffId) => $"/api/schools/{School}/tutors/{staffId}/development";

    private static string Survey(string question) => $"/api/schools/{School}/evaluation/2025-26/survey/{question}";

    private static Dictionary<string, object?> Student(string level) => new()
    {
        ["givenName"] = "Named", ["familyName"] = "Student", ["email"] = "named@students.test", ["schoolCode"] = School, ["programmeCode"] = "KPIP",
        ["level"] = level, ["yearOfStudy"] = 1, ["registeredOn"] = "2025-09-22", ["status"] = "Studying", ["studentRouteVisa"] = false,
        ["visitingStudyAbroad"] = false,
    };
}
