using Marten;
using Microsoft.AspNetCore.Http;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.References.Requests;

/// <summary>
/// The one write path of a request: fetch for writing, decide, append at the version read (If-Match must name it: a
/// stale one is a 412), save. Marten re-checks that version on save.
/// </summary>
internal static class ReferenceWrites
{
    public static async Task<(IReadOnlyList<object> Events, long Version)> DecideAndAppendAsync(
        IDocumentSession session, HttpContext http, Guid requestId, Func<ReferenceRequest, object[]> decide, CancellationToken ct)
    {
        var current = await session.Events.FetchForWriting<ReferenceRequest>(ReferenceRequest.StreamId(requestId), ct);
        var events = decide(current.State);
        var version = current.AppendDecision(http, events);
        await session.SaveChangesAsync(ct);
        return (events, version);
    }
}
