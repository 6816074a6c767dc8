using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;

namespace PersonalTutoring.BuildingBlocks.EventSourcing;

/// <summary>
/// A write model (decider state): the minimal state decisions need, folded from a stream's events. <c>Evolve</c>
/// must be pure and ignore events it does not care about. Marten folds it live for
/// <c>session.Events.FetchForWriting&lt;T&gt;</c> and <c>AggregateStreamAsync&lt;T&gt;</c>; it is never stored.
/// </summary>
public interface IWriteModel<TSelf> where TSelf : class, IWriteModel<TSelf>
{
    /// <summary>The stream key; Marten sets it after folding (aggregates need an identity).</summary>
    string Id { get; }

    static abstract TSelf Initial { get; }

    TSelf Evolve(IEvent @event);
}

/// <summary>Marten's live aggregation of a write model: <see cref="IWriteModel{TSelf}.Evolve"/> from <see cref="IWriteModel{TSelf}.Initial"/>.</summary>
public sealed class WriteModelProjection<T> : SingleStreamProjection<T, string> where T : class, IWriteModel<T>
{
    public override T Evolve(T? snapshot, string id, IEvent e) => (snapshot ?? T.Initial).Evolve(e);
}

public static class WriteModels
{
    /// <summary>Registers a write model for live aggregation (FetchForWriting, time travel).</summary>
    public static StoreOptions AddWriteModel<T>(this StoreOptions options) where T : class, IWriteModel<T>
    {
        options.Projections.Add(new WriteModelProjection<T>(), ProjectionLifecycle.Live);
        return options;
    }

    extension<T>(IEventStream<T> stream) where T : class, IWriteModel<T>
    {
        /// <summary>The folded state; <see cref="IWriteModel{TSelf}.Initial"/> for a stream with no events.</summary>
        public T State => stream.Aggregate ?? T.Initial;

        /// <summary>The version the stream was read at (0: it does not exist yet).</summary>
        public long ReadVersion => stream.StartingVersion ?? 0;

        public bool Exists => stream.StartingVersion > 0;
    }
}
