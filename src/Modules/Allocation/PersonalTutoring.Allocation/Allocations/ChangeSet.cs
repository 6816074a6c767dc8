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
    private readonly Dictionary<string, Pending> streams = new(StringComparer.Ordinal);
    private readonly List<OutboxMessage> messages = [];
    private readonly List<Action<EventSession>> remembered = [];

    public bool IsEmpty => streams.Values.All(s => !s.HasEvents) && messages.Count == 0;

    /// <summary>Queues events for a stream; several decisions may add to the same stream as long as they saw the same version.</summary>
    public ChangeSet Append(string streamId, long expectedVersion, params object[] events)
    {
        StreamAt(streamId, expectedVersion).Events.AddRange(events);
        return this;
    }

    /// <summary>The tutee joins the tutor's caseload. However many join in this command, the tutor's stream gets one <see cref="TuteesAssigned"/>.</summary>
    public ChangeSet Assign(string staffId, long tutorVersion, string studentId, DateOnly effectiveOn, DateTimeOffset at)
    {
        StreamAt(Tutor.StreamId(staffId), tutorVersion).CaseloadOf(staffId, at).Joining.Add(new CaseloadEntry(studentId, effectiveOn));
        return this;
    }

    /// <summary>The tutee leaves the tutor's caseload; one <see cref="TuteesReleased"/> per tutor per command.</summary>
    public ChangeSet Release(string staffId, long tutorVersion, string studentId, DateOnly effectiveOn, DateTimeOffset at)
    {
        StreamAt(Tutor.StreamId(staffId), tutorVersion).CaseloadOf(staffId, at).Leaving.Add(new CaseloadEntry(studentId, effectiveOn));
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
        foreach (var (id, stream) in streams.Where(s => s.Value.HasEvents))
            session.Append(id, stream.Expected, [.. stream.AllEvents()]);
        if (messages.Count > 0)
        {
            var outgoing = messages.ToArray();
            session.Enlist((operations, token) => OutboxTable.InsertAsync(operations.Connection, outgoing, token));
        }
        return await session.SaveChangesAsync(ct);
    }

    private Pending StreamAt(string streamId, long expectedVersion)
    {
        if (!streams.TryGetValue(streamId, out var stream))
            streams[streamId] = stream = new Pending(expectedVersion);
        else if (stream.Expected != expectedVersion)
            throw new InvalidOperationException($"Stream '{streamId}' was decided on at two versions ({stream.Expected}, {expectedVersion}).");
        return stream;
    }

    /// <summary>One stream's queued events and, for a tutor, the caseload changes that become one event each way.</summary>
    private sealed class Pending(long expected)
    {
        private Caseload? caseload;

        public long Expected { get; } = expected;

        public List<object> Events { get; } = [];

        public bool HasEvents => Events.Count > 0 || caseload is not null;

        public Caseload CaseloadOf(string staffId, DateTimeOffset at) => caseload ??= new Caseload(staffId, at);

        /// <summary>The caseload moves first, before, say, the handover that empties it.</summary>
        public IEnumerable<object> AllEvents() => (caseload?.Events() ?? []).Concat(Events);
    }

    private sealed record Caseload(string StaffId, DateTimeOffset At)
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
