using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.Reporting.Kpis;

namespace PersonalTutoring.Governance.Tests.Integration.Reporting;

/// <summary>The university's overview may show kept facts up to five minutes old, as in production; no keeper runs beside the tests.</summary>
public sealed class KeptKpiApi : TutoringApiFactory
{
    protected override bool UseManualClock => true;

    protected override string KpiFactsOverviewFreshMinutes => "5";
}

/// <summary>
/// ADR 0093: a school's facts are kept once worked out, and serve again only when nothing they were read from can have
/// changed; the university's overview may be a few minutes old and says so. ADR 0096: a school's calendar or policy change
/// forgets that school's kept facts, not another's (a second school, <see cref="Other"/>, has no students). Each test
/// starts on a day of its own.
/// </summary>
public sealed class KeptKpiFactsTests(KeptKpiApi api) : IClassFixture<KeptKpiApi>, IAsyncLifetime
{
    private const string School = KpiScenario.School;
    private const string Year = "2025-26";
    private const string Other = "KPB";

    public async Task InitializeAsync()
    {
        if (await api.Admin().GetAsync($"/api/schools/{School}") is not { StatusCode: HttpStatusCode.OK })
        {
            await api.GivenTheSchoolAsync(api.Clock);
            (await api.Admin().PutJson($"/api/schools/{Other}", new { name = "Another school" })).StatusCode.Should().BeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
            // The school's terms, so that its facts hold contact compliance and meetings; the other school has none.
            await api.Admin().PutJson($"/api/schools/{School}/academic-years/{Year}/calendar", GovernanceTestSupport.Calendar(2025)).ShouldBe(HttpStatusCode.Created);
            api.Clock.Set(KpiScenario.At(2025, 12, 1));
        }
        await api.ToADayOfItsOwnAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private DateOnly Today => api.Today();

    private static string SchoolUrl(DateOnly? asOf = null, DateOnly? knownOn = null) =>
        $"/api/schools/{School}/kpis?academicYear={Year}" + (asOf is { } a ? $"&asOf={a:yyyy-MM-dd}" : "") + (knownOn is { } k ? $"&knownOn={k:yyyy-MM-dd}" : "");

    private Task<JsonElement> ReadAsync(string url) => api.ReadKpisAsync(url);

    private static DateTimeOffset ReadAt(JsonElement answer) => answer.FactsReadAt();

    private static bool Current(JsonElement answer) => answer.GetProperty("factsCurrent").GetBoolean();

    private Task<KeptKpiFacts?> KeptAsync(DateOnly kpiDate, DateOnly knownOn, string school = School, bool kpisOnly = false) =>
        api.KeptFactsAsync(KeptKpiFacts.IdFor(school, AcademicYear.Containing(kpiDate).ToString(), kpiDate, knownOn, kpisOnly));

    private async Task<IReadOnlySet<DateOnly>> ClosedDaysAsync()
    {
        var kept = api.Services.GetRequiredService<KpiFactsKept>();
        var schools = await api.Services.GetRequiredService<KpiSources>().SchoolsAsync(CancellationToken.None);
        // The days kept for good for every school.
        return (await kept.ClosedSchoolDaysAsync(schools, await kept.MarkAsync(CancellationToken.None), CancellationToken.None))
            .GroupBy(k => k.Day).Where(g => g.Count() == schools.Count).Select(g => g.Key).ToHashSet();
    }

    private Task ForgetAllAsync() => api.ForgetKeptFactsAsync();

    private async Task SurveyAsync(int respondents, int agreeing)
    {
        await api.SeniorTutor().PutJson($"/api/schools/{School}/evaluation/{Year}/survey/contact-with-tutor", new { respondents, agreeing })
            .ShouldBe(HttpStatusCode.OK);
        await api.CatchUpAsync();
    }

    private void Later(int minutes) => api.Later(minutes);

    [Fact]
    public async Task A_closed_day_is_served_for_good_and_today_until_an_event_is_appended()
    {
        var yesterday = Today.AddDays(-1);
        var closed = await ReadAsync(SchoolUrl(yesterday, yesterday));
        var kept = await KeptAsync(yesterday, yesterday);
        (kept!.Closed, kept.CaughtUp).Should().Be((true, true), "yesterday had ended and the daemon had caught up when the facts were read");

        var today = await ReadAsync(SchoolUrl());
        Later(1);
        ReadAt(await ReadAsync(SchoolUrl())).Should().Be(ReadAt(today), "nothing was appended since: the same facts serve");

        await SurveyAsync(400, 100 + Today.Day);
        var closedAgain = await ReadAsync(SchoolUrl(yesterday, yesterday));
        ReadAt(closedAgain).Should().Be(ReadAt(closed), "a fact recorded today cannot count as known yesterday");
        closedAgain.GetProperty("kpis").GetRawText().Should().Be(closed.GetProperty("kpis").GetRawText());
        var todayAgain = await ReadAsync(SchoolUrl());
        ReadAt(todayAgain).Should().Be(api.Clock.GetUtcNow(), "an event was appended: today's facts are read again");
        todayAgain.GetProperty("kpis").ById()["percent-approval-contact"].Counts().Should().Be((100 + Today.Day, 400));

        await ForgetAllAsync();
        var live = await ReadAsync(SchoolUrl(yesterday, yesterday));
        live.GetProperty("kpis").GetRawText().Should().Be(closed.GetProperty("kpis").GetRawText(), "kept facts are what a live reading gives");
        live.GetProperty("operational").GetRawText().Should().Be(closed.GetProperty("operational").GetRawText());
        live.GetProperty("cohorts").GetRawText().Should().Be(closed.GetProperty("cohorts").GetRawText());
    }

    /// <summary>
    /// ADR 0098: facts of a date as known today serve on later days while nothing their school's facts of that year are read
    /// from has changed, in any module, however many events arrive elsewhere; a change in any of them has the facts read
    /// again, and what is served is always what a live reading gives.
    /// </summary>
    [Fact]
    public async Task A_dates_facts_as_known_today_serve_later_days_until_something_they_are_read_from_changes()
    {
        var asOf = new DateOnly(2025, 11, 30);
        var url = SchoolUrl(asOf);
        var first = await ReadAsync(url);
        var read = ReadAt(first);
        var latest = await LatestAsync(asOf);
        (latest!.KnownOn, latest.Changes).Should().Be((Today, latest.Changes));
        latest.Changes.Should().NotBeNull("the facts were read as known today, once the daemon had caught up");

        // Days later, with events arriving that the school's facts of the year are not read from: another school's survey.
        api.Clock.Set(api.Clock.GetUtcNow().AddDays(1));
        await api.Admin().PutJson($"/api/schools/{Other}/evaluation/{Year}/survey/contact-with-tutor", new { respondents = 10, agreeing = 5 }).ShouldBe(HttpStatusCode.OK);
        await api.CatchUpAsync();
        var nextDay = await ReadAsync(url);
        ReadAt(nextDay).Should().Be(read, "nothing the facts are read from changed: as known today is as known when they were read");
        nextDay.GetProperty("knownOn").GetString().Should().Be($"{Today:yyyy-MM-dd}");
        await SameAsLiveAsync(url, nextDay);

        // Each module in turn: a fact of that year recorded today (dated before the KPI date where it has a date).
        var changes = new (string Module, Func<Task> Change)[]
        {
            ("Allocation", () => api.SeniorTutor().PostJson("/api/allocations",
                new { studentId = "KS3", tutorId = "K-T1", reason = "Reallocation", effectiveOn = "2025-11-20" }).ShouldBe(HttpStatusCode.OK)),
            ("Contact", () => api.ClientFor(Roles.Tutor, "K-T2", School).PostJson("/api/students/KS4/contacts", new
            {
                kind = "IndividualMeeting", direction = "TutorInitiated", occurredAt = KpiScenario.At(2025, 11, 18), enquiredAboutProgressAndWellbeing = true,
                tuteeResponded = true,
            }).ShouldBe(HttpStatusCode.Created)),
            ("Governance's tutor development", () => api.SeniorTutor().PostJson($"/api/schools/{School}/tutors/K-T3/development/quiz-attempts",
                new { score = 70, takenOn = "2025-11-10" }).ShouldBe(HttpStatusCode.Created)),
            ("Governance's survey", () => SurveyAsync(250, 125)),
        };
        foreach (var (module, change) in changes)
        {
            Later(1);
            var before = await ReadAsync(url);
            ReadAt(before).Should().NotBe(api.Clock.GetUtcNow(), $"nothing changed before the {module} change");
            await change();
            await api.CatchUpAsync();
            var after = await ReadAsync(url);
            ReadAt(after).Should().Be(api.Clock.GetUtcNow(), $"a {module} fact of the year changes what the facts are read from: they are read again");
            await SameAsLiveAsync(url, after);
        }
    }

    /// <summary>ADR 0098 for today: another school's events leave a school's answer served; its own meeting has it read again.</summary>
    [Fact]
    public async Task A_schools_answer_today_serves_while_another_schools_events_arrive_and_is_read_again_after_its_own_meeting()
    {
        var today = await ReadAsync(SchoolUrl());
        Later(1);
        await api.Admin().PutJson($"/api/schools/{Other}/evaluation/{Year}/survey/positive-experience", new { respondents = 10, agreeing = Today.Day % 10 })
            .ShouldBe(HttpStatusCode.OK);
        await api.CatchUpAsync();
        ReadAt(await ReadAsync(SchoolUrl())).Should().Be(ReadAt(today), "an event of another school changes nothing this school's facts are read from");

        Later(1);
        await api.ClientFor(Roles.Tutor, "K-T1", School).PostJson("/api/tutors/K-T1/meetings", new
        {
            startsAt = api.Clock.GetUtcNow().AddHours(2), lengthMinutes = 30, format = "InPerson", purpose = "Regular", room = "Room 1.01", inviteeIds = new[] { "KS1" },
        }).ShouldBe(HttpStatusCode.Created);
        await api.CatchUpAsync();
        var after = await ReadAsync(SchoolUrl());
        ReadAt(after).Should().Be(api.Clock.GetUtcNow(), "a meeting of the school today is among what its facts are read from");
        after.GetProperty("operational").GetRawText().Should().NotBe(today.GetProperty("operational").GetRawText(), "the meeting counts today");
        await SameAsLiveAsync(SchoolUrl(), after);
    }

    private Task<KeptKpiFacts?> LatestAsync(DateOnly kpiDate, string school = School) =>
        api.KeptFactsAsync(KeptKpiFacts.LatestIdFor(school, AcademicYear.Containing(kpiDate).ToString(), kpiDate));

    /// <summary>What a live reading gives now (every kept fact forgotten first), figure for figure.</summary>
    private async Task SameAsLiveAsync(string url, JsonElement served) => await api.ShouldAnswerAsLiveAsync(url, served);

    [Fact]
    public async Task A_calendar_or_policy_change_and_a_rebuilt_projection_forget_kept_facts()
    {
        var yesterday = Today.AddDays(-1);
        var first = ReadAt(await ReadAsync(SchoolUrl(yesterday, yesterday)));
        Later(1);
        ReadAt(await ReadAsync(SchoolUrl(yesterday, yesterday))).Should().Be(first);

        var policy = await api.Admin().PutJson($"/api/schools/{School}/policies/2026-27", GovernanceTestSupport.Policy(caseloadTarget: 40 + Today.Day % 5));
        policy.StatusCode.Should().BeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
        var afterPolicy = ReadAt(await ReadAsync(SchoolUrl(yesterday, yesterday)));
        afterPolicy.Should().Be(api.Clock.GetUtcNow(), "policies are not filtered by when they were recorded: a change means reading again");

        Later(1);
        await api.Services.GetRequiredService<ProjectionAdmin>().RebuildAsync("contact-kpi-years", CancellationToken.None);
        await api.CatchUpAsync();
        ReadAt(await ReadAsync(SchoolUrl(yesterday, yesterday))).Should().Be(api.Clock.GetUtcNow(), "a rebuilt projection may have corrected the facts");
    }

    [Fact]
    public async Task The_universitys_overview_shows_facts_up_to_five_minutes_old_and_says_when_they_were_read()
    {
        const string University = "/api/university/kpis";
        var readAt = api.Clock.GetUtcNow();
        var first = (await ReadAsync(University)).GetProperty("university");
        (ReadAt(first), Current(first)).Should().Be((readAt, true));

        Later(1);
        var agreeing = 50 + Today.Day;
        await SurveyAsync(300, agreeing);
        var overview = (await ReadAsync(University)).GetProperty("university");
        ReadAt(overview).Should().Be(readAt, "the overview may show facts read up to five minutes ago");
        Current(overview).Should().BeFalse("and says they may be behind");
        overview.GetProperty("kpis").ById()["percent-approval-contact"].Counts().Should().NotBe((agreeing, 300));
        var school = await ReadAsync(SchoolUrl());
        school.GetProperty("kpis").ById()["percent-approval-contact"].Counts().Should().Be((agreeing, 300), "a school's answer is exact");
        Current(school).Should().BeTrue();

        Later(5);
        var fresh = (await ReadAsync(University)).GetProperty("university");
        fresh.GetProperty("kpis").ById()["percent-approval-contact"].Counts().Should().Be((agreeing, 300));
        (await KeptAsync(Today, Today, Other))!.ReadAt.Should().Be(readAt,
            "nothing the other school's facts are read from has changed: they still serve, exactly (ADR 0098), and the answer says when they were read");
        ReadAt(fresh).Should().Be(readAt);
        Current(fresh).Should().BeTrue("the school with the survey was read again and the other's facts serve exactly: the answer is current");
    }

    [Fact]
    public async Task The_keeper_works_out_every_schools_facts_for_today_yesterday_and_five_earlier_days_as_known_then()
    {
        await api.Services.GetRequiredService<KpiFactsKeeping>().RefreshAsync(CancellationToken.None);

        var yesterday = await KeptAsync(Today.AddDays(-1), Today.AddDays(-1));
        (yesterday!.Closed, yesterday.CaughtUp).Should().Be((true, true));
        var today = await KeptAsync(Today, Today);
        (today!.Closed, today.ReadAt).Should().Be((false, api.Clock.GetUtcNow()));
        foreach (var back in Enumerable.Range(2, 5))
            (await KeptAsync(Today.AddDays(-back), Today.AddDays(-back)))!.Closed.Should().BeTrue("the keeper walks back over five earlier days a run");

        Later(1);
        await api.Services.GetRequiredService<KpiFactsKeeping>().RefreshAsync(CancellationToken.None);
        (await KeptAsync(Today, Today))!.ReadAt.Should().Be(today.ReadAt, "nothing was appended: the kept facts still serve exactly");
        ReadAt(await ReadAsync(SchoolUrl())).Should().Be(today.ReadAt, "the school's answer today is the keeper's facts");
    }

    /// <summary>The walk works each school's days out from one read of its rows (docs/adr/0099): each day answers as its own reading does.</summary>
    [Fact]
    public async Task The_walks_days_read_at_once_answer_as_each_days_own_reading_does()
    {
        await ForgetAllAsync();
        await api.Services.GetRequiredService<KpiFactsKeeping>().RefreshAsync(CancellationToken.None);
        var walked = api.Clock.GetUtcNow();
        Later(1);
        var days = Enumerable.Range(2, 5).Select(back => Today.AddDays(-back)).ToList();
        var served = new List<JsonElement>();
        foreach (var day in days) served.Add(await ReadAsync(SchoolUrl(day, day)));
        served.Select(ReadAt).Should().AllBeEquivalentTo(walked, "the walk kept the days");
        for (var i = 0; i < days.Count; i++) await SameAsLiveAsync(SchoolUrl(days[i], days[i]), served[i]);
    }

    /// <summary>ADR 0097 and 0100: the keeper keeps each earlier year's last day as known today, with the operational figures.</summary>
    [Fact]
    public async Task The_keepers_facts_of_the_trends_earlier_years_serve_the_universitys_trends_and_the_years_own_answer()
    {
        await api.Services.GetRequiredService<KpiFactsKeeping>().RefreshAsync(CancellationToken.None);
        var lastYear = new AcademicYear(AcademicYear.Containing(Today).StartYear - 1);
        var kept = await KeptAsync(lastYear.DefaultEnd, Today, School);
        (kept!.KpisOnly, kept.ReadAt).Should().Be((false, api.Clock.GetUtcNow()), "the keeper keeps last year's facts at its last day, as known today, in full");
        (await KeptAsync(lastYear.DefaultEnd, Today, Other)).Should().NotBeNull("every school's");

        Later(1);
        var url = $"/api/schools/{School}/kpis?academicYear={lastYear}";
        var answer = await ReadAsync(url);
        ReadAt(answer).Should().Be(kept.ReadAt, "how last year ended, as known today (the default question about it), is the keeper's facts");
        await SameAsLiveAsync(url, answer);
        await api.Services.GetRequiredService<KpiFactsKeeping>().RefreshAsync(CancellationToken.None);
        kept = await KeptAsync(lastYear.DefaultEnd, Today, School);

        Later(1);
        await SurveyAsync(500, 200 + Today.Day);
        var trends = await ReadAsync("/api/university/kpis/trends");
        (await KeptAsync(lastYear.DefaultEnd, Today, School))!.ReadAt.Should().Be(kept!.ReadAt,
            "while events arrive, the university's trends show the keeper's facts, up to five minutes old");
        ReadAt(trends).Should().Be(kept.ReadAt, "and say when they were read");
        Current(trends).Should().BeFalse("this year's figures are the keeper's, which may be behind the survey");
        ReadAt(await ReadAsync($"/api/schools/{School}/kpis/trends")).Should().Be(api.Clock.GetUtcNow(), "a school's trends are exact");
        Later(5);
        await ReadAsync("/api/university/kpis/trends");
        (await KeptAsync(lastYear.DefaultEnd, Today, School))!.ReadAt.Should().Be(kept.ReadAt,
            "this year's survey changes nothing last year's facts are read from: they still serve, exactly (ADR 0098)");
        (await KeptAsync(lastYear.DefaultEnd, Today, School, kpisOnly: true)).Should().BeNull("the keeper's full facts serve the trends' question too");
        await api.SeniorTutor().PutJson($"/api/schools/{School}/evaluation/{lastYear}/survey/contact-with-tutor", new { respondents = 600, agreeing = 300 + Today.Day })
            .ShouldBe(HttpStatusCode.OK);
        await api.CatchUpAsync();
        await ReadAsync("/api/university/kpis/trends");
        var corrected = await KeptAsync(lastYear.DefaultEnd, Today, School, kpisOnly: true);
        corrected!.ReadAt.Should().Be(api.Clock.GetUtcNow(), "a survey of last year changes what its facts are read from: they are worked out again at once");
        corrected.Facts.Survey.Should().Contain(new SurveyCount("contact-with-tutor", 600, 300 + Today.Day));
    }

    [Fact]
    public async Task A_restarted_keeper_passes_the_days_kept_for_good_and_walks_them_again_once_a_policy_change_forgets_them()
    {
        await ForgetAllAsync();
        await api.Services.GetRequiredService<KpiFactsKeeping>().RefreshAsync(CancellationToken.None);
        var kept = (await KeptAsync(Today.AddDays(-2), Today.AddDays(-2)))!.ReadAt;
        (await KeptAsync(Today.AddDays(-2), Today.AddDays(-2), Other))!.ReadAt.Should().Be(kept, "the walk keeps every school's days");
        (await ClosedDaysAsync()).Should().BeEquivalentTo(Enumerable.Range(1, 6).Select(back => Today.AddDays(-back)), "yesterday and the five days walked");

        Later(1);
        var restarted = ActivatorUtilities.CreateInstance<KpiFactsKeeping>(api.Services); // as after a restart: nothing in memory
        await restarted.RefreshAsync(CancellationToken.None);
        foreach (var back in Enumerable.Range(2, 5))
            (await KeptAsync(Today.AddDays(-back), Today.AddDays(-back)))!.ReadAt.Should().Be(kept, "a day kept for good is passed, not read again");
        foreach (var back in Enumerable.Range(7, 5))
            (await KeptAsync(Today.AddDays(-back), Today.AddDays(-back)))!.ReadAt.Should().Be(api.Clock.GetUtcNow(), "the walk goes on where the days kept end");

        var policy = await api.Admin().PutJson($"/api/schools/{School}/policies/2026-27", GovernanceTestSupport.Policy(caseloadTarget: 20 + Today.Day % 5));
        policy.StatusCode.Should().BeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
        await api.CatchUpAsync(); // the walk waits for the daemon to catch up
        (await ClosedDaysAsync()).Should().BeEmpty("every day was kept for the school under the policies before the change");
        Later(1);
        await restarted.RefreshAsync(CancellationToken.None);
        foreach (var back in Enumerable.Range(2, 10))
        {
            (await KeptAsync(Today.AddDays(-back), Today.AddDays(-back)))!.ReadAt.Should().Be(api.Clock.GetUtcNow(), "a policy change forgot them: walked again");
            (await KeptAsync(Today.AddDays(-back), Today.AddDays(-back), Other))!.ReadAt.Should().BeBefore(api.Clock.GetUtcNow(),
                "another school's policy changed: this school's days are kept still, and the run's work goes to the school that needs it");
        }
        (await ClosedDaysAsync()).Should().Contain(Enumerable.Range(1, 11).Select(back => Today.AddDays(-back)));
    }

    [Fact]
    public async Task A_schools_policy_change_has_the_university_work_out_that_school_again_and_serve_the_others_kept_facts()
    {
        var yesterday = Today.AddDays(-1);
        var university = $"/api/university/kpis?academicYear={Year}&asOf={yesterday:yyyy-MM-dd}&knownOn={yesterday:yyyy-MM-dd}";
        var first = ReadAt((await ReadAsync(university)).GetProperty("university"));
        (await KeptAsync(yesterday, yesterday, Other))!.ReadAt.Should().Be(first);

        Later(1);
        var policy = await api.Admin().PutJson($"/api/schools/{School}/policies/2026-27", GovernanceTestSupport.Policy(caseloadTarget: 30 + Today.Day % 5));
        policy.StatusCode.Should().BeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
        var answer = await ReadAsync(university);
        (await KeptAsync(yesterday, yesterday))!.ReadAt.Should().Be(api.Clock.GetUtcNow(), "the school whose policy changed is worked out again");
        (await KeptAsync(yesterday, yesterday, Other))!.ReadAt.Should().Be(first, "the other school's kept facts still serve");
        ReadAt(answer.GetProperty("university")).Should().Be(first, "the answer says when its earliest facts were read");

        await ForgetAllAsync();
        var live = await ReadAsync(university);
        ReadAt(live.GetProperty("university")).Should().Be(api.Clock.GetUtcNow());
        foreach (var part in new[] { "kpis", "operational", "cohorts" })
            live.GetProperty("university").GetProperty(part).GetRawText().Should().Be(answer.GetProperty("university").GetProperty(part).GetRawText(),
                "kept facts and facts worked out now together are what a live reading of every school gives");
        live.GetProperty("schools").GetRawText().Should().Be(answer.GetProperty("schools").GetRawText());

        // The university's calendars are followed by every school without one of its own: a change forgets every school's.
        Later(1);
        (await api.Admin().PutJson($"/api/academic-years/{2030 + Today.Day}-{(31 + Today.Day) % 100:00}/calendar", GovernanceTestSupport.Calendar(2030 + Today.Day)))
            .StatusCode.Should().BeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
        await ReadAsync(university);
        foreach (var school in new[] { School, Other })
            (await KeptAsync(yesterday, yesterday, school))!.ReadAt.Should().Be(api.Clock.GetUtcNow(), "the university's calendars changed");
    }

    /// <summary>
    /// ADR 0103: the keeper's first run of a day, and of a process, deletes the kept facts no rule can serve again (another
    /// basis, a configuration changed since, dated facts of an earlier known-on day that can no longer be closed) and keeps
    /// closed days, the latest facts and dated facts that may still be closed.
    /// </summary>
    [Fact]
    public async Task The_keepers_daily_prune_deletes_the_kept_facts_no_rule_can_serve_again_and_keeps_the_rest()
    {
        await ForgetAllAsync(); // only this test's keeper runs have walked
        var keeping = ActivatorUtilities.CreateInstance<KpiFactsKeeping>(api.Services);
        await keeping.RefreshAsync(CancellationToken.None);
        var day = Today;
        var lastYear = new AcademicYear(AcademicYear.Containing(day).StartYear - 1);
        var asked = day.AddDays(-20); // before the days the walk as known today has reached
        await ReadAsync(SchoolUrl(asked));
        (await KeptAsync(lastYear.DefaultEnd, day), await KeptAsync(asked, day), await LatestAsync(asked)).Should()
            .Match<(KeptKpiFacts?, KeptKpiFacts?, KeptKpiFacts?)>(k => k.Item1 != null && k.Item2 != null && k.Item3 != null,
                "the keeper kept last year's end as known today, and the date asked as known today is kept dated and as the latest");
        var closed = (await KeptAsync(day.AddDays(-1), day.AddDays(-1)))!;
        // Closed days of a year nobody asks about: one of another basis, one under an earlier configuration, one current.
        var (oldBasis, oldConfiguration, current) = (new DateOnly(2019, 7, 30), new DateOnly(2019, 7, 29), new DateOnly(2019, 7, 28));
        await PlantAsync(closed, oldBasis, k => k with { Basis = "2000-01-01.1" });
        await PlantAsync(closed, oldConfiguration, k => k with { Configuration = k.Configuration - 1 });
        await PlantAsync(closed, current, k => k);

        // The next day, nothing appended: the day's dated facts may still be closed when asked, so they stay.
        await api.ToADayOfItsOwnAsync();
        await keeping.RefreshAsync(CancellationToken.None);
        (await KeptAsync(oldBasis, oldBasis)).Should().BeNull("facts of another basis never serve again");
        (await KeptAsync(oldConfiguration, oldConfiguration)).Should().BeNull("facts under a configuration since changed never serve again");
        (await KeptAsync(current, current)).Should().NotBeNull("a closed day serves for as long as nothing forgets it, whatever its year");
        (await KeptAsync(lastYear.DefaultEnd, day)).Should().NotBeNull("nothing was appended since: as known on that day, they would be closed when asked");
        (await KeptAsync(asked, day)).Should().NotBeNull();

        // An event appended, and the next day: those dated facts can no longer be closed, and are deleted at its first run.
        await SurveyAsync(700, 300 + Today.Day);
        await PlantAsync(closed, oldBasis, k => k with { Basis = "2000-01-01.1" });
        await keeping.RefreshAsync(CancellationToken.None);
        (await KeptAsync(oldBasis, oldBasis)).Should().NotBeNull("the keeper prunes once a day");
        await api.ToADayOfItsOwnAsync();
        await keeping.RefreshAsync(CancellationToken.None);
        (await KeptAsync(oldBasis, oldBasis)).Should().BeNull("and again on the next day");
        (await KeptAsync(lastYear.DefaultEnd, day)).Should().BeNull("an earlier year's end as known on a day since passed, with events appended after its reading");
        (await KeptAsync(asked, day)).Should().BeNull("a date asked as known today, dated on the day it was asked");
        (await LatestAsync(asked)).Should().NotBeNull("the latest facts of the date asked serve later days while its marks hold");
        (await LatestAsync(lastYear.DefaultEnd)).Should().NotBeNull("the latest facts of last year's end serve the keeper's question each day");
        (await KeptAsync(day.AddDays(-1), day.AddDays(-1)))!.ReadAt.Should().Be(closed.ReadAt, "a closed day is kept");
        ReadAt(await ReadAsync(SchoolUrl(day.AddDays(-1), day.AddDays(-1)))).Should().Be(closed.ReadAt, "and still serves");
        foreach (var walked in new[] { day, day.AddDays(1) })
            (await KeptAsync(walked, walked))!.Closed.Should().BeTrue("each day's facts as known then were kept closed once the day ended");

        await PlantAsync(closed, oldBasis, k => k with { Basis = "2000-01-01.1" });
        await ActivatorUtilities.CreateInstance<KpiFactsKeeping>(api.Services).RefreshAsync(CancellationToken.None);
        (await KeptAsync(oldBasis, oldBasis)).Should().BeNull("a new process prunes at its first run: a new basis comes with a deployment");
        await ForgetAllAsync(); // the runs walked this year's days as known today far back: another test's first question would find them
    }

    /// <summary>Stores a copy of <paramref name="kept"/> as the facts of <paramref name="kpiDate"/> as known then, changed by <paramref name="change"/>.</summary>
    private async Task PlantAsync(KeptKpiFacts kept, DateOnly kpiDate, Func<KeptKpiFacts, KeptKpiFacts> change)
    {
        var year = AcademicYear.Containing(kpiDate).ToString();
        await using var session = api.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        session.Store(change(kept with { Id = KeptKpiFacts.IdFor(School, year, kpiDate, kpiDate), AcademicYear = year, KpiDate = kpiDate, KnownOn = kpiDate }));
        await session.SaveChangesAsync();
    }
}
