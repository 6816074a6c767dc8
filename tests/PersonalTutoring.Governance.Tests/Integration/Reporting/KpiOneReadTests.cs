using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Contact.Contracts;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.Tests.Integration.Reporting;

public sealed class KpiOneReadApi : TutoringApiFactory
{
    protected override bool UseManualClock => true;
}

/// <summary>
/// The KPI answer reads Allocation's rows once (<see cref="IAllocationFigures.YearAsync"/>, docs/adr/0091) for the
/// allocation figures and the histories of Contact's figures: it gives the figures and the Contact figures of the former
/// two reads (<see cref="IAllocationFigures.YearFiguresAsync"/>; <see cref="IContactFigures"/> asking Allocation itself),
/// for the school and from the university's read, mid-year as known then and later, before and after later changes and
/// backdated corrections (<see cref="KpiScenario"/> with a calendar and contacts); and Contact's figures read ahead for
/// the students Allocation names before its histories arrive (docs/adr/0095) are the same; so are the figures of many days
/// from one read (docs/adr/0099).
/// </summary>
public sealed class KpiOneReadTests(KpiOneReadApi api) : IClassFixture<KpiOneReadApi>
{
    private static readonly AcademicYear Year = new(2025);

    private static bool given;

    /// <summary>The scenario both tests read, written once for the class's host (one per run; its tests run one after another).</summary>
    private async Task GivenTheScenarioAsync()
    {
        if (given) return;
        given = true;
        await api.GivenTheSchoolAsync(api.Clock);
        await api.Admin().PutJson("/api/academic-years/2025-26/calendar", Calendar).ShouldBe(HttpStatusCode.Created);
        var (t1, t2) = (api.ClientFor(Roles.Tutor, "K-T1"), api.ClientFor(Roles.Tutor, "K-T2"));
        await ContactAsync(t1, "KS1", KpiScenario.At(2025, 10, 1), "TutorInitiated", enquired: true);
        await ContactAsync(t1, "KS2", KpiScenario.At(2025, 10, 6), "TutorInitiated");
        // A tutee's message answered the next day, and one answered a fortnight later.
        await ContactAsync(t2, "KS3", KpiScenario.At(2025, 11, 3), "TuteeInitiated");
        await ContactAsync(t2, "KS3", KpiScenario.At(2025, 11, 4), "TutorInitiated");
        await ContactAsync(t2, "KS4", KpiScenario.At(2025, 11, 5), "TuteeInitiated");
        await ContactAsync(t2, "KS4", KpiScenario.At(2025, 11, 19), "TutorInitiated");
        api.Clock.Set(KpiScenario.At(2025, 11, 20));
        await t1.PostJson("/api/students/KS1/referrals", new { service = "Wellbeing", reason = "Exams", consentGiven = true }).ShouldBe(HttpStatusCode.Created);
        // A tutee's message recorded a fortnight after it came, never answered: the days between count its reply as due only
        // as known later.
        await ContactAsync(t1, "KS2", KpiScenario.At(2025, 11, 21), "TuteeInitiated", recordedAt: KpiScenario.At(2025, 12, 5));
        await api.ThenLaterChangesAsync(api.Clock);
        await api.ThenCorrectionsAsync(api.Clock);
        api.Clock.Set(KpiScenario.At(2026, 3, 20));
        await api.CatchUpAsync();
    }

