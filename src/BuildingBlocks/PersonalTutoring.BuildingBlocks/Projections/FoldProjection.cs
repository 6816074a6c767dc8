using System.Runtime.InteropServices;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace PersonalTutoring.BuildingBlocks.Projections;

/// <summary>
/// A projection that folds a whole page of events in memory: every document the page touches is loaded once,
/// evolved through the page's events in order, and written once with one set-based statement. This is how every
/// read model is written here (docs/adr/0033): Marten's <c>SingleStreamProjection</c> writes per stream and ran at
/// half the rate this shape reaches on the daemon (docs/performance.md). Evolve must be deterministic (event data
/// only), which is what makes a rebuild equal to the incremental result.
/// </summary>
/// <remarks>
/// The document's Marten identity must be the id <see cref="Identities"/> gives. Documents are written by
/// <see cref="DocumentWrites.Upsert{T}"/>, so index them with computed indexes, not duplicated fields.
/// </remarks>
public abstract class FoldProjection<TDoc> : IProjection where TDoc : class
{
    /// <summary>The name rebuilds, status and dead letters use (e.g. <c>allocation-students</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Inline when a command decides on the view; async (the daemon) otherwise.</summary>
    public virtual ProjectionLifecycle Lifecycle => ProjectionLifecycle.Async;

    /// <summary>The events the projection reads; the daemon loads no others for it.</summary>
    public abstract IReadOnlyCollection<Type> EventTypes { get; }

    /// <summary>Events per daemon page: 5,000 measured best for this shape (docs/performance.md).</summary>
    public virtual int BatchSize => 5_000;

    /// <summary>The documents an event touches; none means it is ignored.</summary>
    protected abstract IEnumerable<string> Identities(IEvent @event);

    /// <summary>The next state of one document; <c>null</c> deletes it. An event that changes nothing returns the same state (or an equal record).</summary>
    protected abstract TDoc? Evolve(TDoc? current, string id, IEvent @event);

    /// <summary>
    /// The keys of the change ledger a document is under (docs/adr/0098), e.g. its school and academic years; none (the
    /// default) keeps no ledger. A document whose content a page changes, or deletes, draws new tokens for the keys of its
    /// state before the page and after it (<see cref="ReadModelChanges"/>). Only for async projections: the daemon is
    /// the ledger's one writer, so no command waits on another's ledger row.
    /// </summary>
    protected virtual IEnumerable<string> ChangeKeys(TDoc document) => [];

    /// <summary>
    /// The ledger keys a page's change of one document draws (its state before the page, or null for a new one, and after
    /// it, or null once deleted; never equal): by default the keys of both states (<see cref="ChangeKeys"/>). A projection
    /// whose keys say from which date on a change counts overrides it to name only that (docs/adr/0102).
    /// </summary>
    protected virtual IEnumerable<string> ChangedKeys(TDoc? before, TDoc? after) =>
        (before is null ? [] : ChangeKeys(before)).Concat(after is null ? [] : ChangeKeys(after));

    /// <summary>Whether the projection keeps a change ledger (overrides <see cref="ChangeKeys"/> or <see cref="ChangedKeys"/>).</summary>
    public virtual bool KeepsChanges => false;

