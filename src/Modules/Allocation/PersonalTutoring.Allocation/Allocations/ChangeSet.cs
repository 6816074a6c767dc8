using JasperFx.Events;
using Marten;
using PersonalTutoring.Allocation.Notifications;
using PersonalTutoring.Allocation.Tutors;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using Wolverine.Marten;

namespace PersonalTutoring.Allocation.Allocations;

/// <summary>
/// A stream a command decides on: its key, the version the decision saw, and, when the command fetched it with
/// Marten's <c>FetchForWriting</c>, the fetched stream (whose version Marten then checks); otherwise the version came
/// from an inline view and the events are appended at it.
/// </summary>
internal sealed record StreamRef(string Key, long Version, Action<object[]>? AppendThrough = null)
{
    public static StreamRef Of<T>(IEventStream<T> stream) where T : class => new(stream.Key!, stream.StartingVersion ?? 0, stream.AppendMany);
}

/// <summary>
/// Everything one command writes: events for several streams, each at the version it was decided on, the caseload
/// changes of the tutors involved, and the notifications those events cause. <see cref="CommitAsync"/> writes them
/// with one <c>SaveChangesAsync</c> of one session: one transaction in which every stream's version is checked, so a
/// stale stream writes nothing at all (docs/adr/0020).
/// </summary>
internal sealed class ChangeSet
{
    private readonly Dictionary<string, Pending> streams = new(StringComparer.Ordinal);
    private readonly List<Notification> notifications = [];

    public bool IsEmpty => streams.Values.All(s => !s.HasEvents) && notifications.Count == 0;

    /// <summary>Queues events for a stream; several decisions may add to the same stream as long as they saw the same version.</summary>
    public ChangeSet Append(StreamRef stream, params object[] events)
    {
        StreamAt(stream).Events.AddRange(events);
        return this;
    }

    /// <summary>The tutee joins the tutor's caseload. However many join in this command, the tutor's stream gets one <see cref="TuteesAssigned"/>.</summary>
    public ChangeSet Assign(string staffId, StreamRef tutor, string studentId, DateOnly effectiveOn, DateTimeOffset at)
    {
        StreamAt(tutor).CaseloadOf(staffId, at).Joining.Add(new CaseloadEntry(studentId, effectiveOn));
        return this;
    }

    /// <summary>The tutee leaves the tutor's caseload; one <see cref="TuteesReleased"/> per tutor per command.</summary>
    public ChangeSet Release(string staffId, StreamRef tutor, string studentId, DateOnly effectiveOn, DateTimeOffset at)
    {
        StreamAt(tutor).CaseloadOf(staffId, at).Leaving.Add(new CaseloadEntry(studentId, effectiveOn));
        return this;
    }

    public ChangeSet Notify(IEnumerable<Notification> outgoing)
    {
        notifications.AddRange(outgoing);
        return this;
    }

    /// <summary>The stream's version once this change set is committed.</summary>
    public long VersionAfter(StreamRef stream) =>
        stream.Version + (streams.TryGetValue(stream.Key, out var pending) ? pending.AllEvents().Count() : 0);

    /// <summary>
    /// Appends every stream's events (through the fetched stream, or at the version read from a view), enlists the
    /// notifications, and saves. Marten refuses the save if any stream moved: a 409, and nothing is written.
    /// </summary>
    public async Task CommitAsync(IDocumentSession session, IMartenOutbox outbox, CancellationToken ct)
    {
        if (IsEmpty) return;
        foreach (var (key, stream) in streams.Where(s => s.Value.HasEvents))
        {
            var events = stream.AllEvents().ToArray();
            if (stream.Ref.AppendThrough is { } append) append(events);
            else session.AppendAt(key, stream.Ref.Version, events);
        }
        await NotificationOutbox.EnlistAsync(session, outbox, notifications);
        await session.SaveChangesAsync(ct);
    }

    private Pending StreamAt(StreamRef stream)
    {
        if (!streams.TryGetValue(stream.Key, out var pending))
            streams[stream.Key] = pending = new Pending(stream);
        else if (pending.Ref.Version != stream.Version)
            throw new InvalidOperationException($"Stream '{stream.Key}' was decided on at two versions ({pending.Ref.Version}, {stream.Version}).");
        else if (pending.Ref.AppendThrough is null && stream.AppendThrough is not null)
            pending.Ref = stream; // one append per stream: through the fetched stream when there is one
        return pending;
    }

    /// <summary>One stream's queued events and, for a tutor, the caseload changes that become one event each way.</summary>
    private sealed class Pending(StreamRef stream)
    {
        private Caseload? caseload;

        public StreamRef Ref { get; set; } = stream;

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
