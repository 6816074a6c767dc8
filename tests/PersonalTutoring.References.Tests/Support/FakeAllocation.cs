using System.Collections.Concurrent;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.References.Tests.Support;

/// <summary>
/// An in-memory Allocation (students and their tutor periods) answering both the Contracts queries and the
/// <see cref="IStudentDirectory"/> that access checks use; tests add the world they need.
/// </summary>
public sealed class FakeAllocation : IAllocationQueries, IStudentDirectory
{
    private readonly ConcurrentDictionary<string, StudentProfile> students = new();
    private readonly ConcurrentDictionary<string, List<TutorAssignment>> assignments = new();

    public StudentProfile AddStudent(string id, string school, string tutorId, DateOnly allocatedOn, int year = 2)
    {
        var student = new StudentProfile(id, "Given" + id, "Family" + id, $"{id}@example.ac.uk", school, "MBBS", CohortLevel.UG, year,
            new DateOnly(2020, 9, 15), StudentStatus.Studying, false, false);
        students[id] = student;
        assignments[id] = [new TutorAssignment(id, tutorId, allocatedOn, null)];
        return student;
    }

    /// <summary>The tutor changes on a date (a new block, AL-8): the old period ends, the new one starts.</summary>
    public void Handover(string studentId, string newTutorId, DateOnly on)
    {
        var list = assignments[studentId];
        list[^1] = list[^1] with { To = on };
        list.Add(new TutorAssignment(studentId, newTutorId, on, null));
    }

    public Task<StudentProfile?> StudentAsync(string studentId, CancellationToken ct) => Task.FromResult(students.GetValueOrDefault(studentId));

    public Task<IReadOnlyList<TutorAssignment>> AssignmentsAsync(string studentId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<TutorAssignment>>(assignments.GetValueOrDefault(studentId)?.ToList() ?? []);

    public Task<IReadOnlyList<StudentStatusPeriod>> StatusHistoryAsync(string studentId, CancellationToken ct) => Task.FromResult<IReadOnlyList<StudentStatusPeriod>>([]);

    public Task<IReadOnlyList<StudentProfile>> TuteesOfAsync(string tutorId, DateOnly date, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<StudentProfile>>(students.Values.Where(s => assignments[s.StudentId].Any(a => a.TutorId == tutorId && a.CoversDate(date))).ToList());

    public Task<IReadOnlyList<StudentProfile>> StudentsInSchoolAsync(string schoolCode, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<StudentProfile>>(students.Values.Where(s => s.SchoolCode == schoolCode).ToList());

    public Task<string?> TutorSchoolAsync(string tutorId, CancellationToken ct) =>
        Task.FromResult(students.Values.Where(s => assignments[s.StudentId].Any(a => a.TutorId == tutorId)).Select(s => s.SchoolCode).FirstOrDefault());

    public Task<IReadOnlyList<TutorUnavailability>> UnavailabilityAsync(string tutorId, DateOnly from, DateOnly to, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<TutorUnavailability>>([]);

    public Task<StudentFacts?> FindAsync(string studentId, DateTimeOffset at, CancellationToken ct)
    {
        if (!students.TryGetValue(studentId, out var student)) return Task.FromResult<StudentFacts?>(null);
        var date = DateOnly.FromDateTime(at.UtcDateTime);
        var tutors = assignments[studentId].Where(a => a.CoversDate(date)).Select(a => a.TutorId).ToList();
        return Task.FromResult<StudentFacts?>(new StudentFacts(studentId, student.SchoolCode, tutors, []));
    }
}
