using PersonalTutoring.BuildingBlocks.Privacy;
using Marten;
using PersonalTutoring.DataProtection.Contracts;
using PersonalTutoring.References.Requests;

namespace PersonalTutoring.References.ReadModels;

/// <summary>
/// What References holds about a student (issue 16 item 3): every request with its purpose, concern and decisions, the
/// latest draft while one is being written, and every issued version's exact text. A version the school marked
/// confidential to its recipient carries that exemption with its reason.
/// </summary>
internal sealed class ReferenceSubjectData(IDocumentStore store) : ISubjectDataSource
{
    public string Module => "References";

    public async Task<IReadOnlyList<SubjectRecord>> RecordsOfAsync(string studentId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var requests = await session.Query<ReferenceRequestView>().Where(v => v.StudentId == studentId).ToListAsync(ct);
        var records = new List<SubjectRecord>();
        foreach (var request in requests.OrderBy(r => r.RequestedAt))
        {
            var requestId = Guid.Parse(request.RequestId);
            var events = (await session.Events.FetchStreamAsync(ReferenceRequest.StreamId(requestId), token: ct)).Select(e => e.Data).ToList();
            var draft = request.Issued.Count == 0 ? events.OfType<ReferenceDraftSaved>().LastOrDefault() : null;
            records.Add(new SubjectRecord(SubjectRecordKinds.ReferenceRequest, request.RequestId, request.RequestedAt,
                new { Request = request, LatestDraft = draft is null ? null : new { Text = draft.Text.Text, draft.SavedBy, draft.SavedAt } }));
            foreach (var issued in events.OfType<ReferenceIssued>())
            {
                var marked = request.Issued.FirstOrDefault(i => i.Version == issued.Version);
                records.Add(new SubjectRecord(SubjectRecordKinds.IssuedReference, IssuedReferences.ReadRecordId(requestId, issued.Version), issued.IssuedAt,
                    new IssuedReferenceCopy(issued.RequestId, issued.Version, issued.StudentId, issued.Text.Text, issued.AuthorId, issued.Recipient, issued.KnownFrom,
                        issued.KnownTo, issued.Capacity, issued.Attested, issued.ContentHash, issued.Supersedes, issued.CorrectionReason, issued.IssuedAt))
                {
                    ExemptBecause = marked is { ConfidentialToRecipient: true }
                        ? $"A reference given in confidence (Data Protection Act 2018 Sch. 2 para 24): {marked.ConfidentialReason}" : null,
                });
            }
        }
        return records;
    }
}
