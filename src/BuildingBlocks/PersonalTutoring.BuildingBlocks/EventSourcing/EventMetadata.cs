using Marten;

namespace PersonalTutoring.BuildingBlocks.EventSourcing;

/// <summary>Who and what caused the events being appended; stamped on every event of a session.</summary>
public sealed record EventMetadata(string? CorrelationId, string? CausationId, string? UserName, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static readonly EventMetadata None = new(null, null, null);

    /// <summary>Stamps a session with this metadata: Marten writes it on every event the session appends.</summary>
    public void StampOn(IDocumentSession session)
    {
        if (CorrelationId is not null) session.CorrelationId = CorrelationId;
        if (CausationId is not null) session.CausationId = CausationId;
        if (UserName is not null) session.LastModifiedBy = UserName;
        foreach (var (key, value) in Headers ?? new Dictionary<string, string>())
            session.SetHeader(key, value);
    }
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

/// <summary>
/// Marten's session factory for requests and services: lightweight sessions stamped with the ambient metadata.
/// Sessions Wolverine opens for its handlers carry the message's correlation instead.
/// </summary>
internal sealed class StampedSessionFactory(IDocumentStore store, IEventMetadataProvider metadata) : ISessionFactory
{
    public IQuerySession QuerySession() => store.QuerySession();

    public IDocumentSession OpenSession()
    {
        var session = store.LightweightSession();
        metadata.Current.StampOn(session);
        return session;
    }
}
