namespace PersonalTutoring.BuildingBlocks.EventSourcing;

/// <summary>An event as the store recorded it: the domain payload and its metadata.</summary>
public sealed record StoredEvent(
    long Sequence,
    Guid Id,
    string StreamId,
    long Version,
    object Data,
    string EventType,
    DateTimeOffset Timestamp,
    string? CorrelationId,
    string? CausationId,
    string? UserName,
    IReadOnlyDictionary<string, string>? Headers)
{
    public T DataAs<T>() => (T)Data;
}

/// <summary>The state of one stream: how far it has got and when it last moved.</summary>
public sealed record StreamState(string Id, string? StreamType, long Version, DateTimeOffset Created, DateTimeOffset LastTimestamp, bool IsArchived);

/// <summary>Who and what caused the events being appended; stamped on every event of a session.</summary>
public sealed record EventMetadata(string? CorrelationId, string? CausationId, string? UserName, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static readonly EventMetadata None = new(null, null, null);
}

/// <summary>Supplies the ambient metadata (the current request's correlation and user) to sessions.</summary>
public interface IEventMetadataProvider
{
    EventMetadata Current { get; }
}

internal sealed class NoEventMetadata : IEventMetadataProvider
{
    public EventMetadata Current => EventMetadata.None;
}
