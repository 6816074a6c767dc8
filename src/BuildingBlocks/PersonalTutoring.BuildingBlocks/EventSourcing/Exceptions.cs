namespace PersonalTutoring.BuildingBlocks.EventSourcing;

/// <summary>The stream was not at the version the writer expected, or a new stream already exists. Maps to 409.</summary>
public sealed class ConcurrencyException(string streamId, long? expectedVersion, string message) : Exception(message)
{
    public string StreamId { get; } = streamId;
    public long? ExpectedVersion { get; } = expectedVersion;

    public static ConcurrencyException VersionMismatch(string streamId, long expected) =>
        new(streamId, expected, $"Stream '{streamId}' is not at version {expected}; it was changed by someone else. Reload and try again.");

    public static ConcurrencyException StreamExists(string streamId) =>
        new(streamId, 0, $"Stream '{streamId}' already exists.");
}

/// <summary>An event type alias the registry does not know, or an event whose CLR type was never registered.</summary>
public sealed class UnknownEventTypeException(string message) : Exception(message);
