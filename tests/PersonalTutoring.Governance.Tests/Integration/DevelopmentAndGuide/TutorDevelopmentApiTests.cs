using System.Text.Json;

namespace PersonalTutoring.Governance.Tests.Integration.DevelopmentAndGuide;

/// <summary>GO-7, GO-8, GO-9 over HTTP: recording, the per-school view and its validation. Today is 2025-10-01.</summary>
public sealed partial class TutorDevelopmentApiTests(DevelopmentApi api) : IClassFixture<DevelopmentApi>
{
    private static string Record(string school, string staff) => $"/api/schools/{school}/tutors/{staff}/development";

    private HttpClient SeniorTutor(string school) => api.ClientFor(Roles.SeniorTutor, $"st-{school}", school);

    private async Task<HttpClient> SchoolWithTutorAsync(string school, string staff = "T1", string started = "2023-09-01")
    {
        await api.RegisterSchoolAsync(school);
        var senior = SeniorTutor(school);
        (await senior.PutJson(Record(school, staff), new { roleStartedOn = started })).StatusCode.Should().BeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
        return senior;
    }

    [Fact]
    public async Task The_school_view_lists_each_tutor_with_due_dates_overdue_flags_and_open_concerns()
    {
        var senior = await SchoolWithTutorAsync("TDA", "T1", "2023-09-01");
        await senior.PostJson(Record("TDA", "T1") + "/training", new { course = "Essentials", completedOn = "2024-01-10" }).ShouldBe(HttpStatusCode.Created);
        await senior.PostJson(Record("TDA", "T1") + "/quiz-attempts", new { score = 85, takenOn = "2025-09-01" }).ShouldBe(HttpStatusCode.Created);
        await senior.PutJson(Record("TDA", "T2"), new { roleStartedOn = "2024-01-01" }).ShouldBe(HttpStatusCode.Created);
        var raised = await senior.PostJson(Record("TDA", "T2") + "/concerns", new { description = "No contact with tutees", raisedOn = "2025-09-15" }).ShouldBe(HttpStatusCode.Created);
        var concern = raised.GetProperty("concernId").GetGuid();
        await senior.PostJson($"{Record("TDA", "T2")}/concerns/{concern}/actions", new { action = "Meeting with the Senior Tutor", takenOn = "2025-09-20" }).ShouldBe(HttpStatusCode.Created);
        await api.CatchUpAsync();

        var rows = await senior.GetAsync("/api/schools/TDA/tutor-development").ShouldBe(HttpStatusCode.OK);

        rows.GetArrayLength().Should().Be(2);
        var t1 = rows[0];
        t1.GetProperty("staffId").GetString().Should().Be("T1");
        t1.GetProperty("trainingDueOn").GetString().Should().Be("2027-01-10");
        t1.GetProperty("trainingOverdue").GetBoolean().Should().BeFalse();
        t1.GetProperty("lastQuizScore").GetInt32().Should().Be(85);
        t1.GetProperty("quizOverdue").GetBoolean().Should().BeFalse();
        var t2 = rows[1];
        t2.GetProperty("trainingDueOn").GetString().Should().Be("2025-01-01", "never trained: one year after starting the role");
        t2.GetProperty("trainingOverdue").GetBoolean().Should().BeTrue();
        t2.GetProperty("lastQuizScore").ValueKind.Should().Be(JsonValueKind.Null);
        t2.GetProperty("openConcerns").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task The_school_view_as_of_an_earlier_date_ignores_later_facts()
    {
        var senior = await SchoolWithTutorAsync("TDB", "T1", "2023-09-01");
        await senior.PostJson(Record("TDB", "T1") + "/training", new { course = "Essentials", completedOn = "2025-06-01" }).ShouldBe(HttpStatusCode.Created);
        await api.CatchUpAsync();

        var rows = await senior.GetAsync("/api/schools/TDB/tutor-development?asOf=2025-01-01").ShouldBe(HttpStatusCode.OK);

        rows[0].GetProperty("lastTrainedOn").ValueKind.Should().Be(JsonValueKind.Null);
        rows[0].GetProperty("trainingOverdue").GetBoolean().Should().BeTrue("on 2025-01-01 the tutor had been in role over a year untrained");
    }

    [Fact]
    public async Task A_concern_is_resolved_once_and_resolving_it_again_is_a_422_that_writes_nothing()
    {
        var senior = await SchoolWithTutorAsync("TDC");
        var concern = (await senior.PostJson(Record("TDC", "T1") + "/concerns", new { description = "Late replies", raisedOn = "2025-09-01" })
            .ShouldBe(HttpStatusCode.Created)).GetProperty("concernId").GetGuid();
        var resolution = $"{Record("TDC", "T1")}/concerns/{concern}/resolution";
        await senior.PostJson(resolution, new { resolution = "Replies now within 3 working days", resolvedOn = "2025-09-30" }).ShouldBe(HttpStatusCode.OK);
        var before = await api.EventCountAsync("tutor-development-TDC:");

        var problem = await (await senior.PostJson(resolution, new { resolution = "Again", resolvedOn = "2025-10-01" })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);

        problem.GetProperty("code").GetString().Should().Be("concern-already-resolved");
        (await api.EventCountAsync("tutor-development-TDC:")).Should().Be(before);
        await api.CatchUpAsync();
        var record = await senior.GetAsync(Record("TDC", "T1")).ShouldBe(HttpStatusCode.OK);
        record.GetProperty("record").GetProperty("concerns")[0].GetProperty("resolution").GetProperty("resolution").GetString().Should().Be("Replies now within 3 working days");
    }

    [Fact]
    public async Task A_tutor_who_left_the_role_drops_out_of_the_school_view_after_their_last_day()
    {
        var senior = await SchoolWithTutorAsync("TDL", "T1", "2020-01-01");
        await senior.PutJson(Record("TDL", "T2"), new { roleStartedOn = "2020-01-01" }).ShouldBe(HttpStatusCode.Created);
        await senior.PutJson(Record("TDL", "T2"), new { roleStartedOn = "2020-01-01", roleEndedOn = "2025-06-30" }).ShouldBe(HttpStatusCode.OK);
        await api.CatchUpAsync();

        (await senior.GetAsync("/api/schools/TDL/tutor-development").ShouldBe(HttpStatusCode.OK)).GetArrayLength().Should().Be(1);
        (await senior.GetAsync("/api/schools/TDL/tutor-development?asOf=2025-06-30").ShouldBe(HttpStatusCode.OK)).GetArrayLength().Should().Be(2);
        (await senior.GetAsync("/api/schools/TDL/tutor-development/kpis?academicYear=2025-26").ShouldBe(HttpStatusCode.OK)).GetProperty("tutors").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Recording_the_same_role_start_again_appends_nothing()
    {
        var senior = await SchoolWithTutorAsync("TDD");

        var again = await senior.PutJson(Record("TDD", "T1"), new { roleStartedOn = "2023-09-01" });

        await again.ShouldBe(HttpStatusCode.OK);
        again.Headers.ETag!.Tag.Should().Be("\"1\"");
        (await api.EventCountAsync("tutor-development-TDD:")).Should().Be(1);
    }

    [Theory]
    [InlineData("/quiz-attempts", """{"score":101,"takenOn":"2025-09-01"}""", "score")]
    [InlineData("/quiz-attempts", """{"score":-1,"takenOn":"2025-09-01"}""", "score")]
    [InlineData("/quiz-attempts", """{"takenOn":"2025-09-01"}""", "score")]
    [InlineData("/quiz-attempts", """{"score":70,"takenOn":"2025-10-02"}""", "takenOn")]
    [InlineData("/training", """{"course":"Essentials","completedOn":"2025-10-02"}""", "completedOn")]
    [InlineData("/training", """{"course":"  ","completedOn":"2025-09-02"}""", "course")]
    [InlineData("/concerns", """{"description":"","raisedOn":"2025-09-02"}""", "description")]
    [InlineData("/concerns", """{"description":"Late replies","raisedOn":"2025-12-02"}""", "raisedOn")]
    [InlineData("", """{}""", "roleStartedOn")]
    [InlineData("", """{"roleStartedOn":"2023-09-01","roleEndedOn":"2023-08-31"}""", "roleEndedOn")]
    public async Task Bad_input_is_a_400_naming_the_field_and_writes_nothing(string path, string body, string field)
    {
        const string school = "TDV";
        var senior = await SchoolWithTutorAsync(school);
        var before = await api.EventCountAsync($"tutor-development-{school}:");

        var response = path == "" ? await senior.PutRaw(Record(school, "T1"), body) : await senior.PostRaw(Record(school, "T1") + path, body);

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
        (await api.EventCountAsync($"tutor-development-{school}:")).Should().Be(before);
    }

    [Fact]
    public async Task A_record_for_an_unregistered_school_is_a_404_and_writes_nothing()
    {
        await (await api.Admin().PutJson(Record("NOSCHOOL", "T1"), new { roleStartedOn = "2024-01-01" })).ShouldBeProblem(HttpStatusCode.NotFound);

        (await api.EventCountAsync("tutor-development-NOSCHOOL:")).Should().Be(0);
    }

    [Fact]
    public async Task Training_for_a_tutor_without_a_record_is_a_404_and_writes_nothing()
    {
        await api.RegisterSchoolAsync("TDN");

        await (await SeniorTutor("TDN").PostJson(Record("TDN", "T404") + "/training", new { course = "Essentials", completedOn = "2025-01-01" }))
            .ShouldBeProblem(HttpStatusCode.NotFound);
        (await api.EventCountAsync("tutor-development-TDN:")).Should().Be(0);
    }
}
