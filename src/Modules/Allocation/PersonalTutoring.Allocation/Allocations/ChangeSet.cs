using PersonalTutoring.Allocation.Notifications;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Allocation.Allocations;

/// <summary>
/// Everything one command writes: events for several streams, each at the version it was decided on, and the
/// notifications those events cause. <see cref="CommitAsync"/> writes them in one transaction (docs/adr/0020).
/// </summary>
internal sealed class ChangeSet
{
    private readonly Dictionary<string, (long Expected, List<object> Events)> streams = new(StringComparer.Ordinal);
    private readonly List<OutboxMessage> messages = [];

    public bool IsEmpty => streams.Values.All(s => s.Events.Count == 0) && messages.Count == 0;

    public int StreamCount => streams.Count(s => s.Value.Events.Count > 0);

    /// <summary>Queues events for a stream; several decisions may add to the same stream as long as they saw the same version.</summary>
    public ChangeSet Append(string streamId, long expectedVersion, params object[] events)
    {
        if (streams.TryGetValue(streamId, out var queued))
        {
            if (queued.Expected != expectedVersion)
                throw new InvalidOperationException($"Stream '{streamId}' was decided on at two versions ({queued.Expected}, {expectedVersion}).");
            queued.Events.AddRange(events);
        }
        else streams[streamId] = (expectedVersion, [.. events]);
        return this;
    }

    public ChangeSet Notify(IEnumerable<OutboxMessage> outgoing)
    {
        messages.AddRange(outgoing);
        return this;
    }

    public async Task<IReadOnlyList<StoredEvent>> CommitAsync(EventStore store, CancellationToken ct, EventMetadata? metadata = null)
    {
        if (IsEmpty) return [];
        await using var session = store.OpenSession(metadata);
        foreach (var (id, (expected, events)) in streams.Where(s => s.Value.Events.Count > 0))
            session.Append(id, expected, [.. events]);
        if (messages.Count > 0)
        {
            var outgoing = messages.ToArray();
            session.Enlist((operations, token) => OutboxTable.InsertAsync(operations.Connection, outgoing, token));
        }
        return await session.SaveChangesAsync(ct);
    }
}
