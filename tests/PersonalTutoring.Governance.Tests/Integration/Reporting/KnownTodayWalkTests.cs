using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.Reporting.Kpis;

namespace PersonalTutoring.Governance.Tests.Integration.Reporting;

/// <summary>
/// A keeper run walks this year's days so far (the tests ask in September 2026: six weeks) and a whole earlier year of every
/// school as known today, and a month of the year before.
/// </summary>
public sealed class KnownTodayWalkApi : TutoringApiFactory
{
    protected override bool UseManualClock => true;

    protected override string KpiFactsKnownTodayDaysPerRun => "450";
}

/// <summary>
/// ADR 0101: the keeper walks every day of the earlier years a trend shows as known today, the API's default question about
/// a past date, and keeps each day's facts with the school's marks of the year; they answer as a live reading does, while
/// this year's events arrive; a late entry about that year has its days read again on request and walked again by the next
/// run. The year is <see cref="KpiScenario"/>'s 2025-26, with a calendar, contacts (one recorded late) and a meeting; the
/// tests ask in 2026-27, each on a day of its own.
/// ADR 0102: this year's days before today are walked too, each kept with the school's marks of the day, which a contact
/// of today does not move and a late entry moves from its date on.
/// </summary>
public sealed class KnownTodayWalkTests(KnownTodayWalkApi api) : IClassFixture<KnownTodayWalkApi>, IAsyncLifetime
{
    private const string School = KpiScenario.School;
    private static readonly AcademicYear Year = new(2025);

    private static readonly DateOnly[] Days =
        [new(2025, 10, 1), new(2025, 11, 25), new(2025, 12, 1), new(2026, 2, 10), new(2026, 3, 15), new(2026, 7, 31)];

