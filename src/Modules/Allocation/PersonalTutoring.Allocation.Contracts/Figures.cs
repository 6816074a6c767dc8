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

/// <summary>
/// An academic year's allocation figures (<see cref="IAllocationFigures.YearFiguresAsync"/>) and, from the same read of
/// Allocation's rows, each school's histories for Contact's figures of the year
/// (<see cref="IAllocationQueries.YearHistoriesInSchoolAsync"/>): the KPI answer reads the rows once, not once for each.
/// </summary>
public sealed class AllocationYear(IReadOnlyList<AllocationYearFigures> figures, Func<string, IReadOnlyList<StudentHistory>> histories)
{
    public IReadOnlyList<AllocationYearFigures> Figures => figures;

    /// <summary>
    /// The school's students who can count in the year or left in the year before, as
    /// <see cref="IAllocationQueries.YearHistoriesInSchoolAsync"/> gives them; made when asked, so an answer for every school
    /// holds the rows read, not every school's histories at once.
    /// </summary>
    public IReadOnlyList<StudentHistory> HistoriesIn(string schoolCode) => histories(schoolCode);
}

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
    /// The figures of <see cref="YearFiguresAsync"/> and the histories of <see cref="IAllocationQueries.YearHistoriesInSchoolAsync"/>
    /// for the same school (null: every school) and year, from one read of the students (docs/adr/0089): the KPI answer's
    /// operational figures need both. Reads the year before's students too, which the figures alone do not.
    /// </summary>
    Task<AllocationYear> YearAsync(string? schoolCode, AcademicYear year, DateOnly on, DateOnly knownOn, CancellationToken ct);
}