    [Fact]
    public async Task One_read_of_Allocations_rows_gives_the_figures_and_Contact_figures_of_the_two_reads_for_the_school_and_the_university()
    {
        await GivenTheScenarioAsync();
        var figures = api.Services.GetRequiredService<IAllocationFigures>();
        var contact = api.Services.GetRequiredService<IContactFigures>();
        var first = new DateOnly(2025, 12, 1);
        (DateOnly On, DateOnly KnownOn)[] questions =
        [
            (first, first), (first, new(2025, 12, 11)), (first, new(2026, 3, 20)), (new(2025, 12, 10), new(2025, 12, 10)), (new(2026, 3, 15), new(2026, 3, 15)),
        ];
        foreach (var (on, knownOn) in questions)
        {
            var question = $"on {on} as known on {knownOn}";
            var school = await OneReadAsync(figures, KpiScenario.School, on, knownOn);
            var university = await OneReadAsync(figures, null, on, knownOn);
            school.Figures.Should().BeEquivalentTo(await figures.YearFiguresAsync(KpiScenario.School, Year, on, knownOn, CancellationToken.None),
                o => o.WithStrictOrdering(), question);
            university.Figures.Should().BeEquivalentTo(await figures.YearFiguresAsync(null, Year, on, knownOn, CancellationToken.None),
                o => o.WithStrictOrdering(), question);

            var twoReads = await contact.YearFiguresAsync(KpiScenario.School, Year, on, knownOn, CancellationToken.None);
            twoReads.SelectMany(f => f.Compliance).Sum(c => c.Tutees).Should().BeGreaterThan(0, "the compliance rules ran");
            twoReads.Sum(f => f.RepliesDue).Should().Be(knownOn >= new DateOnly(2025, 12, 5) ? 3 : 2, question);
            foreach (var (read, one) in new[] { ("the school's read", school), ("the university's read", university) })
                (await contact.YearFiguresAsync(KpiScenario.School, Year, on, knownOn, one.Histories[KpiScenario.School], CancellationToken.None))
                    .Should().BeEquivalentTo(twoReads, o => o.WithStrictOrdering(), $"{question}, the histories of {read}");

            // Contact reads ahead for the ids Allocation names first (docs/adr/0095): they hold every student handed over, and
            // the figures are the same read ahead for them, for only some of them (the rest read after) or with a stranger.
            var handed = school.Histories[KpiScenario.School];
            var ids = await figures.YearStudentIdsAsync(KpiScenario.School, Year, CancellationToken.None);
            handed.Should().NotBeEmpty();
            ids.Should().Contain(handed.Select(h => h.Student.StudentId), question);
            foreach (var (students, what) in new (IReadOnlyList<string>, string)[]
                     {
                         (ids, "the ids Allocation gave"), ([.. ids.Skip(ids.Count / 2), "KS-NOBODY"], "half of them and a stranger"), ([], "nobody"),
                     })
            {
                var histories = new TaskCompletionSource<IReadOnlyList<StudentHistory>>();
                var ahead = contact.YearFiguresAsync(KpiScenario.School, Year, on, knownOn, students, histories.Task, CancellationToken.None);
                histories.SetResult(handed);
                (await ahead).Should().BeEquivalentTo(twoReads, o => o.WithStrictOrdering(), $"{question}, read ahead for {what}");
            }
        }
    }

