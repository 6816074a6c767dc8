namespace PersonalTutoring.BuildingBlocks.EventSourcing;

/// <summary>
/// A write model (decider state): the minimal state decisions need, folded from a stream's events.
/// <c>Evolve</c> must be pure and ignore events it does not care about.
/// </summary>
public interface IWriteModel<TSelf> where TSelf : IWriteModel<TSelf>
{
    static abstract TSelf Initial { get; }

    TSelf Evolve(StoredEvent @event);
}

/// <summary>A write model together with the stream version it was folded to: the expected version of the next append.</summary>
public sealed record StreamForWriting<T>(string StreamId, T State, long Version)
{
    public bool Exists => Version > 0;
}
