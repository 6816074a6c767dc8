using Npgsql;
using PersonalTutoring.BuildingBlocks.Projections;


namespace PersonalTutoring.BuildingBlocks.EventSourcing;

/// <summary>
/// The event store's read side and the factory of write sessions (shaped like Marten's <c>IDocumentStore</c>/
/// <c>IQuerySession.Events</c>). Handlers use it directly: there is no repository layer (rule 6).
/// </summary>
public sealed class EventStore(
    NpgsqlDataSource dataSource,
    EventStoreOptions options,
    TimeProvider clock,
    IEventMetadataProvider metadata,
    EventAppendSignal appended,
    HighWaterMark highWater)
{
    internal NpgsqlDataSource DataSource => dataSource;
    internal EventStoreOptions Options => options;
    private string Schema => options.EventSchema;

    /// <summary>A unit of work: streams started and appended, inline projections and enlisted writes commit together.</summary>
    public EventSession OpenSession(EventMetadata? sessionMetadata = null) =>
        new(dataSource, options, clock, sessionMetadata ?? metadata.Current, appended);

    /// <summary>Appends to one stream, expecting it at <paramref name="expectedVersion"/> (0: the stream must not exist).</summary>
    public async Task<IReadOnlyList<StoredEvent>> AppendAsync(string streamId, long expectedVersion, IEnumerable<object> events, CancellationToken ct = default)
    {
        await using var session = OpenSession();
        session.Append(streamId, expectedVersion, events.ToArray());
        return await session.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<StoredEvent>> StartStreamAsync(string streamId, string streamType, IEnumerable<object> events, CancellationToken ct = default)
    {
        await using var session = OpenSession();
        session.StartStream(streamId, streamType, events.ToArray());
        return await session.SaveChangesAsync(ct);
    }

    /// <summary>A stream's events, optionally only up to a version or up to (and including) an instant.</summary>
    public async Task<IReadOnlyList<StoredEvent>> FetchStreamAsync(string streamId, long? toVersion = null, DateTimeOffset? asOf = null, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"""
            SELECT {EventRows.Columns} FROM {Schema}.mt_events
            WHERE stream_id = @id AND (@version::bigint IS NULL OR version <= @version) AND (@asOf::timestamptz IS NULL OR timestamp <= @asOf)
            ORDER BY version
            """, connection);
        command.Parameters.AddWithValue("id", streamId);
        command.Parameters.AddWithValue("version", (object?)toVersion ?? DBNull.Value);
        command.Parameters.AddWithValue("asOf", (object?)asOf ?? DBNull.Value);
        return await EventRows.ReadAllAsync(command, options.Events, ct);
    }

    public async Task<StreamState?> FetchStreamStateAsync(string streamId, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(
            $"SELECT id, type, version, created, timestamp, is_archived FROM {Schema}.mt_streams WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", streamId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new StreamState(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2),
            reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetBoolean(5));
    }

    /// <summary>Live aggregation of a write model, now or as it was at a version or an instant (time travel).</summary>
    public async Task<T?> AggregateStreamAsync<T>(string streamId, long? version = null, DateTimeOffset? asOf = null, CancellationToken ct = default)
        where T : class, IWriteModel<T>
    {
        var events = await FetchStreamAsync(streamId, version, asOf, ct);
        return events.Count == 0 ? null : Fold<T>(events);
    }

    /// <summary>The current write model and the version to expect when appending the decision's events.</summary>
    public async Task<StreamForWriting<T>> FetchForWritingAsync<T>(string streamId, CancellationToken ct = default)
        where T : IWriteModel<T>
    {
        var events = await FetchStreamAsync(streamId, ct: ct);
        return new StreamForWriting<T>(streamId, Fold<T>(events), events.Count == 0 ? 0 : events[^1].Version);
    }

    public static T Fold<T>(IEnumerable<StoredEvent> events) where T : IWriteModel<T> =>
        events.Aggregate(T.Initial, (state, e) => state.Evolve(e));

    /// <summary>The highest sequence number committed so far (0 when empty).</summary>
    public async Task<long> LastSequenceAsync(CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"SELECT coalesce(max(seq_id), 0) FROM {Schema}.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Committed events after a sequence number, in order, never past the high-water mark: a reader that pages
    /// with the last sequence it saw can never skip an event still being committed (for integrator feeds).
    /// </summary>
    public async Task<EventPage> ReadAllAsync(long afterSequence, int limit, IReadOnlyCollection<Type>? types = null, CancellationToken ct = default)
    {
        var ceiling = await highWater.RefreshAsync(ct);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"""
            SELECT {EventRows.Columns} FROM {Schema}.mt_events
            WHERE seq_id > @after AND seq_id <= @ceiling AND (@types::text[] IS NULL OR type = ANY(@types))
            ORDER BY seq_id LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("after", afterSequence);
        command.Parameters.AddWithValue("ceiling", ceiling);
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddWithValue("types", (object?)types?.Select(options.Events.AliasFor).ToArray() ?? DBNull.Value);
        var events = await EventRows.ReadAllAsync(command, options.Events, ct);
        // With a full page the reader continues after its last event; otherwise everything up to the ceiling was seen.
        var next = events.Count == limit ? events[^1].Sequence : Math.Max(afterSequence, ceiling);
        return new EventPage(events, next);
    }
}

/// <summary>A page of the global event log and the sequence to continue after (past filtered-out events too).</summary>
public sealed record EventPage(IReadOnlyList<StoredEvent> Events, long NextAfter);
