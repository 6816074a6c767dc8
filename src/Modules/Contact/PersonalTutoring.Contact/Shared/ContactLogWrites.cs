using Microsoft.AspNetCore.Http;
using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Contact.ContactLogs;

namespace PersonalTutoring.Contact.Shared;

/// <summary>
/// The one write path of a student's record: fetch for writing, decide, append at the version read (If-Match must name
/// it), save. Marten re-checks that version on save, so a concurrent write on the same record is a 409.
/// </summary>
internal static class ContactLogWrites
{
    public static async Task<IReadOnlyList<object>> DecideAndAppendAsync(IDocumentSession session, HttpContext http, string studentId, Func<ContactLog, object[]> decide, CancellationToken ct)
    {
        var current = await session.Events.FetchForWriting<ContactLog>(ContactLog.StreamId(studentId), ct);
        var events = decide(current.State);
        current.AppendDecision(http, events);
        await session.SaveChangesAsync(ct);
        return events;
    }

    public static T Demand<T>(this System.Collections.Immutable.ImmutableDictionary<Guid, T> items, Guid id, string what) =>
        items.TryGetValue(id, out var item) ? item : throw new NotFoundException($"No {what} {id} on this student's record.");
}
