using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.Contracts;

/// <summary>A student's status in the student record (as sent by the integration).</summary>
public enum StudentStatus { Studying, Suspended, YearAbroad, YearInIndustry, Withdrawn, Graduated }

public static class StudentStatuses
{
    /// <summary>Away from study but still a tutee, contacted once a term (AL-2).</summary>
    public static bool IsAway(this StudentStatus status) => status is StudentStatus.Suspended or StudentStatus.YearAbroad or StudentStatus.YearInIndustry;

    /// <summary>No longer a tutee: allocations end.</summary>
    public static bool HasLeft(this StudentStatus status) => status is StudentStatus.Withdrawn or StudentStatus.Graduated;
}

/// <summary>A student as the other modules see them.</summary>
public sealed record StudentProfile(
    string StudentId,
    string GivenName,
    string FamilyName,
    string Email,
    string SchoolCode,
    string ProgrammeCode,
    CohortLevel Level,
    int YearOfStudy,
    DateOnly RegisteredOn,
    StudentStatus Status,
    bool StudentRouteVisa,
    bool VisitingStudyAbroad);

/// <summary>A status a student held from a date (for compliance: a student who suspends mid-term).</summary>
public sealed record StudentStatusPeriod(StudentStatus Status, DateOnly From, DateOnly? To);

/// <summary>One period in which a tutor was a student's personal tutor. <see cref="To"/> is exclusive; null while current.</summary>
public sealed record TutorAssignment(string StudentId, string TutorId, DateOnly From, DateOnly? To)
{
    public bool CoversDate(DateOnly date) => date >= From && (To is null || date < To);
}

/// <summary>A student with their statuses and tutor periods over time, oldest first.</summary>
public sealed record StudentHistory(StudentProfile Student, IReadOnlyList<StudentStatusPeriod> Statuses, IReadOnlyList<TutorAssignment> Assignments);

/// <summary>A stand-in while a tutor is unavailable (AL-11): tutees contact the alternative from From to To inclusive.</summary>
public sealed record TutorUnavailability(string TutorId, DateOnly From, DateOnly To, string Reason, string AlternativeStaffId);

/// <summary>A student of a school and their tutor on a date (the last period covering it when a handover falls on that day).</summary>
public sealed record SchoolTutee(StudentProfile Student, string TutorId);

/// <summary>The queries other modules (Contact, Meetings, References, KPI reports) ask of Allocation.</summary>
public interface IAllocationQueries
{
    Task<StudentProfile?> StudentAsync(string studentId, CancellationToken ct);

    /// <summary>Every tutor period of the student, oldest first (handovers and reallocations included).</summary>
    Task<IReadOnlyList<TutorAssignment>> AssignmentsAsync(string studentId, CancellationToken ct);

    /// <summary>The student's statuses over time, oldest first.</summary>
    Task<IReadOnlyList<StudentStatusPeriod>> StatusHistoryAsync(string studentId, CancellationToken ct);

    /// <summary>The tutor's tutees on a date.</summary>
    Task<IReadOnlyList<StudentProfile>> TuteesOfAsync(string tutorId, DateOnly date, CancellationToken ct);

    /// <summary>Every student registered in a school (any status).</summary>
    Task<IReadOnlyList<StudentProfile>> StudentsInSchoolAsync(string schoolCode, CancellationToken ct);

    /// <summary>
    /// Every student of a school who has a tutor on the date, with that tutor, in one query (monitoring a whole school
    /// without asking for each student's periods).
    /// </summary>
    Task<IReadOnlyList<SchoolTutee>> TuteesInSchoolAsync(string schoolCode, DateOnly date, CancellationToken ct);

    /// <summary>
    /// Every student registered in a school (any status) with their statuses and tutor periods, in one query: figures
    /// over a whole school (the KPI report's contact compliance) without two round trips per student. The default
    /// asks per student, for stand-ins of this contract in tests.
    /// </summary>
    async Task<IReadOnlyList<StudentHistory>> HistoriesInSchoolAsync(string schoolCode, CancellationToken ct) =>
        await HistoriesOneByOneAsync(await StudentsInSchoolAsync(schoolCode, ct), ct);

    /// <summary>
    /// The students of a school who can count in an academic year's figures, with their statuses and tutor periods, in one
    /// query (docs/adr/0089): every student of the school who had not left by the year's start or whose tutor periods reach
    /// into the year, and the year before's leavers (facts of a year's first weeks can belong to them) — the school's
    /// earlier leavers are not read, so the answer does not grow with the school's history.
    /// For the KPI path: the profiles carry no name or e-mail (empty), and the facts are kept by the daemon, so a change
    /// made a moment ago may take a second to appear. The default is every student of the school, for stand-ins of this
    /// contract in tests.
    /// </summary>
    async Task<IReadOnlyList<StudentHistory>> YearHistoriesInSchoolAsync(string schoolCode, AcademicYear year, CancellationToken ct) =>
        await HistoriesInSchoolAsync(schoolCode, ct);

    /// <summary>
    /// The tutor's tutees on a date with their statuses and tutor periods, in one query (a tutor's worklist without two
    /// round trips per tutee). The default asks per student, for stand-ins of this contract in tests.
    /// </summary>
    async Task<IReadOnlyList<StudentHistory>> TuteeHistoriesAsync(string tutorId, DateOnly date, CancellationToken ct) =>
        await HistoriesOneByOneAsync(await TuteesOfAsync(tutorId, date, ct), ct);

    /// <summary>The defaults' way: two reads per student.</summary>
    private async Task<IReadOnlyList<StudentHistory>> HistoriesOneByOneAsync(IEnumerable<StudentProfile> students, CancellationToken ct)
    {
        var result = new List<StudentHistory>();
        foreach (var student in students)
            result.Add(new StudentHistory(student, await StatusHistoryAsync(student.StudentId, ct), await AssignmentsAsync(student.StudentId, ct)));
        return result;
    }

    /// <summary>The school a tutor tutors in, or null when no such tutor is registered.</summary>
    Task<string?> TutorSchoolAsync(string tutorId, CancellationToken ct);

    /// <summary>Unavailability periods of a tutor overlapping a date range.</summary>
    Task<IReadOnlyList<TutorUnavailability>> UnavailabilityAsync(string tutorId, DateOnly from, DateOnly to, CancellationToken ct);
}

/// <summary>A student who has left (withdrawn or graduated), and the day they left: when retention periods start.</summary>
public sealed record Leaver(string StudentId, string SchoolCode, DateOnly LeftOn);

/// <summary>Who has left, for the retention schedule (issue 16 item 2).</summary>
public interface ILeavers
{
    /// <summary>Every student whose status is withdrawn or graduated, with the first day of that status.</summary>
    Task<IReadOnlyList<Leaver>> LeaversAsync(CancellationToken ct);
}

/// <summary>
/// What Allocation does once a student's data keys are deleted (docs/adr/0086): the name and address in its events and
/// views already read "[erased]"; the copies it keeps outside them, the texts of e-mails about the student, are blanked,
/// and an e-mail not yet sent never will be. Data protection calls it after an erasure or a whole-record retention.
/// </summary>
public interface IStudentErasure
{
    /// <summary>Idempotent: the number of notifications blanked by this call.</summary>
    Task<int> ForgetAsync(string studentId, CancellationToken ct);
}
