using PersonalTutoring.BuildingBlocks.Documents;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.BuildingBlocks.Projections;

public enum ProjectionLifecycle
{
    /// <summary>Applied in the appending transaction: for read models that commands depend on.</summary>
    Inline,

    /// <summary>Applied by the daemon after commit, in global order, exactly once.</summary>
    Async,
}

/// <summary>
/// A projection turns events into read-model documents. It must be deterministic: applying the same events in
/// the same order yields the same documents, which is what makes a rebuild equal to the incremental result.
/// </summary>
public abstract class Projection
{
    public abstract string Name { get; }

    public ProjectionLifecycle Lifecycle { get; init; } = ProjectionLifecycle.Async;

    /// <summary>The document types this projection owns: a rebuild recreates exactly these tables.</summary>
    public abstract IReadOnlyCollection<Type> DocumentTypes { get; }

    /// <summary>The event types it handles; others are skipped without being loaded. Null: all.</summary>
    public virtual IReadOnlyCollection<Type>? EventTypes => null;

    /// <summary>Applies a batch of events (in sequence order) through the batch's document operations.</summary>
    public abstract Task ApplyAsync(DocumentOperations operations, IReadOnlyList<StoredEvent> events, CancellationToken ct);

    internal bool Handles(StoredEvent e) => EventTypes is null || EventTypes.Contains(e.Data.GetType());
}

/// <summary>One document per stream, keyed by stream id (Marten's SingleStreamProjection).</summary>
public abstract class SingleStreamProjection<TDoc> : Projection where TDoc : class
{
    public override IReadOnlyCollection<Type> DocumentTypes => [typeof(TDoc)];

    /// <summary>The next state of the stream's document; <c>null</c> deletes it.</summary>
    protected abstract TDoc? Evolve(TDoc? current, StoredEvent @event);

    public override Task ApplyAsync(DocumentOperations operations, IReadOnlyList<StoredEvent> events, CancellationToken ct) =>
        DocumentFold.ApplyAsync<TDoc>(operations, events, e => [e.StreamId], (doc, _, e) => Evolve(doc, e), ct);
}

/// <summary>Documents keyed by something other than the stream (Marten's MultiStreamProjection).</summary>
public abstract class MultiStreamProjection<TDoc> : Projection where TDoc : class
{
    public override IReadOnlyCollection<Type> DocumentTypes => [typeof(TDoc)];

    /// <summary>The documents an event touches; none means it is ignored.</summary>
    protected abstract IEnumerable<string> Identities(StoredEvent @event);

    protected abstract TDoc? Evolve(TDoc? current, string id, StoredEvent @event);

    public override Task ApplyAsync(DocumentOperations operations, IReadOnlyList<StoredEvent> events, CancellationToken ct) =>
        DocumentFold.ApplyAsync<TDoc>(operations, events, Identities, Evolve, ct);
}

internal static class DocumentFold
{
    /// <summary>Loads every touched document once, folds the batch in memory, then writes each changed one once.</summary>
    public static async Task ApplyAsync<TDoc>(
        DocumentOperations operations,
        IReadOnlyList<StoredEvent> events,
        Func<StoredEvent, IEnumerable<string>> identities,
        Func<TDoc?, string, StoredEvent, TDoc?> evolve,
        CancellationToken ct) where TDoc : class
    {
        var routed = events.Select(e => (Event: e, Ids: identities(e).Distinct().ToArray())).Where(r => r.Ids.Length > 0).ToList();
        if (routed.Count == 0) return;
        var ids = routed.SelectMany(r => r.Ids).ToHashSet(StringComparer.Ordinal);
        var loaded = await operations.LoadManyAsync<TDoc>(ids, ct);
        var current = ids.ToDictionary(id => id, id => loaded.GetValueOrDefault(id), StringComparer.Ordinal);
        var lastSequence = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (e, eventIds) in routed)
            foreach (var id in eventIds)
            {
                current[id] = evolve(current[id], id, e);
                lastSequence[id] = e.Sequence;
            }

        var toStore = current.Where(kv => kv.Value is not null).Select(kv => (kv.Key, kv.Value!)).ToArray();
        var toDelete = current.Where(kv => kv.Value is null && loaded.ContainsKey(kv.Key)).Select(kv => kv.Key).ToArray();
        await operations.StoreManyAsync(toStore, lastSequence.Values.Max(), ct);
        await operations.DeleteManyAsync<TDoc>(toDelete, ct);
    }
}

/// <summary>The projections every module registered, by name.</summary>
public sealed class ProjectionRegistry
{
    private readonly List<Projection> projections = [];

    public IReadOnlyList<Projection> All => projections;

    public IEnumerable<Projection> Inline => projections.Where(p => p.Lifecycle == ProjectionLifecycle.Inline);

    public IEnumerable<Projection> Async => projections.Where(p => p.Lifecycle == ProjectionLifecycle.Async);

    public void Add(Projection projection)
    {
        if (projections.Any(p => p.Name == projection.Name))
            throw new InvalidOperationException($"A projection named '{projection.Name}' is already registered.");
        projections.Add(projection);
    }

    public Projection Get(string name) =>
        projections.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new UnknownProjectionException(name);
}

public sealed class UnknownProjectionException(string name) : Exception($"No projection is named '{name}'.")
{
    public string ProjectionName { get; } = name;
}