    /// <summary>
    /// The keeper's walk (docs/adr/0099) reads a school's rows once for many days, each as known then: each day's
    /// figures are those of its own read, in Allocation and in Contact, in the order the days are given, before, between and
    /// after the contacts, corrections and later changes, over term time and a break.
    /// </summary>
    [Fact]
    public async Task Days_read_at_once_give_each_days_own_figures_as_known_then_or_as_known_on_one_later_date()
    {
        await GivenTheScenarioAsync();
        var figures = api.Services.GetRequiredService<IAllocationFigures>();
        var contact = api.Services.GetRequiredService<IContactFigures>();
        DateOnly[] days = [new(2026, 3, 20), new(2025, 9, 1), new(2025, 10, 1), new(2025, 11, 4), new(2025, 11, 20), new(2025, 11, 28), new(2025, 12, 4),
            new(2025, 12, 5), new(2025, 12, 11), new(2025, 12, 24), new(2026, 1, 12), new(2026, 3, 15)];
        var backdated = new DateOnly(2025, 12, 4);
        (await contact.YearFiguresAsync(KpiScenario.School, Year, backdated, backdated, CancellationToken.None)).Should().NotBeEquivalentTo(
            await contact.YearFiguresAsync(KpiScenario.School, Year, backdated, backdated.AddDays(1), CancellationToken.None),
            "the message recorded late counts only as known after it was recorded: each day is read as known then");

        var (daily, histories) = await figures.DaysAsync(KpiScenario.School, Year, days, null, CancellationToken.None);
        var contactDaily = await contact.DaysFiguresAsync(KpiScenario.School, Year, days, null, histories, CancellationToken.None);

        daily.Should().HaveCount(days.Length);
        contactDaily.Should().HaveCount(days.Length);
        contactDaily.SelectMany(d => d).SelectMany(f => f.Compliance).Sum(c => c.Tutees).Should().BeGreaterThan(0, "the compliance rules ran");
        contactDaily.Select(d => d.Sum(f => f.RepliesDue)).Distinct().Should().HaveCountGreaterThan(1, "the days see different replies due");
        for (var i = 0; i < days.Length; i++)
        {
            var day = days[i];
            var one = await OneReadAsync(figures, KpiScenario.School, day, day);
            daily[i].Should().BeEquivalentTo(one.Figures, o => o.WithStrictOrdering(), $"Allocation on {day} as known then");
            histories.Should().BeEquivalentTo(one.Histories[KpiScenario.School], $"the histories are the year's, whatever the day ({day})");
            contactDaily[i].Should().BeEquivalentTo(await contact.YearFiguresAsync(KpiScenario.School, Year, day, day, CancellationToken.None),
                o => o.WithStrictOrdering(), $"Contact on {day} as known then");
        }

        // Every day as known on one later date (docs/adr/0101): the late message counts on the days before it was recorded too.
        var later = new DateOnly(2026, 3, 20);
        var (laterDaily, laterHistories) = await figures.DaysAsync(KpiScenario.School, Year, days, later, CancellationToken.None);
        var laterContact = await contact.DaysFiguresAsync(KpiScenario.School, Year, days, later, laterHistories, CancellationToken.None);
        laterContact[Array.IndexOf(days, backdated)].Sum(f => f.RepliesDue).Should().Be(3, "as known on 20 March, the message recorded late is due on 4 December");
        for (var i = 0; i < days.Length; i++)
        {
            var day = days[i];
            var one = await OneReadAsync(figures, KpiScenario.School, day, later);
            laterDaily[i].Should().BeEquivalentTo(one.Figures, o => o.WithStrictOrdering(), $"Allocation on {day} as known on {later}");
            laterContact[i].Should().BeEquivalentTo(await contact.YearFiguresAsync(KpiScenario.School, Year, day, later, CancellationToken.None),
                o => o.WithStrictOrdering(), $"Contact on {day} as known on {later}");
        }
        await figures.Invoking(f => f.DaysAsync(KpiScenario.School, Year, [new(2026, 8, 1)], null, CancellationToken.None))
            .Should().ThrowAsync<ArgumentOutOfRangeException>("a day of another year reads other rows");
        await figures.Invoking(f => f.DaysAsync(KpiScenario.School, Year, [new(2025, 9, 1)], new DateOnly(2025, 7, 31), CancellationToken.None))
            .Should().ThrowAsync<ArgumentOutOfRangeException>("a year known on a date before it began reads every student's rows");
        (await contact.DaysFiguresAsync(KpiScenario.School, Year, [], null, histories, CancellationToken.None)).Should().BeEmpty();
    }

    /// <summary>The one read's figures and the histories it handed over, by school.</summary>
    private static async Task<(IReadOnlyList<AllocationYearFigures> Figures, Dictionary<string, IReadOnlyList<StudentHistory>> Histories)> OneReadAsync(
        IAllocationFigures figures, string? school, DateOnly on, DateOnly knownOn)
    {
        var histories = new Dictionary<string, IReadOnlyList<StudentHistory>>(StringComparer.Ordinal);
        var result = await figures.YearAsync(school, Year, on, knownOn, (each, h, _) => Task.Run(() => histories.Add(each, h)), CancellationToken.None);
        return (result, histories);
    }

    /// <summary>A contact at <paramref name="at"/>, recorded then or, backdated, at <paramref name="recordedAt"/>.</summary>
    private async Task ContactAsync(HttpClient tutor, string student, DateTimeOffset at, string direction, bool enquired = false, DateTimeOffset? recordedAt = null)
    {
        api.Clock.Set(recordedAt ?? at);
        await tutor.PostJson($"/api/students/{student}/contacts", new
        {
            kind = direction == "TuteeInitiated" ? "Email" : "IndividualMeeting", direction, occurredAt = at, enquiredAboutProgressAndWellbeing = enquired,
            tuteeResponded = direction == "TuteeInitiated" ? (bool?)null : true,
        }).ShouldBe(HttpStatusCode.Created);
    }

    private static readonly object Calendar = new
    {
        terms = new[]
        {
            new { name = "Autumn", start = "2025-09-29", end = "2025-12-12" },
            new { name = "Spring", start = "2026-01-12", end = "2026-03-27" },
            new { name = "Summer", start = "2026-04-20", end = "2026-06-12" },
        },
        semesters = new[] { new { number = 1, start = "2025-09-22", end = "2026-01-23" }, new { number = 2, start = "2026-01-26", end = "2026-06-12" } },
        welcome = new { start = "2025-09-22", end = "2025-10-03" },
        closureDays = new[] { "2025-12-24", "2025-12-25", "2026-01-01" },
    };
}