    public async Task InitializeAsync()
    {
        if (await api.Admin().GetAsync($"/api/schools/{School}") is not { StatusCode: HttpStatusCode.OK })
        {
            await api.GivenTheSchoolAsync(api.Clock);
            await api.Admin().PutJson($"/api/academic-years/{Year}/calendar", GovernanceTestSupport.Calendar(2025)).ShouldBe(HttpStatusCode.Created);
            var (t1, t2) = (api.ClientFor(Roles.Tutor, "K-T1", School), api.ClientFor(Roles.Tutor, "K-T2", School));
            await ContactAsync(t1, "KS1", KpiScenario.At(2025, 10, 6), "TutorInitiated");
            await ContactAsync(t2, "KS3", KpiScenario.At(2025, 11, 3), "TuteeInitiated");
            // A tutee's message recorded a fortnight after it came: as known today it is due on the days between.
            await ContactAsync(t2, "KS4", KpiScenario.At(2025, 11, 21), "TuteeInitiated", recordedAt: KpiScenario.At(2025, 12, 5));
            api.Clock.Set(KpiScenario.At(2026, 2, 2));
            await t1.PostJson("/api/tutors/K-T1/meetings", new
            {
                startsAt = KpiScenario.At(2026, 2, 9), lengthMinutes = 30, format = "InPerson", purpose = "Regular", room = "Room 1.01", inviteeIds = new[] { "KS1" },
            }).ShouldBe(HttpStatusCode.Created);
            api.Clock.Set(KpiScenario.At(2026, 9, 10));
        }
        await api.ToADayOfItsOwnAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private DateOnly Today => api.Today();

    private static string SchoolUrl(DateOnly asOf) => $"/api/schools/{School}/kpis?academicYear={Year}&asOf={asOf:yyyy-MM-dd}";

    private Task<JsonElement> ReadAsync(string url) => api.ReadKpisAsync(url);

    private static DateTimeOffset ReadAt(JsonElement answer) => answer.FactsReadAt();

    private Task WalkAsync() => api.Services.GetRequiredService<KpiFactsKeeping>().RefreshAsync(CancellationToken.None);

    /// <summary>A minute later, a keeper run; when it ran.</summary>
    private async Task<DateTimeOffset> WalkLaterAsync()
    {
        Later(1);
        var at = api.Clock.GetUtcNow();
        await WalkAsync();
        return at;
    }

    /// <summary>The answer read again at <paramref name="at"/> (the kept facts no longer serve), its figures moved since <paramref name="earlier"/>.</summary>
    private async Task<JsonElement> ReadAgainAsync(string url, DateTimeOffset at, JsonElement earlier, string because)
    {
        var answer = await ReadAsync(url);
        ReadAt(answer).Should().Be(at, $"{because}: the kept facts no longer serve, the day is read again");
        answer.GetProperty("operational").GetRawText().Should().NotBe(earlier.GetProperty("operational").GetRawText(), $"{because} counts as known today");
        return answer;
    }

    private void Later(int minutes) => api.Later(minutes);

    private Task<KeptKpiFacts?> KeptAsync(string id) => api.KeptFactsAsync(id);

    private Task ForgetAllAsync() => api.ForgetKeptFactsAsync();

    private async Task SameAsLiveAsync(string url, JsonElement served, string because) =>
        ReadAt(await api.ShouldAnswerAsLiveAsync(url, served, $"({because})")).Should().Be(api.Clock.GetUtcNow(), "nothing is kept: the answer is read now");

    private async Task ContactAsync(HttpClient tutor, string student, DateTimeOffset at, string direction, DateTimeOffset? recordedAt = null)
    {
        api.Clock.Set(recordedAt ?? at);
        await tutor.PostJson($"/api/students/{student}/contacts", new
        {
            kind = direction == "TuteeInitiated" ? "Email" : "IndividualMeeting", direction, occurredAt = at, enquiredAboutProgressAndWellbeing = true,
            tuteeResponded = direction == "TuteeInitiated" ? (bool?)null : true,
            lateReason = recordedAt is { } recorded && recorded - at > TimeSpan.FromDays(60) ? "Found in the tutor's notes at the year-end audit" : null,
        }).ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_walk_keeps_every_day_of_an_earlier_year_as_known_today_and_they_answer_as_live_readings_do()
    {
        await ForgetAllAsync();
        await WalkAsync();
        var walked = api.Clock.GetUtcNow();
        foreach (var day in Days)
        {
            var latest = await KeptAsync(KeptKpiFacts.LatestIdFor(School, Year.ToString(), day));
            (latest!.KnownOn, latest.ReadAt).Should().Be((Today, walked), $"the walk keeps {day} as known today");
            latest.Changes.Should().NotBeNull("with the school's marks of the year");
            if (day != Year.DefaultEnd)
                (await KeptAsync(KeptKpiFacts.IdFor(School, Year.ToString(), day, Today))).Should().BeNull("the walk keeps the latest facts only");
        }
        (await KeptAsync(KeptKpiFacts.LatestIdFor(School, "2024-25", new DateOnly(2025, 7, 15)))).Should().NotBeNull("the budget left goes on to the year before");

        // This year's events arrive: the facts serve by the school's marks of their year, not because nothing was appended.
        Later(1);
        await ContactAsync(api.ClientFor(Roles.Tutor, "K-T1", School), "KS1", api.Clock.GetUtcNow().AddMinutes(-30), "TutorInitiated");
        await api.CatchUpAsync();
        var served = new List<JsonElement>();
        foreach (var day in Days) served.Add(await ReadAsync(SchoolUrl(day)));
        served.Select(ReadAt).Should().AllBeEquivalentTo(walked, "every day of the year as known today is the walk's facts, whatever the day");
        var university = await ReadAsync($"/api/university/kpis?academicYear={Year}&asOf=2026-03-15");
        ReadAt(university.GetProperty("university")).Should().Be(walked, "so is every school's share of the university's answer");
        served[Array.IndexOf(Days, new DateOnly(2025, 11, 25))].GetProperty("operational").GetRawText()
            .Should().NotBe(served[Array.IndexOf(Days, new DateOnly(2025, 10, 1))].GetProperty("operational").GetRawText(), "the days differ");
        for (var i = 0; i < Days.Length; i++) await SameAsLiveAsync(SchoolUrl(Days[i]), served[i], $"{Days[i]} as known today");
    }

    [Fact]
    public async Task A_late_entry_about_an_earlier_year_has_its_days_read_again_and_walked_again_while_this_years_events_change_nothing()
    {
        await ForgetAllAsync();
        await WalkAsync();
        var walked = api.Clock.GetUtcNow();
        var (december, march) = (new DateOnly(2025, 12, 1), new DateOnly(2026, 3, 15));
        var before = await ReadAsync(SchoolUrl(december));
        ReadAt(before).Should().Be(walked);

        Later(1);
        await ContactAsync(api.ClientFor(Roles.Tutor, "K-T1", School), "KS1", api.Clock.GetUtcNow().AddMinutes(-30), "TutorInitiated");
        await api.CatchUpAsync();
        ReadAt(await ReadAsync(SchoolUrl(march))).Should().Be(walked, "a contact of this year changes nothing an earlier year's facts are read from");

        Later(1);
        var late = api.Clock.GetUtcNow();
        // The reply to KS4's message of 21 November, in time, recorded only now.
        await ContactAsync(api.ClientFor(Roles.Tutor, "K-T2", School), "KS4", KpiScenario.At(2025, 11, 24), "TutorInitiated", recordedAt: late);
        await api.CatchUpAsync();
        var after = await ReadAgainAsync(SchoolUrl(december), late, before, "a contact of that year recorded today");

        var rewalked = await WalkLaterAsync();
        (await KeptAsync(KeptKpiFacts.LatestIdFor(School, Year.ToString(), march)))!.ReadAt.Should().Be(rewalked, "the next run walks the year again: its marks moved");
        (await KeptAsync(KeptKpiFacts.LatestIdFor(School, Year.ToString(), december)))!.ReadAt.Should().Be(late,
            "a day whose facts were read again on request, with the new marks, is passed");
        Later(1);
        var walkedAgain = await ReadAsync(SchoolUrl(march));
        ReadAt(walkedAgain).Should().Be(rewalked);
        await SameAsLiveAsync(SchoolUrl(december), after, "after the late contact");
        await SameAsLiveAsync(SchoolUrl(march), walkedAgain, "walked again");
    }

    [Fact]
    public async Task This_years_days_are_walked_as_known_today_and_a_late_entry_has_only_the_days_from_its_date_on_read_again()
    {
        await ForgetAllAsync();
        var thisYear = AcademicYear.Containing(Today);
        string Url(DateOnly asOf) => $"/api/schools/{School}/kpis?academicYear={thisYear}&asOf={asOf:yyyy-MM-dd}";
        var (early, before, after) = (thisYear.DefaultStart.AddDays(3), Today.AddDays(-9), Today.AddDays(-1));
        await WalkAsync();
        var walked = api.Clock.GetUtcNow();
        foreach (var day in new[] { thisYear.DefaultStart, early, before, after })
        {
            var latest = await KeptAsync(KeptKpiFacts.LatestIdFor(School, thisYear.ToString(), day));
            (latest!.KnownOn, latest.ReadAt).Should().Be((Today, walked), $"the walk keeps {day} of this year as known today");
            latest.Changes.Should().NotBeNull("with the school's marks of the day");
        }

        // A contact of today: no day before today counts it, so none of their marks moves.
        Later(1);
        var t1 = api.ClientFor(Roles.Tutor, "K-T1", School);
        await ContactAsync(t1, "KS1", api.Clock.GetUtcNow().AddMinutes(-30), "TutorInitiated", recordedAt: api.Clock.GetUtcNow());
        await api.CatchUpAsync();
        var served = await ReadAsync(Url(after));
        ReadAt(served).Should().Be(walked, "a contact of today changes nothing a past day's facts are read from");
        await SameAsLiveAsync(Url(after), served, "this year's day as known today");

        // Walked again (the live reading forgot every kept fact). A message that came eight days ago, recorded only now (due
        // by yesterday): the days from then on are read again, the earlier ones serve.
        Later(1);
        walked = api.Clock.GetUtcNow();
        await WalkAsync();
        Later(1);
        var late = api.Clock.GetUtcNow();
        await ContactAsync(api.ClientFor(Roles.Tutor, "K-T2", School), "KS3", late.AddDays(-8), "TuteeInitiated", recordedAt: late);
        await api.CatchUpAsync();
        ReadAt(await ReadAsync(Url(before))).Should().Be(walked, "a late entry dated after the day changes nothing it is read from");
        await ReadAgainAsync(Url(after), late, served, "a late entry dated before the day");

        var rewalked = await WalkLaterAsync();
        (await KeptAsync(KeptKpiFacts.LatestIdFor(School, thisYear.ToString(), Today.AddDays(-2))))!.ReadAt.Should().Be(rewalked,
            "the next run walks again the days from the late entry's on");
        (await KeptAsync(KeptKpiFacts.LatestIdFor(School, thisYear.ToString(), before)))!.ReadAt.Should().Be(walked, "and leaves the earlier ones");
        (await KeptAsync(KeptKpiFacts.LatestIdFor(School, thisYear.ToString(), after)))!.ReadAt.Should().Be(late,
            "a day read again on request, with the new marks, is passed");
        await SameAsLiveAsync(Url(before), await ReadAsync(Url(before)), "an earlier day, walked before the late entry");
    }
}
