using Marten;
using PersonalTutoring.References.Contracts;
using PersonalTutoring.References.ReadModels;

namespace PersonalTutoring.References;

/// <summary>The query other modules use; a singleton, so it reads through a short query session of its own.</summary>
internal sealed class ReferenceQueries(IDocumentStore store) : IReferenceQueries
{
    public async Task<IReadOnlyList<ReferenceSummary>> RequestsOfAsync(string studentId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var requests = await session.Query<ReferenceRequestView>().Where(v => v.StudentId == studentId).OrderBy(v => v.RequestedAt).ToListAsync(ct);
        return [.. requests.Select(r => new ReferenceSummary(Guid.Parse(r.RequestId), r.StudentId, r.TutorId, r.Kind.ToString(), r.Status.ToString(), r.Deadline, r.Issued.Count))];
    }
}
