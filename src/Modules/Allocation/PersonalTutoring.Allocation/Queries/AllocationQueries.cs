using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.ReadModels.StudentViews;
using PersonalTutoring.Allocation.ReadModels.TutorViews;
using PersonalTutoring.BuildingBlocks.Documents;

namespace PersonalTutoring.Allocation.Queries;

/// <summary>The Contracts queries, answered from the inline student and tutor views.</summary>
internal sealed class AllocationQueries(DocumentReader documents) : IAllocationQueries
{
    public async Task<StudentProfile?> StudentAsync(string studentId, CancellationToken ct) =>
        (await documents.LoadAsync<StudentView>(StudentView.Id(studentId), ct))?.ToProfile();

    public async Task<IReadOnlyList<TutorAssignment>> AssignmentsAsync(string studentId, CancellationToken ct) =>
        (await documents.LoadAsync<StudentView>(StudentView.Id(studentId), ct))?.Periods
            .Select(p => new TutorAssignment(studentId, p.TutorId, p.From, p.To)).ToList() ?? [];

    public async Task<IReadOnlyList<StudentStatusPeriod>> StatusHistoryAsync(string studentId, CancellationToken ct) =>
        (await documents.LoadAsync<StudentView>(StudentView.Id(studentId), ct))?.Statuses ?? [];

    public async Task<IReadOnlyList<StudentProfile>> TuteesOfAsync(string tutorId, DateOnly date, CancellationToken ct) =>
        (await TuteeViewsAsync(documents, tutorId, date, ct)).Select(s => s.ToProfile()).ToList();

    public async Task<IReadOnlyList<StudentProfile>> StudentsInSchoolAsync(string schoolCode, CancellationToken ct) =>
        (await documents.QueryAsync<StudentView>("data->'record'->>'schoolCode' = @school", new Dictionary<string, object?> { ["school"] = schoolCode },
            "id", ct)).Select(s => s.ToProfile()).ToList();

    public async Task<IReadOnlyList<TutorUnavailability>> UnavailabilityAsync(string tutorId, DateOnly from, DateOnly to, CancellationToken ct) =>
        (await documents.LoadAsync<TutorView>(TutorView.Id(tutorId), ct))?.Unavailability.Where(u => u.From <= to && u.To >= from).ToList() ?? [];

    /// <summary>Students any of whose periods is with the tutor, narrowed to those covering the date.</summary>
    public static async Task<IReadOnlyList<StudentView>> TuteeViewsAsync(DocumentReader documents, string tutorId, DateOnly date, CancellationToken ct) =>
        (await documents.QueryAsync<StudentView>("data->'tutorIds' @> jsonb_build_array(@tutor::text)", new Dictionary<string, object?> { ["tutor"] = tutorId }, "id", ct))
            .Where(s => s.TutorsOn(date).Contains(tutorId)).ToList();
}
