using System.Text.Json;

namespace PersonalTutoring.Governance.Tests.Integration.Reporting;

public sealed class KpiApi : TutoringApiFactory
{
    protected override bool UseManualClock => true;
}

/// <summary>Issue 14 item 1: each of the eleven KPIs against <see cref="KpiScenario"/>, worked out by hand, and as of a date before later facts.</summary>
public sealed class KpiApiTests(KpiApi api) : IClassFixture<KpiApi>, IAsyncLifetime
{
    private const string AsOfFirstDecember = "/api/schools/KPA/kpis?academicYear=2025-26&asOf=2025-12-01";

    /// <summary>The hand-worked figures: as known on 1 December, whatever another test of the class has entered since.</summary>
    private const string AsKnownThen = AsOfFirstDecember + "&knownOn=2025-12-01";

    public async Task InitializeAsync()
    {
        if (await api.Admin().GetAsync("/api/schools/KPA") is { StatusCode: HttpStatusCode.OK }) return;
        await api.GivenTheSchoolAsync(api.Clock);
        api.Clock.Set(KpiScenario.At(2025, 12, 1));
        await api.CatchUpAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<JsonElement> GovernanceReadsAsync(string url) =>
        await api.ClientFor(Roles.Governance, "gov-1").GetAsync(url).ShouldBe(HttpStatusCode.OK);

    [Fact]
    public async Task GO6_each_of_the_eleven_KPIs_matches_the_hand_worked_figures()
    {
        var answer = await GovernanceReadsAsync(AsKnownThen);
        answer.GetProperty("kpiDate").GetString().Should().Be("2025-12-01");
        var kpis = answer.GetProperty("kpis").ById();
        kpis.Keys.Should().HaveCount(11);

        (kpis["tutors"].Value(), kpis["tutors"].Counts()).Should().Be((3m, (3, (int?)null)));
        (kpis["median-tutees-per-tutor"].Value(), kpis["median-tutees-per-tutor"].Counts()).Should().Be((2m, ((int?)null, 3)));
        kpis["maximum-tutees-per-tutor"].Value().Should().Be(2m);
        (kpis["percent-not-allocated-within-deadline"].Value(), kpis["percent-not-allocated-within-deadline"].Counts()).Should().Be((20.0m, (1, 5)));
        (kpis["percent-trained-within-3-years"].Value(), kpis["percent-trained-within-3-years"].Counts()).Should().Be((66.7m, (2, 3)));
        (kpis["percent-quiz-within-3-years"].Value(), kpis["percent-quiz-within-3-years"].Counts()).Should().Be((66.7m, (2, 3)));
        (kpis["median-quiz-score"].Value(), kpis["median-quiz-score"].Counts()).Should().Be((70m, ((int?)null, 2)));
        (kpis["not-sufficiently-fulfilling-role"].Value(), kpis["not-sufficiently-fulfilling-role"].Counts()).Should().Be((1m, (1, 3)));
        (kpis["percent-approval-contact"].Value(), kpis["percent-approval-contact"].Counts()).Should().Be((75.0m, (150, 200)));
        (kpis["percent-approval-positive-experience"].Value(), kpis["percent-approval-positive-experience"].Counts()).Should().Be((80.0m, (80, 100)));
        (kpis["percent-requesting-change-of-tutor"].Value(), kpis["percent-requesting-change-of-tutor"].Counts()).Should().Be((20.0m, (1, 5)));
        kpis.Values.Should().OnlyContain(k => k.GetProperty("definition").GetString()!.Length > 20, "a committee checks each figure against its definition");
        answer.GetRawText().Should().NotContain("KS1").And.NotContain("Named", "no student is named in a KPI answer");
    }

    [Fact]
    public async Task GO6_per_cohort_level_the_KPIs_count_that_levels_tutees_and_their_tutors()
    {
        var cohorts = (await GovernanceReadsAsync(AsKnownThen)).GetProperty("cohorts").EnumerateArray()
            .ToDictionary(c => c.GetProperty("level").GetString()!, c => c.GetProperty("kpis").ById());
        cohorts.Keys.Should().BeEquivalentTo("UG", "PGT", "Foundation", "Distance");
        (cohorts["UG"]["tutors"].Value(), cohorts["UG"]["percent-not-allocated-within-deadline"].Counts()).Should().Be((2m, (1, 4)));
        cohorts["UG"]["percent-not-allocated-within-deadline"].Value().Should().Be(25.0m);
        cohorts["UG"]["percent-trained-within-3-years"].Counts().Should().Be((1, 2), "K-T1 and K-T2 tutor UG students; only K-T2 trained within 3 years");
        (cohorts["PGT"]["tutors"].Value(), cohorts["PGT"]["percent-not-allocated-within-deadline"].Value()).Should().Be((1m, 0.0m));
        cohorts["PGT"]["not-sufficiently-fulfilling-role"].Value().Should().Be(1m);
        cohorts["Foundation"]["tutors"].Value().Should().Be(0m);
        cohorts["Foundation"]["median-tutees-per-tutor"].Value().Should().BeNull("no tutor, no median");
        cohorts["UG"]["percent-approval-contact"].Value().Should().BeNull("the survey is reported per school, not per cohort");
    }

    [Fact]
    public async Task GO6_an_answer_as_of_a_date_does_not_move_when_later_changes_arrive_and_corrections_move_it_only_as_known_now()
    {
        var before = (await GovernanceReadsAsync(AsKnownThen)).GetProperty("kpis").GetRawText();
        await api.ThenLaterChangesAsync(api.Clock);
        await api.CatchUpAsync();

        (await GovernanceReadsAsync(AsOfFirstDecember)).GetProperty("kpis").GetRawText().Should().Be(before, "nothing that happened after 1 December counts");
        var tenth = (await GovernanceReadsAsync("/api/schools/KPA/kpis?academicYear=2025-26&asOf=2025-12-10")).GetProperty("kpis").ById();
        tenth["percent-requesting-change-of-tutor"].Counts().Should().Be((2, 5));
        (tenth["median-tutees-per-tutor"].Value(), tenth["maximum-tutees-per-tutor"].Value()).Should().Be((2m, 2m), "K-T1 1, K-T2 2, K-T3 2");
        tenth["median-quiz-score"].Value().Should().Be(50m, "K-T1's latest attempt is now the 40 of 10 December");
        tenth["not-sufficiently-fulfilling-role"].Value().Should().Be(2m);

        await api.ThenCorrectionsAsync(api.Clock);
        await api.CatchUpAsync();
        var corrected = (await GovernanceReadsAsync(AsOfFirstDecember)).GetProperty("kpis").ById();
        corrected["percent-approval-contact"].Counts().Should().Be((100, 200), "the corrected survey figure, as known now");
        (corrected["median-tutees-per-tutor"].Value(), corrected["maximum-tutees-per-tutor"].Value()).Should().Be((1m, 3m), "KS4 with K-T1 from 25 November");
        (await GovernanceReadsAsync(AsKnownThen)).GetProperty("kpis").GetRawText()
            .Should().Be(before, "as known on 1 December, the corrections entered later do not count");
    }

    [Fact]
    public async Task GO6_the_university_answer_adds_up_every_schools_facts()
    {
        var answer = await GovernanceReadsAsync("/api/university/kpis?academicYear=2025-26&asOf=2025-12-01&knownOn=2025-12-01");
        var university = answer.GetProperty("university").GetProperty("kpis").ById();
        university["percent-not-allocated-within-deadline"].Counts().Should().Be((1, 5));
        university["percent-approval-contact"].Counts().Should().Be((150, 200));
        answer.GetProperty("schools").EnumerateArray().Select(s => s.GetProperty("schoolCode").GetString()).Should().Contain("KPA");
    }

    [Fact]
    public async Task A_tutor_sees_their_own_figures_and_no_other_tutors()
    {
        var mine = await api.ClientFor(Roles.Tutor, "K-T2", "KPA").GetAsync("/api/tutors/K-T2/kpis?academicYear=2025-26&asOf=2025-12-01&knownOn=2025-12-01")
            .ShouldBe(HttpStatusCode.OK);
        (mine.GetProperty("tutees").GetInt32(), mine.GetProperty("tuteesByLevel").GetProperty("UG").GetInt32()).Should().Be((2, 2));
        (mine.GetProperty("trainedWithinInterval").GetBoolean(), mine.GetProperty("latestQuizScore").GetInt32()).Should().Be((true, 60));
        mine.GetProperty("schoolMedianTuteesPerTutor").GetDecimal().Should().Be(2m);
        mine.GetRawText().Should().NotContain("KS3");
        await api.ClientFor(Roles.Tutor, "K-T1", "KPA").GetAsync("/api/tutors/K-T2/kpis").ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.ClientFor(Roles.SeniorTutor, "kpa-st", "KPA").GetAsync("/api/tutors/K-T2/kpis").ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.ClientFor(Roles.Student, "KS1").GetAsync("/api/tutors/K-T2/kpis").ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.ClientFor(Roles.SupportTeam, "sup").GetAsync("/api/tutors/K-T2/kpis").ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.ClientFor(Roles.Integration, "int").GetAsync("/api/tutors/K-T2/kpis").ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.ClientFor(Roles.Governance, "gov-1").GetAsync("/api/tutors/NOBODY/kpis").ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/schools/KPA/kpis?asOf=2999-01-01")]
    [InlineData("/api/schools/KPA/kpis?academicYear=2025")]
    [InlineData("/api/schools/KPA/kpis?asOf=yesterday")]
    [InlineData("/api/university/kpis?asOf=2999-01-01")]
    [InlineData("/api/schools/KPA/kpis?knownOn=2999-01-01")]
    [InlineData("/api/schools/KPA/kpis?asOf=0001-01-01")]
    [InlineData("/api/university/kpis?asOf=0001-01-01")]
    [InlineData("/api/university/kpis?knownOn=0001-01-01")]
    [InlineData("/api/schools/KPA/kpis/trends?asOf=0001-01-01")]
    [InlineData("/api/tutors/K-T1/kpis?asOf=0001-01-01")]
    public async Task Bad_dates_and_years_are_400(string url) =>
        await api.ClientFor(Roles.Governance, "gov-1").GetAsync(url).ShouldBeProblem(HttpStatusCode.BadRequest);

    [Fact]
    public async Task An_unknown_school_is_404() =>
        await api.ClientFor(Roles.Governance, "gov-1").GetAsync("/api/schools/NOPE/kpis").ShouldBeProblem(HttpStatusCode.NotFound);

    [Theory]
    [InlineData(Roles.Tutor)]
    [InlineData(Roles.Student)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Integration)]
    public async Task Roles_without_the_schools_figures_are_403_on_the_school_KPIs(string role) =>
        await api.ClientFor(role, "someone", "KPA").GetAsync("/api/schools/KPA/kpis").ShouldBeProblem(HttpStatusCode.Forbidden);

    [Fact]
    public async Task A_Senior_Tutor_of_another_school_is_403() =>
        await api.ClientFor(Roles.SeniorTutor, "st-x", "OTHER").GetAsync("/api/schools/KPA/kpis").ShouldBeProblem(HttpStatusCode.Forbidden);

    [Theory]
    [InlineData(Roles.SeniorTutor)]
    [InlineData(Roles.Tutor)]
    [InlineData(Roles.Student)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Integration)]
    public async Task Only_university_wide_roles_read_the_university_KPIs(string role) =>
        await api.ClientFor(role, "someone", "KPA").GetAsync("/api/university/kpis").ShouldBeProblem(HttpStatusCode.Forbidden);
}