    private HashSet<Type>? reads;

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        // The daemon loads only EventTypes for the projection, but Marten hands an inline projection every event the
        // session appends, whatever its type: skip the others, so no fold sees another module's events.
        reads ??= [.. EventTypes];
        // One entry per touched document: its state through the page, and whether it existed before (to delete it).
        // A page of thousands of events makes these collections large; one dictionary and no per-event sets keep the
        // garbage per event down (docs/performance.md).
        var routed = new List<(IEvent Event, IReadOnlyList<string> Ids)>(events.Count);
        var documents = new Dictionary<string, (TDoc? Doc, bool Existed)>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (!reads.Contains(e.Data.GetType())) continue;
            var touched = Distinct(Identities(e));
            if (touched.Count == 0) continue;
            routed.Add((e, touched));
            for (var i = 0; i < touched.Count; i++) documents.TryAdd(touched[i], default);
        }
        if (routed.Count == 0) return;

        var identity = DocumentIdentity<TDoc>.For(operations);
        // The states before the page, to tell which documents it changes (only for a ledger).
        var before = KeepsChanges ? new Dictionary<string, TDoc>(StringComparer.Ordinal) : null;
        foreach (var doc in await operations.LoadManyAsync<TDoc>(cancellation, documents.Keys))
        {
            var id = identity(doc);
            documents[id] = (doc, true);
            before?.Add(id, doc);
        }
        foreach (var (e, touched) in routed)
            for (var i = 0; i < touched.Count; i++)
            {
                ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(documents, touched[i]);
                try { slot.Doc = Evolve(slot.Doc, touched[i], e); }
                catch (Exception error) when (error is not ApplyEventException)
                {
                    // Names the event, so the daemon dead-letters it and re-runs the page without it.
                    throw new ApplyEventException(e, error);
                }
            }

        DocumentWrites.Upsert(operations, documents.Where(kv => kv.Value.Doc is not null).Select(kv => (kv.Key, kv.Value.Doc!)).ToList());
        foreach (var (id, _) in documents.Where(kv => kv.Value is { Doc: null, Existed: true }))
            operations.Delete<TDoc>(id);
        if (before is not null) ReadModelChanges.Queue(operations, Name, ChangedKeys(documents, before));
    }

    /// <summary>The ledger keys of the documents whose content the page changed: of their states before it and after it.</summary>
    private HashSet<string> ChangedKeys(Dictionary<string, (TDoc? Doc, bool Existed)> documents, Dictionary<string, TDoc> before)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, (doc, _)) in documents)
        {
            var old = before.GetValueOrDefault(id);
            // Records compare by value (their lists by reference): an event that changed nothing leaves an equal state.
            if (Equals(old, doc)) continue;
            keys.UnionWith(ChangedKeys(old, doc));
        }
        return keys;
    }

    /// <summary>An event's documents, each once. Most events touch one, which needs no set per event.</summary>
    private static IReadOnlyList<string> Distinct(IEnumerable<string> identities) =>
        identities is IReadOnlyList<string> { Count: <= 1 } few ? few : identities.Distinct(StringComparer.Ordinal).ToArray();
}

/// <summary>One document per stream, keyed by the stream key unless <see cref="DocumentId"/> says otherwise.</summary>
public abstract class StreamFoldProjection<TDoc> : FoldProjection<TDoc> where TDoc : class
{
    protected virtual string DocumentId(IEvent @event) => @event.StreamKey!;

    protected sealed override IEnumerable<string> Identities(IEvent @event) => [DocumentId(@event)];

    protected abstract TDoc? Evolve(TDoc? current, IEvent @event);

    protected sealed override TDoc? Evolve(TDoc? current, string id, IEvent @event) => Evolve(current, @event);
}

public static class FoldProjectionRegistration
{
    /// <summary>Registers a fold projection under its own name, reading only its event types.</summary>
    public static StoreOptions AddFold<TDoc>(this StoreOptions options, FoldProjection<TDoc> projection) where TDoc : class
    {
        if (projection.KeepsChanges && projection.Lifecycle != ProjectionLifecycle.Async)
            throw new InvalidOperationException($"{projection.Name} keeps a change ledger, which only an async projection may (docs/adr/0098).");
        var source = new ProjectionWrapper<IDocumentOperations, IQuerySession>(projection, projection.Lifecycle) { Name = projection.Name };
        foreach (var type in projection.EventTypes) source.IncludeType(type);
        source.Options.BatchSize = projection.BatchSize;
        source.Options.DeleteViewTypeOnTeardown<TDoc>(); // a rebuild starts from an empty table
        options.Projections.Add(source, projection.Lifecycle);
        return options;
    }
}
