using Marten;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Allocation.ChangeRequests;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.ReadModels.Figures;
using PersonalTutoring.Allocation.Students;
using PersonalTutoring.Allocation.Tests.Support;
using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.DataProtection.Contracts;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>
/// docs/adr/0089: the KPI figures read from the students of the year (<see cref="KpiStudent"/>, by index) equal the
/// former figures over every student fact ever (<see cref="FormerAllocationFigures"/>, kept as the oracle), for KPI dates
/// across three academic years as known on the day, later, today and before the year began; for students who leave or
/// join mid-year, whose allocation end is recorded after the year's start, allocated in the previous year's carry-over,
/// who move school, and after a rebuild. The year's histories are the student views' histories (without names) of every
/// student who can count in the year or left in the year before, and leave out the school's earlier leavers. The one read
/// for both (<see cref="IAllocationFigures.YearAsync"/>, a school's or every school's) gives the figures' own read's rows and
/// each school's year histories, once each, for every question.
/// </summary>
public sealed class AllocationKpiYearsTests(ClockedAllocationApi api) : IClassFixture<ClockedAllocationApi>
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    private static DateTimeOffset At(int year, int month, int day, int minute = 0) => new(year, month, day, 10, minute, 0, TimeSpan.Zero);

    private static StudentRecord Record(string id, string school, StudentStatus status, DateOnly registeredOn, CohortLevel level = CohortLevel.UG, int year = 1,
        bool visiting = false) =>
        StudentRecord.Of(id, "Ada", "Lovelace", $"{id}@students.test", school, "P1", level, year, registeredOn, status, false, visiting);

    private static TutorAllocated Allocated(string id, string school, string tutor, DateOnly on, DateTimeOffset at, AllocationKind kind = AllocationKind.Allocation) =>
        new(id, school, tutor, null, on, 1, kind, "Initial allocation", null, at);

    private static AllocationEnded Ended(string id, string school, string tutor, DateOnly on, DateTimeOffset at) => new(id, school, tutor, on, "Left", at);

    private async Task GivenTheSchoolsAsync()
    {
        api.Policies.DeadlineDays = 7;
        api.Clock.Set(At(2026, 12, 1));
        var store = api.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.LightweightSession();
        if (await session.Events.FetchStreamStateAsync(Student.StreamId("ky-grad")) is not null) return; // the class's other test wrote them
        var d = (int y, int m, int day) => new DateOnly(y, m, day);
        var students = new Dictionary<string, object[]>
        {
            // Graduates at the end of 2025-26: counted that year, not after.
            ["ky-grad"] = [new StudentRegistered("ky-grad", Record("ky-grad", "KY1", StudentStatus.Studying, d(2024, 9, 20)), At(2024, 9, 20)),
                Allocated("ky-grad", "KY1", "ky-t1", d(2024, 9, 21), At(2024, 9, 21)),
                new StudentRecordChanged("ky-grad", Record("ky-grad", "KY1", StudentStatus.Studying, d(2024, 9, 20), year: 2), At(2025, 9, 1)),
                new StudentRecordChanged("ky-grad", Record("ky-grad", "KY1", StudentStatus.Graduated, d(2024, 9, 20), year: 2), At(2026, 7, 1)),
                Ended("ky-grad", "KY1", "ky-t1", d(2026, 7, 1), At(2026, 7, 1, 1))],
            // Withdrew in 2024-25: the school's earlier leaver.
            ["ky-early"] = [new StudentRegistered("ky-early", Record("ky-early", "KY1", StudentStatus.Studying, d(2024, 9, 20)), At(2024, 9, 20)),
                Allocated("ky-early", "KY1", "ky-t1", d(2024, 9, 22), At(2024, 9, 22)),
                new StudentRecordChanged("ky-early", Record("ky-early", "KY1", StudentStatus.Withdrawn, d(2024, 9, 20)), At(2025, 3, 1)),
                Ended("ky-early", "KY1", "ky-t1", d(2025, 3, 1), At(2025, 3, 1, 1))],
            // Allocated late; the end, effective 30 June 2025, recorded in October 2025: open as known before then.
            ["ky-backdated"] = [new StudentRegistered("ky-backdated", Record("ky-backdated", "KY1", StudentStatus.Studying, d(2024, 9, 20)), At(2024, 9, 20)),
                Allocated("ky-backdated", "KY1", "ky-t2", d(2024, 9, 25), At(2024, 10, 10)),
                new StudentRecordChanged("ky-backdated", Record("ky-backdated", "KY1", StudentStatus.Withdrawn, d(2024, 9, 20)), At(2025, 10, 15)),
                Ended("ky-backdated", "KY1", "ky-t2", d(2025, 6, 30), At(2025, 10, 15, 1))],
            // Withdrew in June 2025, the allocation's end recorded in September: a tutee of 2025-26 as known in August.
            ["ky-lateend"] = [new StudentRegistered("ky-lateend", Record("ky-lateend", "KY1", StudentStatus.Studying, d(2024, 9, 20)), At(2024, 9, 20)),
                Allocated("ky-lateend", "KY1", "ky-t1", d(2024, 9, 21), At(2024, 9, 21)),
                new StudentRecordChanged("ky-lateend", Record("ky-lateend", "KY1", StudentStatus.Withdrawn, d(2024, 9, 20)), At(2025, 6, 20)),
                Ended("ky-lateend", "KY1", "ky-t1", d(2025, 6, 20), At(2025, 9, 10))],
            // Joins mid-year, allocated late.
            ["ky-joins"] = [new StudentRegistered("ky-joins", Record("ky-joins", "KY1", StudentStatus.Studying, d(2026, 1, 10)), At(2026, 1, 10)),
                Allocated("ky-joins", "KY1", "ky-t2", d(2026, 1, 20), At(2026, 1, 20))],
            // Leaves mid-year (PGT).
            ["ky-leaves"] = [new StudentRegistered("ky-leaves", Record("ky-leaves", "KY1", StudentStatus.Studying, d(2024, 9, 20), CohortLevel.PGT), At(2024, 9, 20)),
                Allocated("ky-leaves", "KY1", "ky-t3", d(2024, 9, 23), At(2024, 9, 23)),
                new StudentRecordChanged("ky-leaves", Record("ky-leaves", "KY1", StudentStatus.Withdrawn, d(2024, 9, 20), CohortLevel.PGT), At(2026, 2, 1)),
                Ended("ky-leaves", "KY1", "ky-t3", d(2026, 2, 1), At(2026, 2, 1, 1))],
            // The previous year's carry-over: registered in July 2025, allocated in August, backdated into July.
            ["ky-carry"] = [new StudentRegistered("ky-carry", Record("ky-carry", "KY1", StudentStatus.Studying, d(2025, 7, 20)), At(2025, 7, 20)),
                Allocated("ky-carry", "KY1", "ky-t1", d(2025, 7, 25), At(2025, 8, 5))],
            // Asks for a change of tutor in November 2025 and gets one.
            ["ky-change"] = [new StudentRegistered("ky-change", Record("ky-change", "KY1", StudentStatus.Studying, d(2025, 9, 22)), At(2025, 9, 22)),
                Allocated("ky-change", "KY1", "ky-t1", d(2025, 9, 24), At(2025, 9, 24)),
                Allocated("ky-change", "KY1", "ky-t2", d(2025, 11, 20), At(2025, 11, 18), AllocationKind.ChangeRequest)],
            // Registered at the end of July 2026: pending at the year's end, the deadline in the next year.
            ["ky-pending"] = [new StudentRegistered("ky-pending", Record("ky-pending", "KY1", StudentStatus.Studying, d(2026, 7, 28)), At(2026, 7, 28))],
            ["ky-visiting"] = [new StudentRegistered("ky-visiting", Record("ky-visiting", "KY1", StudentStatus.Studying, d(2025, 9, 22), visiting: true), At(2025, 9, 22)),
                Allocated("ky-visiting", "KY1", "ky-t3", d(2025, 10, 1), At(2025, 10, 1))],
            // Moves from KY1 to KY2 in January 2026.
            ["ky-moves"] = [new StudentRegistered("ky-moves", Record("ky-moves", "KY1", StudentStatus.Studying, d(2024, 9, 20)), At(2024, 9, 20)),
                Allocated("ky-moves", "KY1", "ky-t1", d(2024, 9, 21), At(2024, 9, 21)),
                new StudentRecordChanged("ky-moves", Record("ky-moves", "KY2", StudentStatus.Studying, d(2024, 9, 20)), At(2026, 1, 5)),
                Ended("ky-moves", "KY1", "ky-t1", d(2026, 1, 5), At(2026, 1, 5, 1)),
                Allocated("ky-moves", "KY2", "ky-t4", d(2026, 1, 6), At(2026, 1, 6))],
            // Never allocated, graduated in July 2025.
            ["ky-never"] = [new StudentRegistered("ky-never", Record("ky-never", "KY1", StudentStatus.Studying, d(2024, 9, 20)), At(2024, 9, 20)),
                new StudentRecordChanged("ky-never", Record("ky-never", "KY1", StudentStatus.Graduated, d(2024, 9, 20)), At(2025, 7, 1))],
            // Each year's record carries that year's registration date (as the bench's registry sends it).
            ["ky-yearly"] = [new StudentRegistered("ky-yearly", Record("ky-yearly", "KY1", StudentStatus.Studying, d(2024, 9, 23)), At(2024, 9, 1)),
                Allocated("ky-yearly", "KY1", "ky-t2", d(2024, 9, 1), At(2024, 9, 1, 1)),
                new StudentRecordChanged("ky-yearly", Record("ky-yearly", "KY1", StudentStatus.Studying, d(2025, 9, 23), year: 2), At(2025, 9, 15)),
                new StudentRecordChanged("ky-yearly", Record("ky-yearly", "KY1", StudentStatus.Studying, d(2026, 9, 23), year: 3), At(2026, 9, 15))],
            // Allocated and ended the same day: a period that never started.
            ["ky-sameday"] = [new StudentRegistered("ky-sameday", Record("ky-sameday", "KY1", StudentStatus.Studying, d(2025, 9, 1)), At(2025, 9, 1)),
                Allocated("ky-sameday", "KY1", "ky-t1", d(2025, 9, 2), At(2025, 9, 2)),
                new StudentRecordChanged("ky-sameday", Record("ky-sameday", "KY1", StudentStatus.Withdrawn, d(2025, 9, 1)), At(2025, 9, 2, 1)),
                Ended("ky-sameday", "KY1", "ky-t1", d(2025, 9, 2), At(2025, 9, 2, 2))],
            // This year's intake.
            ["ky-new"] = [new StudentRegistered("ky-new", Record("ky-new", "KY1", StudentStatus.Studying, d(2026, 9, 21)), At(2026, 9, 21)),
                Allocated("ky-new", "KY1", "ky-t3", d(2026, 9, 23), At(2026, 9, 23))],
        };
        foreach (var (id, events) in students) session.Events.StartStream(Student.StreamId(id), events);
        session.Events.StartStream(ChangeRequest.StreamId("ky-q1"),
            new TutorChangeRequested("ky-q1", "ky-change", "KY1", "ky-t1", PersonalText.Of("ky-change", SubjectRecordKinds.ChangeRequest, "Clash"), "ky-change", At(2025, 11, 5)));
        await session.SaveChangesAsync();
        await api.CatchUpAsync();
    }

    /// <summary>KPI dates of each year (its first day, autumn, January, March, its last day) and known-on dates for them.</summary>
    private static IEnumerable<(AcademicYear Year, DateOnly On, DateOnly KnownOn)> Questions()
    {
        foreach (var start in new[] { 2024, 2025, 2026 })
        {
            var year = new AcademicYear(start);
            DateOnly[] dates = [year.DefaultStart, new(start, 10, 1), new(start + 1, 1, 15), new(start + 1, 3, 15), year.DefaultEnd];
            foreach (var on in dates.Where(o => o <= Today).Append(new DateOnly(start, 7, 1)))
                foreach (var knownOn in new[] { on, on.AddDays(90), Today, year.DefaultStart, year.DefaultStart.AddDays(-40) })
                    yield return (year, on, knownOn);
        }
    }

    [Fact]
    public async Task The_years_students_give_the_former_figures_across_three_years_as_known_then_later_and_before_and_after_a_rebuild()
    {
        await GivenTheSchoolsAsync();
        var figures = api.Services.GetRequiredService<IAllocationFigures>();
        var queries = api.Services.GetRequiredService<IAllocationQueries>();
        var former = new FormerAllocationFigures(api.Services.GetRequiredService<IDocumentStore>(), api.Policies);

        async Task SameFiguresAsync(string because)
        {
            var compared = 0;
            foreach (var school in new[] { "KY1", "KY2", null })
                foreach (var (year, on, knownOn) in Questions())
                {
                    var now = await figures.YearFiguresAsync(school, year, on, knownOn, CancellationToken.None);
                    var then = await former.YearFiguresAsync(school, year, on, knownOn, CancellationToken.None);
                    var question = $"{school ?? "every school"}, {year} on {on} as known on {knownOn} ({because})";
                    if (AllocationFigures.InYear(year, on, knownOn)) Counted(now).Should().Equal(Counted(then), question);
                    else Rows(now).Should().Equal(Rows(then), question + ": every student read, every row the same");
                    // One read for the figures and Contact's histories: the same rows as each read alone.
                    var histories = new Dictionary<string, IReadOnlyList<StudentHistory>>(); // Add: each school once
                    var one = await figures.YearAsync(school, year, on, knownOn, (each, h, _) => Task.Run(() => histories.Add(each, h)), CancellationToken.None);
                    Rows(one).Should().Equal(Rows(now), question + ": the figures of the one read");
                    foreach (var each in school is null ? ["KY1", "KY2"] : new[] { school })
                        Lines(histories.GetValueOrDefault(each, [])).Should().Equal(Lines(await queries.YearHistoriesInSchoolAsync(each, year, CancellationToken.None)),
                            $"{question}: {each}'s histories of the one read");
                    if (school is not null) histories.Keys.Should().Equal([school], question + ": the school asked for is handed its histories, even none");
                    compared++;
                }
            compared.Should().BeGreaterThan(150);
        }

        await SameFiguresAsync("incrementally");
        // Not vacuous: the year's students are fewer than the school's, and the figures count something.
        var y2025 = await figures.YearFiguresAsync("KY1", new AcademicYear(2025), new DateOnly(2026, 3, 15), Today, CancellationToken.None);
        Counted(y2025).Should().NotBeEmpty();
        y2025.Sum(r => r.Tutees).Should().BeGreaterThan(4);
        await using (var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession())
        {
            var ids = (await AllocationFigures.StudentsAsync(session, "KY1", 2026, 2026, CancellationToken.None)).Select(s => s.StudentId).ToList();
            ids.Should().NotContain(["ky-early", "ky-never", "ky-grad", "ky-sameday", "ky-backdated"], "they left before 2026-27")
                .And.Contain(["ky-new", "ky-yearly", "ky-carry", "ky-pending"]);
        }

        await api.Services.GetRequiredService<ProjectionAdmin>().RebuildAsync("allocation-kpi-students", CancellationToken.None);
        await api.CatchUpAsync();
        await SameFiguresAsync("after a rebuild");
    }

    [Fact]
    public async Task The_years_histories_are_the_student_views_histories_of_every_student_who_can_count_in_the_year()
    {
        await GivenTheSchoolsAsync();
        var queries = api.Services.GetRequiredService<IAllocationQueries>();
        var all = (await queries.HistoriesInSchoolAsync("KY1", CancellationToken.None)).ToDictionary(h => h.Student.StudentId);
        foreach (var start in new[] { 2024, 2025, 2026 })
        {
            var year = new AcademicYear(start);
            var histories = await queries.YearHistoriesInSchoolAsync("KY1", year, CancellationToken.None);
            foreach (var h in histories)
            {
                var view = all[h.Student.StudentId];
                h.Student.Should().Be(view.Student with { GivenName = "", FamilyName = "", Email = "" });
                h.Statuses.Should().Equal(view.Statuses);
                h.Assignments.Should().Equal(view.Assignments);
            }
            // Every student with a tutor on a day of the year, or on the books on a day of it.
            var expected = all.Values.Where(h => h.Assignments.Any(a => a.From <= year.DefaultEnd && (a.To is null || a.To > year.DefaultStart))
                    || h.Statuses.Any(s => !s.Status.HasLeft() && s.From <= year.DefaultEnd && (s.To is null || s.To > year.DefaultStart)))
                .Select(h => h.Student.StudentId);
            histories.Select(h => h.Student.StudentId).Should().Contain(expected, $"they can count in {year}");
            // The year before's leavers are in (Contact's facts of a year begin in the year before's last weeks), earlier ones not.
            if (start == 2025) histories.Select(h => h.Student.StudentId).Should().Contain(["ky-early", "ky-never"], "they left in 2024-25");
            if (start == 2026) histories.Select(h => h.Student.StudentId).Should().NotContain(["ky-early", "ky-never"], "they left before 2025-26");
        }
    }

    /// <summary>Rows with any count, each in one line with its tutors sorted: the figures, whatever the order students were read in.</summary>
    private static List<string> Counted(IEnumerable<AllocationYearFigures> rows) =>
        Rows(rows.Where(r => r.TuteesPerTutor.Count > 0 || r.Intake + r.IntakePending + r.IntakeNotAllocatedInTime + r.Tutees + r.TuteesRequestingChange > 0));

    /// <summary>Each history in one line (its profile, statuses and tutor periods), by student: whatever the order read in.</summary>
    private static List<string> Lines(IEnumerable<StudentHistory> histories) =>
        [.. histories.OrderBy(h => h.Student.StudentId, StringComparer.Ordinal).Select(h => $"{h.Student}; {string.Join(", ", h.Statuses)}; {string.Join(", ", h.Assignments)}")];

    private static List<string> Rows(IEnumerable<AllocationYearFigures> rows) =>
    [
        .. rows.Select(r => $"{r.SchoolCode}/{r.Level}: tutors {string.Join(",", r.TuteesPerTutor.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"))}; "
            + $"intake {r.Intake}, pending {r.IntakePending}, late {r.IntakeNotAllocatedInTime}; tutees {r.Tutees}, requesting {r.TuteesRequestingChange}"),
    ];
}
