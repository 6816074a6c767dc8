using System.Collections.Concurrent;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.TestKit;

/// <summary>
/// An in-memory Allocation (students, tutor periods, statuses, unavailability) answering both the Contracts queries and
/// the <see cref="IStudentDirectory"/> that ResourceAccess uses; tests add the world they need.
/// </summary>
public sealed class FakeAllocation : IAllocationQueries, IStudentDirectory, ILeavers
{
    public Task<IReadOnlyList<Leaver>> LeaversAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<Leaver>>([.. students.Values.Where(s => s.Status.HasLeft())
            .Select(s => new Leaver(s.StudentId, s.SchoolCode, statuses.GetValueOrDefault(s.StudentId)?.LastOrDefault(p => p.Status.HasLeft())?.From ?? s.RegisteredOn))]);

    private readonly ConcurrentDictionary<string, StudentProfile> students = new();
    private readonly ConcurrentDictionary<string, List<TutorAssignment>> assignments = new();
    private readonly ConcurrentDictionary<string, List<StudentStatusPeriod>> statuses = new();
    private readonly ConcurrentBag<TutorUnavailability> unavailable = [];

    public StudentProfile AddStudent(string id, string school, string tutorId, DateOnly allocatedOn, int year = 2, bool visa = false, bool visiting = false,
        CohortLevel level = CohortLevel.UG)
    {
        var student = new StudentProfile(id, "Given" + id, "Family" + id, $"{id}@example.ac.uk", school, "MBBS", level, year,
            new DateOnly(2025, 9, 15), StudentStatus.Studying, visa, visiting);
        students[id] = student;
        assignments[id] = [new TutorAssignment(id, tutorId, allocatedOn, null)];
        statuses[id] = [];
        return student;
    }

    /// <summary>The tutor changes on a date (a handover, AL-8): the old period ends, the new one starts.</summary>
    public void Handover(string studentId, string newTutorId, DateOnly on)
    {
        var list = assignments[studentId];
        list[^1] = list[^1] with { To = on };
        list.Add(new TutorAssignment(studentId, newTutorId, on, null));
    }

    public void ChangeStatus(string studentId, StudentStatus status, DateOnly from)
    {
        var list = statuses[studentId];
        if (list.Count == 0) list.Add(new StudentStatusPeriod(StudentStatus.Studying, new DateOnly(2025, 9, 15), from));
        else list[^1] = list[^1] with { To = from };
        list.Add(new StudentStatusPeriod(status, from, null));
        students[studentId] = students[studentId] with { Status = status };
    }

    public void Unavailable(string tutorId, DateOnly from, DateOnly to, string alternative) =>
        unavailable.Add(new TutorUnavailability(tutorId, from, to, "Illness", alternative));

    public Task<StudentProfile?> StudentAsync(string studentId, CancellationToken ct) => Task.FromResult(students.GetValueOrDefault(studentId));

    public Task<IReadOnlyList<TutorAssignment>> AssignmentsAsync(string studentId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<TutorAssignment>>(assignments.GetValueOrDefault(studentId)?.ToList() ?? []);

    public Task<IReadOnlyList<StudentStatusPeriod>> StatusHistoryAsync(string studentId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<StudentStatusPeriod>>(statuses.GetValueOrDefault(studentId)?.ToList() ?? []);

    public Task<IReadOnlyList<StudentProfile>> TuteesOfAsync(string tutorId, DateOnly date, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<StudentProfile>>(students.Values.Where(s => assignments[s.StudentId].Any(a => a.TutorId == tutorId && a.CoversDate(date))).ToList());

    public Task<IReadOnlyList<SchoolTutee>> TuteesInSchoolAsync(string schoolCode, DateOnly date, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<SchoolTutee>>([.. students.Values.Where(s => s.SchoolCode == schoolCode).OrderBy(s => s.StudentId, StringComparer.Ordinal)
            .Select(s => (Student: s, Tutor: assignments[s.StudentId].LastOrDefault(a => a.CoversDate(date))?.TutorId))
            .Where(x => x.Tutor is not null).Select(x => new SchoolTutee(x.Student, x.Tutor!))]);

    public Task<IReadOnlyList<StudentProfile>> StudentsInSchoolAsync(string schoolCode, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<StudentProfile>>(students.Values.Where(s => s.SchoolCode == schoolCode).ToList());

    /// <summary>A tutor's school: that of their tutees (the fake registers tutors only through allocations).</summary>
    public Task<string?> TutorSchoolAsync(string tutorId, CancellationToken ct) =>
        Task.FromResult(students.Values.Where(s => assignments[s.StudentId].Any(a => a.TutorId == tutorId)).Select(s => s.SchoolCode).FirstOrDefault());

    public Task<IReadOnlyList<TutorUnavailability>> UnavailabilityAsync(string tutorId, DateOnly from, DateOnly to, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<TutorUnavailability>>(unavailable.Where(u => u.TutorId == tutorId && u.From <= to && u.To >= from).ToList());

    public Task<StudentFacts?> FindAsync(string studentId, DateTimeOffset at, CancellationToken ct)
    {
        if (!students.TryGetValue(studentId, out var student)) return Task.FromResult<StudentFacts?>(null);
        var date = DateOnly.FromDateTime(at.UtcDateTime);
        var tutors = assignments[studentId].Where(a => a.CoversDate(date)).Select(a => a.TutorId).ToList();
        var alternatives = unavailable.Where(u => tutors.Contains(u.TutorId) && u.From <= date && u.To >= date).Select(u => u.AlternativeStaffId).ToList();
        return Task.FromResult<StudentFacts?>(new StudentFacts(studentId, student.SchoolCode, tutors, alternatives));
    }
}
