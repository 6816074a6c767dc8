using PersonalTutoring.Allocation.Notifications;
using PersonalTutoring.Allocation.Tutors;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Allocation.Allocations;

/// <summary>
/// Everything one command writes: events for several streams, each at the version it was decided on, the caseload
/// changes of the tutors involved, and the notifications those events cause. <see cref="CommitAsync"/> writes them
/// in one transaction (docs/adr/0020).
/// </summary>
internal sealed class ChangeSet
{
    private readonly Dictionary<string, (long Expected, List<object> Events)> streams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Caseload> caseloads = new(StringComparer.Ordinal);
    private readonly List<OutboxMessage> messages = [];
    private readonly List<Action<EventSession>> remembered = [];

    public bool IsEmpty => streams.Values.All(s => s.Events.Count == 0) && caseloads.Count == 0 && messages.Count == 0;

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

    /// <summary>The tutee joins the tutor's caseload. However many join in this command, the tutor's stream gets one <see cref="TuteesAssigned"/>.</summary>
    public ChangeSet Assign(string staffId, long tutorVersion, string studentId, DateOnly effectiveOn, DateTimeOffset at)
    {
        CaseloadOf(staffId, tutorVersion, at).Joining.Add(new CaseloadEntry(studentId, effectiveOn));
        return this;
    }

    /// <summary>The tutee leaves the tutor's caseload; one <see cref="TuteesReleased"/> per tutor per command.</summary>
    public ChangeSet Release(string staffId, long tutorVersion, string studentId, DateOnly effectiveOn, DateTimeOffset at)
    {
        CaseloadOf(staffId, tutorVersion, at).Leaving.Add(new CaseloadEntry(studentId, effectiveOn));
        return this;
    }

    /// <summary>Views the command decided on, at their streams' versions: the inline projections start from them (<see cref="EventSession.Remember{T}"/>).</summary>
    public ChangeSet Remember<T>(IEnumerable<(string Id, T Document)> documents) where T : class
    {
        remembered.Add(session => session.Remember(documents));
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
        foreach (var remember in remembered) remember(session);
        foreach (var id in streams.Keys.Union(caseloads.Keys, StringComparer.Ordinal))
        {
            var (expected, events) = streams.GetValueOrDefault(id, (caseloads.GetValueOrDefault(id)?.Expected ?? 0, []));
            if (caseloads.TryGetValue(id, out var caseload))
            {
                if (streams.ContainsKey(id) && caseload.Expected != expected)
                    throw new InvalidOperationException($"Stream '{id}' was decided on at two versions ({caseload.Expected}, {expected}).");
                events = [.. caseload.Events(), .. events]; // the caseload moves before, say, the handover that empties it
            }
            if (events.Count > 0) session.Append(id, expected, [.. events]);
        }
        if (messages.Count > 0)
        {
            var outgoing = messages.ToArray();
            session.Enlist((operations, token) => OutboxTable.InsertAsync(operations.Connection, outgoing, token));
        }
        return await session.SaveChangesAsync(ct);
    }

    private Caseload CaseloadOf(string staffId, long version, DateTimeOffset at)
    {
        var id = Tutor.StreamId(staffId);
        if (!caseloads.TryGetValue(id, out var caseload))
            caseloads[id] = caseload = new Caseload(staffId, version, at);
        else if (caseload.Expected != version)
            throw new InvalidOperationException($"Stream '{id}' was decided on at two versions ({caseload.Expected}, {version}).");
        return caseload;
    }

    private sealed record Caseload(string StaffId, long Expected, DateTimeOffset At)
    {
        public List<CaseloadEntry> Joining { get; } = [];

        public List<CaseloadEntry> Leaving { get; } = [];

        public IEnumerable<object> Events()
        {
            if (Leaving.Count > 0) yield return new TuteesReleased(StaffId, Leaving, At);
            if (Joining.Count > 0) yield return new TuteesAssigned(StaffId, Joining, At);
        }
    }
}
