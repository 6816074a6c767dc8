using System.Net.Http.Headers;
using System.Text.Json;
using PersonalTutoring.Contact.Tests.Support;
using static PersonalTutoring.Contact.Tests.Support.ContactWorld;
using static PersonalTutoring.TestKit.HandWorkedCalendar;

namespace PersonalTutoring.Contact.Tests.Integration;

/// <summary>
/// School compliance (CO-2, CO-3, CO-4, CO-13), engagement (CO-15), the student-route report (CO-8) and projection rebuilds,
/// over one hand-worked Autumn term in school CMP: c-good meets every rule, c-gap has one contact, c-final is in year 6 (AL-9).
/// </summary>
public sealed class ComplianceApiTests(ContactApi api) : IClassFixture<ContactApi>, IAsyncLifetime
{
    private static readonly DateTimeOffset ReportDay = London(2026, 1, 30, 12);

    public async Task InitializeAsync()
    {
        if (await api.Allocation.StudentAsync("c-good", CancellationToken.None) is not null) return; // once per class fixture
        api.Allocation.AddStudent("c-good", "CMP", "t-cmp", new DateOnly(2025, 8, 1), visa: true);
        api.Allocation.AddStudent("c-gap", "CMP", "t-cmp", new DateOnly(2025, 8, 1), visa: true);
        api.Allocation.AddStudent("c-final", "CMP", "t-cmp", new DateOnly(2025, 8, 1), year: 6);
        await Record("c-good", London(2025, 9, 24), ContactBody(London(2025, 9, 24), kind: "IndividualMeeting", note: "Welcome chat"));
        await Record("c-good", London(2025, 9, 30), ContactBody(London(2025, 9, 30), kind: "GroupMeeting"));
        await Record("c-good", London(2025, 10, 13), ContactBody(London(2025, 10, 13), enquired: true, note: "Check-in", confidentiality: "Confidential"));
        await Record("c-good", London(2025, 11, 10), ContactBody(London(2025, 11, 10), kind: "TeachingEvent"));
        await Record("c-good", London(2025, 12, 1), ContactBody(London(2025, 12, 1), responded: false));
        await Record("c-gap", London(2025, 10, 13), ContactBody(London(2025, 10, 13)));
        api.SetClock(ReportDay);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task Record(string student, DateTimeOffset at, object body)
    {
        api.SetClock(at.AddHours(1));
        await api.Tutor("t-cmp").PostJson($"/api/students/{student}/contacts", body).ShouldBe(HttpStatusCode.Created);
    }

    private Task<JsonElement> Compliance(HttpClient client) => client.GetAsync("/api/schools/CMP/contact-compliance?term=2025-26/Autumn").ShouldBe(HttpStatusCode.OK);

    [Fact]
    public async Task The_senior_tutor_sees_each_rules_figures_and_the_tutees_behind_each_gap()
    {
        var view = await Compliance(api.ClientFor(Roles.SeniorTutor, "st-cmp", "CMP"));
        var school = view.GetProperty("school");
        (school.GetProperty("tutees").GetInt32(), school.GetProperty("excluded").GetInt32(), school.GetProperty("compliant").GetInt32()).Should().Be((2, 1, 1));
        school.GetProperty("percentCompliant").GetDecimal().Should().Be(50m);
        foreach (var rule in new[] { "monthlyContact", "checkIn", "welcomeContact" })
        {
            school.GetProperty(rule).GetProperty("percentMet").GetDecimal().Should().Be(50m, rule);
            school.GetProperty(rule).GetProperty("studentsMissing").EnumerateArray().Select(e => e.GetString()).Should().Equal(["c-gap"], rule);
        }
        school.GetProperty("unansweredAttempts").GetInt32().Should().Be(1);
        view.GetProperty("tutors")[0].GetProperty("tutorId").GetString().Should().Be("t-cmp");
    }

    [Fact]
    public async Task Item16_a_tutors_figures_count_their_excluded_final_year_tutee_as_the_school_does()
    {
        var view = await Compliance(api.ClientFor(Roles.SeniorTutor, "st-cmp", "CMP"));
        var school = view.GetProperty("school");
        var tutor = view.GetProperty("tutors").EnumerateArray().Single(t => t.GetProperty("tutorId").GetString() == "t-cmp").GetProperty("figures");
        // Every tutee of CMP is t-cmp's, c-final (year 6) among them: the tutor's figures are the school's.
        tutor.GetProperty("excluded").GetInt32().Should().Be(1);
        tutor.GetProperty("tutees").GetInt32().Should().Be(school.GetProperty("tutees").GetInt32());
        tutor.GetRawText().Should().Be(school.GetRawText());
    }

    [Fact]
    public async Task Governance_sees_figures_only()
    {
        var view = await Compliance(api.ClientFor(Roles.Governance, "gov-1"));
        view.GetProperty("school").GetProperty("monthlyContact").GetProperty("studentsMissing").ValueKind.Should().Be(JsonValueKind.Null);
        view.GetRawText().Should().NotContain("c-gap").And.NotContain("c-good");
    }

    [Theory]
    [InlineData(Roles.Tutor, "CMP")]
    [InlineData(Roles.SeniorTutor, "ENG")]
    [InlineData(Roles.SupportTeam, "CMP")]
    [InlineData(Roles.Student, "CMP")]
    public async Task Others_may_not_see_a_schools_compliance(string role, string school) =>
        await api.ClientFor(role, "x", school).GetAsync("/api/schools/CMP/contact-compliance?term=2025-26/Autumn").ShouldBeProblem(HttpStatusCode.Forbidden);

    [Fact]
    public async Task An_unknown_term_is_a_404_and_a_malformed_one_a_400()
    {
        var st = api.ClientFor(Roles.SeniorTutor, "st-cmp", "CMP");
        await st.GetAsync("/api/schools/CMP/contact-compliance?term=2025-26/Winter").ShouldBeProblem(HttpStatusCode.NotFound);
        await st.GetAsync("/api/schools/CMP/contact-compliance?term=Autumn").ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task CO15_the_engagement_summary_counts_contacts_and_reports_each_term_without_note_text()
    {
        var engagement = await api.Tutor("t-cmp").GetAsync("/api/students/c-good/engagement").ShouldBe(HttpStatusCode.OK);
        (engagement.GetProperty("contacts").GetInt32(), engagement.GetProperty("unansweredAttempts").GetInt32()).Should().Be((5, 1));
        engagement.GetProperty("terms").EnumerateArray().Select(t => t.GetProperty("termKey").GetString()).Should().Equal("2025-26/Autumn", "2025-26/Spring");
        engagement.GetRawText().Should().NotContain("Check-in");
        await api.ClientFor(Roles.SupportTeam, "sup").GetAsync("/api/students/c-good/engagement").ShouldBe(HttpStatusCode.OK);
        await api.Tutor("t-other").GetAsync("/api/students/c-good/engagement").ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CO8_the_student_route_report_lists_contact_points_and_the_longest_gap_as_json_and_csv()
    {
        var dean = api.ClientFor(Roles.Dean, "dean");
        var report = await dean.GetAsync("/api/reports/student-route-contacts?schoolCode=CMP&from=2025-09-22&to=2025-12-12&maxGapDays=30").ShouldBe(HttpStatusCode.OK);
        var students = report.GetProperty("students").EnumerateArray().ToDictionary(s => s.GetProperty("studentId").GetString()!);
        students.Keys.Should().BeEquivalentTo(["c-gap", "c-good"], "only visa holders");
        students["c-good"].GetProperty("contacts").GetArrayLength().Should().Be(5);
        students["c-good"].GetProperty("longestGapDays").GetInt32().Should().Be(28, "13 Oct to 10 Nov");
        students["c-gap"].GetProperty("longestGapDays").GetInt32().Should().Be(60, "13 Oct to 12 Dec");
        report.GetProperty("overGap").EnumerateArray().Select(e => e.GetString()).Should().Equal("c-gap");

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/reports/student-route-contacts?schoolCode=CMP&from=2025-09-22&to=2025-12-12&maxGapDays=30");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var csv = await dean.SendAsync(request);
        csv.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        csv.Content.Headers.ContentType.CharSet.Should().Be("utf-8");
        csv.Content.Headers.ContentDisposition!.FileName.Should().Be("student-route-contacts-CMP-2025-09-22-to-2025-12-12.csv");
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        bytes.Take(3).Should().NotEqual(System.Text.Encoding.UTF8.Preamble.ToArray(), "no byte order mark unless asked for");
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        text.Should().EndWith("\r\n", "RFC 4180 records end with CRLF");
        var lines = text[..^2].Split("\r\n");
        lines[0].Should().Be("studentId,familyName,givenName,contactDate,kind,direction,longestGapDays,overGap");
        lines.Should().Contain("c-gap,Familyc-gap,Givenc-gap,2025-10-13,Email,TutorInitiated,60,true");
        lines.Should().HaveCount(1 + 5 + 1);

        var forExcel = new HttpRequestMessage(HttpMethod.Get, "/api/reports/student-route-contacts?schoolCode=CMP&from=2025-09-22&to=2025-12-12&maxGapDays=30&bom=true");
        forExcel.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var excel = await (await dean.SendAsync(forExcel)).Content.ReadAsByteArrayAsync();
        excel.Should().Equal([.. System.Text.Encoding.UTF8.Preamble, .. bytes]);

        await api.ClientFor(Roles.SeniorTutor, "st", "ENG").GetAsync("/api/reports/student-route-contacts?schoolCode=CMP&from=2025-09-22&to=2025-12-12")
            .ShouldBeProblem(HttpStatusCode.Forbidden);
        await dean.GetAsync("/api/reports/student-route-contacts?schoolCode=CMP&from=2025-12-12&to=2025-09-22").ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Rebuilding_the_projections_gives_identical_records_and_compliance()
    {
        var st = api.ClientFor(Roles.SeniorTutor, "st-cmp", "CMP");
        var before = (await st.GetAsync("/api/students/c-good/contacts").ShouldBe(HttpStatusCode.OK)).GetRawText();
        var complianceBefore = (await Compliance(st)).GetRawText();
        var readsBefore = (await api.ClientFor(Roles.Dean, "dean").GetAsync("/api/confidential-note-reads").ShouldBe(HttpStatusCode.OK)).GetArrayLength();

        foreach (var projection in new[] { "contact-student-records", "contact-note-reads" })
            await api.Admin().PostAsync($"/api/admin/projections/{projection}/rebuild", null).ShouldBe(HttpStatusCode.OK);

        (await st.GetAsync("/api/students/c-good/contacts").ShouldBe(HttpStatusCode.OK)).GetRawText().Should().Be(before);
        (await Compliance(st)).GetRawText().Should().Be(complianceBefore);
        (await api.ClientFor(Roles.Dean, "dean").GetAsync("/api/confidential-note-reads").ShouldBe(HttpStatusCode.OK)).GetArrayLength().Should().Be(readsBefore);
    }
}
