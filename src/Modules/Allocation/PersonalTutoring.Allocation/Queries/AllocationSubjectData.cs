using Marten;
using PersonalTutoring.Allocation.ReadModels.ChangeRequests;
using PersonalTutoring.Allocation.ReadModels.History;
using PersonalTutoring.Allocation.ReadModels.StudentViews;
using PersonalTutoring.DataProtection.Contracts;

namespace PersonalTutoring.Allocation.Queries;

/// <summary>What Allocation holds about a student (issue 16 item 3): the student record, statuses, tutors, every change of tutor with its reason, change requests.</summary>
internal sealed class AllocationSubjectData(IDocumentStore store) : ISubjectDataSource
{
    public string Module => "Allocation";

    public async Task<IReadOnlyList<SubjectRecord>> RecordsOfAsync(string studentId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var student = await session.LoadAsync<StudentView>(studentId, ct);
        if (student is null) return [];
        var history = await session.LoadAsync<AllocationHistory>(studentId, ct);
        var requests = await session.Query<ChangeRequestView>().Where(r => r.StudentId == studentId).ToListAsync(ct);
        return
        [
            new(SubjectRecordKinds.Profile, studentId, null, student.ToProfile()),
            .. student.Statuses.Select(s => new SubjectRecord(SubjectRecordKinds.StatusHistory, $"{s.Status}/{s.From:yyyy-MM-dd}", null, s)),
            .. student.Periods.Select(p => new SubjectRecord(SubjectRecordKinds.TutorAssignment, $"{p.TutorId}/{p.From:yyyy-MM-dd}", p.RecordedAt, p)),
            .. (history?.Changes ?? []).Select(c => new SubjectRecord(SubjectRecordKinds.AllocationChange, c.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), c.RecordedAt, c)),
            .. requests.OrderBy(r => r.RequestedAt).Select(r => new SubjectRecord(SubjectRecordKinds.ChangeRequest, r.RequestId, r.RequestedAt, r)),
        ];
    }
}
