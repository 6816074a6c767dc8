using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Contact.Contracts;

/// <summary>A term's contact compliance (CO-2, CO-3, CO-4): tutees held to the rules and those meeting all of them.</summary>
public sealed record TermCompliance(string Term, int Tutees, int Compliant);

/// <summary>
/// One school's and cohort level's contact figures for an academic year as known at the end of a date (the
/// operational figures of the Governance KPI report, issue 14). Counts only, no student named.
/// </summary>
public sealed record ContactYearFigures(
    string SchoolCode,
    CohortLevel Level,
    IReadOnlyList<TermCompliance> Compliance,
    int RepliesDue,
    int RepliedInTime,
    int UnresponsiveReferred,
    int ReferralsMade,
    int ReferralsClosed);

/// <summary>What Contact tells the Governance KPI report.</summary>
public interface IContactFigures
{
    /// <summary>
    /// The school's figures per cohort level for <paramref name="year"/> on the date <paramref name="on"/> (within the
    /// year): compliance per term started by then, replies due (CO-11) and answered in time, tutees referred to the
    /// Support Team as unresponsive (CO-5), referrals made and closed (CO-10) in the year up to then, counting only what
    /// was recorded by <paramref name="knownOn"/>.
    /// </summary>
    Task<IReadOnlyList<ContactYearFigures>> YearFiguresAsync(string schoolCode, AcademicYear year, DateOnly on, DateOnly knownOn, CancellationToken ct);

    /// <summary>
    /// The same figures over the school's students of the year that the caller has already read from Allocation
    /// (<see cref="IAllocationFigures.YearAsync"/>, what <see cref="IAllocationQueries.YearHistoriesInSchoolAsync"/> gives),
    /// so the KPI answer reads Allocation's rows once for its figures and these. The default asks Allocation again and
    /// ignores <paramref name="histories"/>, for stand-ins of this contract in tests.
    /// </summary>
    async Task<IReadOnlyList<ContactYearFigures>> YearFiguresAsync(string schoolCode, AcademicYear year, DateOnly on, DateOnly knownOn,
        IReadOnlyList<StudentHistory> histories, CancellationToken ct) =>
        await YearFiguresAsync(schoolCode, year, on, knownOn, ct);

    /// <summary>
    /// The same figures over histories still being read, with what Contact holds about <paramref name="students"/> read
    /// meanwhile (docs/adr/0095): the ids Allocation gives first (<see cref="IAllocationFigures.YearStudentIdsAsync"/>),
    /// the histories when its read of the rows ends. A student of the histories not among <paramref name="students"/> is read
    /// after them; one among them but not in the histories counts nothing. The default waits for the histories.
    /// </summary>
    async Task<IReadOnlyList<ContactYearFigures>> YearFiguresAsync(string schoolCode, AcademicYear year, DateOnly on, DateOnly knownOn,
        IReadOnlyList<string> students, Task<IReadOnlyList<StudentHistory>> histories, CancellationToken ct) =>
        await YearFiguresAsync(schoolCode, year, on, knownOn, await histories, ct);

    /// <summary>
    /// The figures over <paramref name="histories"/> on each of <paramref name="days"/> (days of the year), each as known
    /// then (the KPI date and the known-on date the same day) or, given <paramref name="knownOn"/>, every one as known on
    /// that date, in the order given: what the KPI keeper's walks over days need, from one read of the rows a single day
    /// reads (docs/adr/0099, 0101). The default asks day by day.
    /// </summary>
    async Task<IReadOnlyList<IReadOnlyList<ContactYearFigures>>> DaysFiguresAsync(string schoolCode, AcademicYear year, IReadOnlyList<DateOnly> days,
        DateOnly? knownOn, IReadOnlyList<StudentHistory> histories, CancellationToken ct)
    {
        var figures = new List<IReadOnlyList<ContactYearFigures>>(days.Count);
        foreach (var day in days) figures.Add(await YearFiguresAsync(schoolCode, year, day, knownOn ?? day, histories, ct));
        return figures;
    }

    /// <summary>
    /// For each of <paramref name="schools"/> and each of <paramref name="throughs"/> (days of <paramref name="year"/>, or
    /// its last day for every day of a year that has ended), a text that is the same while nothing Contact reads for that
    /// school's figures of the year as of any date up to that day has changed since (docs/adr/0098, 0102), once the daemon
    /// has caught up (its calendar and policies are the caller's to watch); null when the implementation cannot tell, as
    /// the default. Indexed by school, then day.
    /// </summary>
    Task<IReadOnlyList<IReadOnlyList<string?>>> DaysChangesAsync(IReadOnlyList<string> schools, AcademicYear year, IReadOnlyList<DateOnly> throughs,
        CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<IReadOnlyList<string?>>>([.. schools.Select(_ => (IReadOnlyList<string?>)[.. throughs.Select(_ => (string?)null)])]);
}
