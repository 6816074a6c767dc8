using Microsoft.AspNetCore.Http;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Contact.ContactLogs;

namespace PersonalTutoring.Contact.Shared;

/// <summary>The one write path of a student's record: fold, decide, append at the expected version (If-Match or the folded one).</summary>
internal static class ContactLogWrites
{
    public static async Task<IReadOnlyList<object>> DecideAndAppendAsync(EventStore store, HttpContext http, string studentId, Func<ContactLog, object[]> decide, CancellationToken ct)
    {
        var current = await store.FetchForWritingAsync<ContactLog>(ContactLog.StreamId(studentId), ct);
        var events = decide(current.State);
        await store.AppendDecisionAsync(http, current, events, ct);
        return events;
    }

    public static T Demand<T>(this System.Collections.Immutable.ImmutableDictionary<Guid, T> items, Guid id, string what) =>
        items.TryGetValue(id, out var item) ? item : throw new NotFoundException($"No {what} {id} on this student's record.");
}
