using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.Contracts;

/// <summary>
/// One school's and cohort level's allocation figures for an academic year, on a date as the system knew them at the end of
/// another (GO-6 management KPIs, AL-4, AL-6). Counts only: no student is named. <see cref="TuteesPerTutor"/>
/// is keyed by tutor staff id so figures of several levels add up to a school's and a tutor sees their own.
/// </summary>
public sealed record AllocationYearFigures(
    string SchoolCode,
    CohortLevel Level,
    IReadOnlyDictionary<string, int> TuteesPerTutor,
    int Intake,
    int IntakePending,
    int IntakeNotAllocatedInTime,
    int Tutees,
    int TuteesRequestingChange);

/// <summary>What Allocation tells the Governance KPI report (issue 14), from its time-stamped allocation facts.</summary>
public interface IAllocationFigures
{
    /// <summary>
    /// Figures per school and cohort level for <paramref name="year"/> on the date <paramref name="on"/> (within the year),
    /// counting only facts recorded by the end of <paramref name="knownOn"/> (UK dates; docs/adr/0041's two questions).
    /// Null school: every school.
    /// </summary>
    Task<IReadOnlyList<AllocationYearFigures>> YearFiguresAsync(string? schoolCode, AcademicYear year, DateOnly on, DateOnly knownOn, CancellationToken ct);

    /// <summary>
    /// The figures of <see cref="YearFiguresAsync"/>, from one read of the students that also gives, school by school, the
    /// histories of <see cref="IAllocationQueries.YearHistoriesInSchoolAsync"/> for the same year (docs/adr/0091): the KPI
    /// answer's operational figures need both. <paramref name="eachSchool"/> is awaited with a school's histories as soon
    /// as they are read, so an answer for every school holds one school's rows at a time, not every school's: for one
    /// school, once (with none if it has none); for every school (null), once for each school with students of the year
    /// or the year before, one school after another. Reads the year before's students too, which the figures alone do not.
    /// </summary>
    Task<IReadOnlyList<AllocationYearFigures>> YearAsync(string? schoolCode, AcademicYear year, DateOnly on, DateOnly knownOn,
        Func<string, IReadOnlyList<StudentHistory>, CancellationToken, Task> eachSchool, CancellationToken ct);

    /// <summary>
    /// The figures of <see cref="YearAsync"/> for one school on each of <paramref name="days"/> (days of the year), each as
    /// known then (the KPI date and the known-on date the same day) or, given <paramref name="knownOn"/>, every one as known
    /// on that date (from the year's start on), in the order given, with the histories it hands over for the school (the
    /// same for every day of the year): what the KPI keeper's walks over days need, from one read of the rows a single day
    /// reads (docs/adr/0099, 0101). The default asks day by day.
    /// </summary>
    async Task<(IReadOnlyList<IReadOnlyList<AllocationYearFigures>> Figures, IReadOnlyList<StudentHistory> Histories)> DaysAsync(string schoolCode,
        AcademicYear year, IReadOnlyList<DateOnly> days, DateOnly? knownOn, CancellationToken ct)
    {
        var figures = new List<IReadOnlyList<AllocationYearFigures>>(days.Count);
        IReadOnlyList<StudentHistory> histories = [];
        foreach (var day in days)
            figures.Add(await YearAsync(schoolCode, year, day, knownOn ?? day, (_, read, _) =>
            {
                histories = read;
                return Task.CompletedTask;
            }, ct));
        return (figures, histories);
    }

    /// <summary>
    /// The ids of the students whose histories <see cref="YearAsync"/> hands over for the school and year (a few more may be
    /// among them, never fewer), read by index without their rows: a caller reads what it holds about them while
    /// Allocation reads its own (docs/adr/0095).
    /// </summary>
    Task<IReadOnlyList<string>> YearStudentIdsAsync(string schoolCode, AcademicYear year, CancellationToken ct);

    /// <summary>
    /// For each of <paramref name="schools"/>, a text that is the same while no row the figures and histories of
    /// <see cref="YearAsync"/> read for that school (alone or among every school) has changed since (docs/adr/0098), once
    /// the daemon has caught up; null when the question reads more than the year's rows (a date outside the year), or the
    /// implementation cannot tell. The default cannot tell.
    /// </summary>
    Task<IReadOnlyList<string?>> YearChangesAsync(IReadOnlyList<string> schools, AcademicYear year, DateOnly on, DateOnly knownOn, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<string?>>([.. schools.Select(_ => (string?)null)]);
}
