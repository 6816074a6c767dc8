using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;

namespace PersonalTutoring.BuildingBlocks.Projections;

/// <summary>A page of the global event log and the sequence to continue after (past filtered-out events too).</summary>
public sealed record EventPage(IReadOnlyList<IEvent> Events, long NextAfter);

/// <summary>
/// Committed events after a sequence number, in order, never past the daemon's high-water mark: below it every
/// sequence number is either committed or proven dead, so a reader paging with the last sequence it saw can never
/// skip an event still being committed (docs/adr/0024).
/// </summary>
public static class EventFeed
{
    public static async Task<EventPage> ReadAsync(IQuerySession session, long after, int limit, IReadOnlyCollection<Type> types, CancellationToken ct)
    {
        var progress = await session.DocumentStore.Advanced.AllProjectionProgress(token: ct);
        var ceiling = progress.FirstOrDefault(p => p.ShardName == ShardState.HighWaterMark)?.Sequence ?? 0;
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.Sequence > after && e.Sequence <= ceiling)
            .Where(e => e.EventTypesAre(types.ToArray()))
            .OrderBy(e => e.Sequence)
            .Take(limit)
            .ToListAsync(ct);
        // With a full page the reader continues after its last event; otherwise everything up to the ceiling was seen.
        var next = events.Count == limit ? events[^1].Sequence : Math.Max(after, ceiling);
        return new EventPage(events, next);
    }
}
