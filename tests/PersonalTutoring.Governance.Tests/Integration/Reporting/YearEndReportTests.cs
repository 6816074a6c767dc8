using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.Reporting.Kpis;
using PersonalTutoring.Governance.Reporting.YearEnd;

namespace PersonalTutoring.Governance.Tests.Integration.Reporting;

public sealed class ReportApi : TutoringApiFactory
{
    protected override bool UseManualClock => true;
}

/// <summary>Issue 14 items 2–3: the year-end report (GO-5, LCP 22) with its frozen KPIs, and the reporting cycle (GO-3, LCP 18).</summary>
public sealed class YearEndReportTests(ReportApi api) : IClassFixture<ReportApi>, IAsyncLifetime
{
    private const string Report = "/api/schools/KPA/year-end-reports/2025-26/all";

    public async Task InitializeAsync()
    {
        if (await api.Admin().GetAsync("/api/schools/KPA") is { StatusCode: HttpStatusCode.OK }) return;
        await api.GivenTheSchoolAsync(api.Clock);
        var theme = (await api.SeniorTutor().PostJson("/api/schools/KPA/evaluation/2025-26/feedback-themes", new { source = "Tutees", theme = "Hard to find the tutor" })
            .ShouldBe(HttpStatusCode.Created)).GetProperty("themeId").GetGuid();
        await api.SeniorTutor().PostJson($"/api/schools/KPA/evaluation/2025-26/feedback-themes/{theme}/actions", new { action = "Office hours on the door", status = "Done" })
            .ShouldBe(HttpStatusCode.Created);
        api.Clock.Set(KpiScenario.At(2025, 12, 1));
        await api.CatchUpAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static object Draft(string successes = "Every tutee met their tutor in Welcome Week.") =>
        new { snapshotOn = "2025-12-01", successes, challenges = "One tutor was allocated late.", trends = "Requests to change tutor are steady." };

    private static object Step(string step, string on, string? minuteReference = null) => new { step, on, minuteReference };

    private HttpClient Dean => api.ClientFor(Roles.Dean, "dean-1");

    [Fact]
    public async Task GO5_GO3_the_report_freezes_its_figures_and_goes_round_the_cycle_in_order()
    {
        var created = await api.SeniorTutor().PutJson(Report, Draft()).ShouldBe(HttpStatusCode.Created);
        created.GetProperty("stage").GetString().Should().Be("Draft");
        var content = created.GetProperty("content");
        var frozen = content.GetProperty("snapshot").GetProperty("kpis").ById();
        frozen.Keys.Should().HaveCount(11);
        (frozen["tutors"].Value(), frozen["percent-approval-contact"].Value()).Should().Be((3m, 75.0m));
        content.GetProperty("feedbackActions").EnumerateArray().Single().GetProperty("action").GetString().Should().Be("Office hours on the door");
        content.GetProperty("workloadHoursPerTutee").GetDecimal().Should().Be(1.0m, "the university default policy is in force");
        var version = created.GetProperty("streamVersion").GetInt64();
        (await api.SeniorTutor().PutJson(Report, Draft()).ShouldBe(HttpStatusCode.OK)).GetProperty("streamVersion").GetInt64().Should().Be(version, "the same draft again is a no-op");

        // A correction entered later changes the live figures for 1 December, never the report's.
        await api.ThenCorrectionsAsync(api.Clock);
        await api.CatchUpAsync();
        var read = await api.ClientFor(Roles.Governance, "gov-1").GetAsync(Report).ShouldBe(HttpStatusCode.OK);
        read.GetProperty("report").GetProperty("content").GetProperty("snapshot").GetProperty("kpis").ById()["percent-approval-contact"].Value().Should().Be(75.0m);
        var differences = read.GetProperty("liveDifferences").EnumerateArray().ToDictionary(d => d.GetProperty("id").GetString()!);
        differences["percent-approval-contact"].GetProperty("live").GetDecimal().Should().Be(50.0m);
        read.GetRawText().Should().NotContain("KS1").And.NotContain("Named");

        api.Clock.Set(KpiScenario.At(2026, 6, 20));
        var senior = api.SeniorTutor();
        (await senior.PostJson(Report + "/steps", Step("StudentStaffCommitteeApproved", "2026-05-20", "SSC 5")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity))
            .Code().Should().Be("out-of-order");
        await senior.PostJson(Report + "/steps", Step("SchoolEducationCommitteeApproved", "2026-05-10")).ShouldBeProblem(HttpStatusCode.BadRequest);
        await senior.PostJson(Report + "/steps", Step("SchoolEducationCommitteeApproved", "2026-05-10", "SEC 26/05")).ShouldBe(HttpStatusCode.OK);
        (await senior.PutJson(Report, Draft("edited")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity)).Code().Should().Be("report-approved");
        (await senior.PostJson(Report + "/steps", Step("StudentStaffCommitteeApproved", "2026-05-01", "SSC 5")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity))
            .Code().Should().Be("before-previous-step");
        await senior.PostJson(Report + "/steps", Step("StudentStaffCommitteeApproved", "2026-05-20", "SSC 5")).ShouldBe(HttpStatusCode.OK);
        await senior.PostJson(Report + "/steps", Step("SubmittedToCollegeAndDean", "2026-05-25")).ShouldBe(HttpStatusCode.OK);
        await senior.PostJson(Report + "/steps", Step("DiscussedInJune", "2026-06-15", "CEC 26/06")).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await Dean.PostJson(Report + "/steps", Step("DiscussedInJune", "2026-05-30", "CEC 26/05")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity))
            .Code().Should().Be("not-june");
        (await Dean.PostJson(Report + "/steps", Step("SharedWithSubCommittee", "2026-06-30")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity))
            .Code().Should().Be("step-date-in-future");
        await Dean.PostJson(Report + "/steps", Step("DiscussedInJune", "2026-06-15", "CEC 26/06")).ShouldBe(HttpStatusCode.OK);
        var shared = await Dean.PostJson(Report + "/steps", Step("SharedWithSubCommittee", "2026-06-18", "SWISC 26/06")).ShouldBe(HttpStatusCode.OK);
        shared.GetProperty("stage").GetString().Should().Be("SharedWithSubCommittee");
        shared.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("recordedBy").GetString(), s.GetProperty("minuteReference").GetString()))
            .Should().Equal(("kpa-st", "SEC 26/05"), ("kpa-st", "SSC 5"), ("kpa-st", null), ("dean-1", "CEC 26/06"), ("dean-1", "SWISC 26/06"));

        // An approved report is never edited: a new version goes round again, keeping the old one.
        await senior.PostJson(Report + "/versions", new { reason = "The survey figure was corrected" }).ShouldBe(HttpStatusCode.Created);
        var revised = await senior.PutJson(Report, Draft("Corrected after the survey figure changed.")).ShouldBe(HttpStatusCode.OK);
        (revised.GetProperty("reportVersion").GetInt32(), revised.GetProperty("stage").GetString()).Should().Be((2, "Draft"));
        revised.GetProperty("content").GetProperty("snapshot").GetProperty("kpis").ById()["percent-approval-contact"].Value().Should().Be(50.0m);
        revised.GetProperty("earlierVersions").EnumerateArray().Single().GetProperty("stage").GetString().Should().Be("SharedWithSubCommittee");
        (await senior.PostJson(Report + "/versions", new { reason = "again" }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity)).Code().Should().Be("still-draft");

        var stale = new HttpRequestMessage(HttpMethod.Put, Report) { Content = JsonContent.Create(Draft("stale")) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        (await senior.SendAsync(stale)).StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
    }

    [Theory]
    [InlineData("all")]
    [InlineData("PGT")]
    public async Task The_printable_reports_trends_take_the_live_figures_of_its_year_and_equal_the_trends_computed_on_their_own(string cohort)
    {
        // The printable report computes its year's live figures once and gives them to the trends (issue 14's CPU work):
        // the trends must be what they were when they computed that year again themselves.
        api.Clock.Set(KpiScenario.At(2025, 12, 1));
        var dates = new KpiDates(new AcademicYear(2025), new DateOnly(2025, 12, 1), new DateOnly(2025, 12, 1));
        var (trends, contents) = (api.Services.GetRequiredService<KpiTrends>(), api.Services.GetRequiredService<ReportContents>());
        var level = ReportCohorts.Level(cohort);
        var (live, _, _) = await contents.FiguresAsync("KPA", cohort, dates, CancellationToken.None);

        var reused = await trends.SchoolAsync("KPA", level, dates, CancellationToken.None, askedKpis: live);
        var computed = await trends.SchoolAsync("KPA", level, dates, CancellationToken.None);

        JsonSerializer.Serialize(reused).Should().Be(JsonSerializer.Serialize(computed));
        reused.Kpis.Single(k => k.Id == "tutors").Years[^1].Numerator.Should().BeGreaterThan(0, "the scenario has tutors to count");
    }

    [Fact]
    public async Task The_university_trends_without_the_operational_figures_equal_the_university_KPIs_computed_with_them()
    {
        // The university trends no longer compute every school's compliance and meetings (issue 14's CPU work): the
        // asked year's point must still be the university answer's KPIs, which are computed with them.
        api.Clock.Set(KpiScenario.At(2025, 12, 1));
        var dates = new KpiDates(new AcademicYear(2025), new DateOnly(2025, 12, 1), new DateOnly(2025, 12, 1));
        var trends = await api.Services.GetRequiredService<KpiTrends>().UniversityAsync(dates, CancellationToken.None);
        var answer = await api.Services.GetRequiredService<KpiReads>().UniversityAsync(dates, CancellationToken.None);

        trends.Kpis.Select(k => k.Years[^1]).Should().Equal(answer.University.Kpis.Select(k => new TrendPoint("2025-26", k.Value, k.Numerator, k.Denominator)));
        trends.Kpis.Single(k => k.Id == "tutors").Years[^1].Numerator.Should().BeGreaterThan(0, "the scenario has tutors to count");
    }

    [Fact]
    public async Task The_report_exports_as_printable_HTML_without_scripts_and_as_CSV_of_its_figures()
    {
        const string pgt = "/api/schools/KPA/year-end-reports/2025-26/PGT";
        api.Clock.Set(KpiScenario.At(2025, 12, 1));
        await api.SeniorTutor().PutJson(pgt, Draft("<script>alert(1)</script> went well")).ShouldBe(HttpStatusCode.Created);

        var page = await api.ClientFor(Roles.Governance, "gov-1").GetAsync(pgt + "/print");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var html = await page.Content.ReadAsStringAsync();
        html.Should().Contain("<svg").And.Contain("@media print").And.Contain("&lt;script&gt;alert(1)&lt;/script&gt;");
        html.Should().NotContain("<script").And.NotContain("src=\"http").And.NotContain("KS1");
        html.Should().Contain("Number of Personal Tutors").And.Contain("% of tutees requesting a change of tutor");

        var csv = await api.ClientFor(Roles.Dean, "dean-1").GetAsync(pgt + "/figures.csv");
        csv.StatusCode.Should().Be(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("schoolCode,academicYear,cohort,reportVersion,section,id,title,value,numerator,denominator,liveValue");
        lines.Should().Contain(l => l.StartsWith("KPA,2025-26,PGT,1,management,tutors,Number of Personal Tutors,1,1,,1", StringComparison.Ordinal));
        lines.Should().HaveCountGreaterThan(11);
        await api.ClientFor(Roles.Tutor, "t", "KPA").GetAsync(pgt + "/print").ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.ClientFor(Roles.Tutor, "t", "KPA").GetAsync(pgt + "/figures.csv").ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Trends_show_previous_years_present_with_change_and_direction()
    {
        api.Clock.Set(KpiScenario.At(2026, 8, 20));
        var trends = await api.ClientFor(Roles.Governance, "gov-1").GetAsync("/api/schools/KPA/kpis/trends?academicYear=2026-27&asOf=2026-08-20").ShouldBe(HttpStatusCode.OK);
        trends.GetProperty("years").EnumerateArray().Select(y => y.GetString()).Should()
            .Equal(["2021-22", "2022-23", "2023-24", "2024-25", "2025-26", "2026-27"], "K-T1 has been in the role since 2020: five previous years at most");
        var kpis = trends.GetProperty("kpis").EnumerateArray().ToDictionary(k => k.GetProperty("id").GetString()!);
        kpis.Should().HaveCount(11);
        var requests = kpis["percent-approval-contact"];
        requests.GetProperty("years").EnumerateArray().Single(y => y.GetProperty("academicYear").GetString() == "2025-26").GetProperty("value").GetDecimal()
            .Should().BeGreaterThan(0);
        requests.GetProperty("direction").ValueKind.Should().Be(JsonValueKind.Null, "2026-27 has no survey yet");
        var trained = kpis["percent-trained-within-3-years"].GetProperty("years").EnumerateArray().Select(y => y.GetProperty("denominator").GetInt32()).ToList();
        trained.Should().Equal([1, 1, 1, 2, 3, 3], "tutors in the role at each year's end (K-T2 from 2024, K-T3 from 2025)");
        var change = kpis["percent-trained-within-3-years"];
        change.GetProperty("change").GetDecimal().Should().Be(change.GetProperty("years")[5].GetProperty("value").GetDecimal() - change.GetProperty("years")[4].GetProperty("value").GetDecimal());
        await api.ClientFor(Roles.Governance, "gov-1").GetAsync("/api/schools/KPA/kpis/trends?cohort=Nope").ShouldBeProblem(HttpStatusCode.BadRequest);
        await api.ClientFor(Roles.Tutor, "t", "KPA").GetAsync("/api/schools/KPA/kpis/trends").ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.ClientFor(Roles.SeniorTutor, "st", "KPA").GetAsync("/api/university/kpis/trends").ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task GO3_the_Deans_overview_flags_schools_late_in_the_cycle()
    {
        api.Clock.Set(KpiScenario.At(2026, 6, 2));
        (await api.Admin().PutJson("/api/schools/KPB", new { name = "Late School" })).StatusCode.Should().BeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
        var overview = await Dean.GetAsync("/api/year-end-reports?academicYear=2025-26").ShouldBe(HttpStatusCode.OK);
        var schools = overview.GetProperty("schools").EnumerateArray().ToDictionary(s => s.GetProperty("schoolCode").GetString()!);
        schools["KPB"].GetProperty("late").GetBoolean().Should().BeTrue("no report by the School Education Committee's due date, 31 May");
        schools["KPB"].GetProperty("kpis").EnumerateArray().Should().HaveCount(11);
        schools["KPB"].GetProperty("kpiSource").GetString().Should().Be("live");
    }

    [Fact]
    public async Task A_report_of_an_unknown_school_or_cohort_is_404_or_400()
    {
        await api.SeniorTutor().GetAsync("/api/schools/KPA/year-end-reports/2025-26/Distance").ShouldBeProblem(HttpStatusCode.NotFound);
        await api.SeniorTutor().GetAsync("/api/schools/KPA/year-end-reports/2025-26/nonsense").ShouldBeProblem(HttpStatusCode.BadRequest);
        await api.ClientFor(Roles.SeniorTutor, "st", "ZZZ").PutJson("/api/schools/ZZZ/year-end-reports/2025-26/all", Draft()).ShouldBeProblem(HttpStatusCode.NotFound);
        await api.SeniorTutor().PutJson(Report, new { snapshotOn = "2999-01-01", successes = "a", challenges = "b", trends = "c" }).ShouldBeProblem(HttpStatusCode.BadRequest);
        await api.SeniorTutor().PutJson(Report, new { snapshotOn = "2024-01-01", successes = "a", challenges = "b", trends = "c" }).ShouldBeProblem(HttpStatusCode.BadRequest);
        await api.SeniorTutor().PostJson("/api/schools/KPA/year-end-reports/2025-26/PGT/steps", Step("SubmittedToCollegeAndDean", "2025-11-01"))
            .ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(Roles.Tutor)]
    [InlineData(Roles.Governance)]
    [InlineData(Roles.Dean)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Student)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Integration)]
    public async Task Only_the_schools_Senior_Tutor_writes_the_report(string role)
    {
        await api.ClientFor(role, "someone", "KPA").PutJson(Report, Draft()).ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.ClientFor(role, "someone", "KPA").PostJson(Report + "/versions", new { reason = "x" }).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_Senior_Tutor_of_another_school_is_403_on_every_report_route()
    {
        var other = api.ClientFor(Roles.SeniorTutor, "st-x", "OTHER");
        await other.PutJson(Report, Draft()).ShouldBeProblem(HttpStatusCode.Forbidden);
        await other.PostJson(Report + "/steps", Step("SubmittedToCollegeAndDean", "2025-11-01")).ShouldBeProblem(HttpStatusCode.Forbidden);
        await other.PostJson(Report + "/versions", new { reason = "x" }).ShouldBeProblem(HttpStatusCode.Forbidden);
        await other.GetAsync(Report).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(Roles.Tutor)]
    [InlineData(Roles.Governance)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Student)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Integration)]
    public async Task Roles_that_record_no_step_are_403(string role) =>
        await api.ClientFor(role, "someone", "KPA").PostJson(Report + "/steps", Step("SubmittedToCollegeAndDean", "2025-11-01")).ShouldBeProblem(HttpStatusCode.Forbidden);

    [Theory]
    [InlineData(Roles.Tutor)]
    [InlineData(Roles.Student)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Integration)]
    public async Task Roles_without_the_schools_figures_do_not_read_its_report(string role) =>
        await api.ClientFor(role, "someone", "KPA").GetAsync(Report).ShouldBeProblem(HttpStatusCode.Forbidden);

    [Theory]
    [InlineData(Roles.SeniorTutor)]
    [InlineData(Roles.Tutor)]
    [InlineData(Roles.Student)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Integration)]
    public async Task Only_university_wide_roles_read_the_overview(string role) =>
        await api.ClientFor(role, "someone", "KPA").GetAsync("/api/year-end-reports").ShouldBeProblem(HttpStatusCode.Forbidden);
}
