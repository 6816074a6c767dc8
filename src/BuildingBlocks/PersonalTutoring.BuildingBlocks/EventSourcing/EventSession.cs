using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using PersonalTutoring.BuildingBlocks.Documents;

namespace PersonalTutoring.BuildingBlocks.EventSourcing;

/// <summary>
/// A unit of work over the event store (Marten's <c>IDocumentSession.Events</c>): queue stream starts and
/// appends, enlist other writes (an outbox row, say), then <see cref="SaveChangesAsync"/> commits them all in one
/// transaction with the inline projections.
/// </summary>
/// <remarks>
/// Per stream, one statement checks the expected version by updating <c>mt_streams</c> and only then takes
/// sequence numbers for the events. The update gives the transaction its id before any sequence number is
/// taken, which the daemon's gap detection relies on (docs/adr/0002-gap-safe-async-projections.md).
/// </remarks>
public sealed class EventSession : IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource;
    private readonly EventStoreOptions options;
    private readonly TimeProvider clock;
    private readonly EventMetadata metadata;
    private readonly EventAppendSignal appended;
    private readonly List<PendingStream> pending = [];
    private readonly HashSet<string> queuedStreams = new(StringComparer.Ordinal); // bulk commands queue thousands of streams
    private readonly List<Func<DocumentOperations, CancellationToken, Task>> enlisted = [];
    private readonly Dictionary<Type, Dictionary<string, object>> known = [];
    private bool saved;

    internal EventSession(NpgsqlDataSource dataSource, EventStoreOptions options, TimeProvider clock, EventMetadata metadata, EventAppendSignal appended)
    {
        this.dataSource = dataSource;
        this.options = options;
        this.clock = clock;
        this.metadata = metadata;
        this.appended = appended;
    }

    public bool HasChanges => pending.Any(p => p.Events.Count > 0) || enlisted.Count > 0;

    /// <summary>Starts a new stream; committing fails with a conflict if it exists.</summary>
    public void StartStream(string streamId, string streamType, params object[] events) =>
        Queue(streamId, StreamExpectation.New, streamType, events);

    /// <summary>Appends expecting the stream at <paramref name="expectedVersion"/>; 0 means it must not exist yet.</summary>
    public void Append(string streamId, long expectedVersion, params object[] events)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        Queue(streamId, expectedVersion == 0 ? StreamExpectation.New : StreamExpectation.AtVersion(expectedVersion), null, events);
    }

    /// <summary>Appends whatever the stream's version (creating it if needed): for streams with no invariants to protect.</summary>
    public void AppendAnyVersion(string streamId, params object[] events) =>
        Queue(streamId, StreamExpectation.Any, null, events);

    /// <summary>Runs an extra write (an outbox row, a lookup table) inside the same transaction.</summary>
    public void Enlist(Func<DocumentOperations, CancellationToken, Task> write) => enlisted.Add(write);

    /// <summary>
    /// Documents the caller has just read, each exactly at the version of the stream it appends to at that version
    /// (an inline single-stream view carries its stream's version). Inline projections start from them instead of
    /// loading them again. They cannot be stale when used: if such a stream had moved, the append is refused before
    /// any projection runs. A document written during the save is read from its table from then on.
    /// </summary>
    public void Remember<T>(IEnumerable<(string Id, T Document)> documents) where T : class
    {
        if (!known.TryGetValue(typeof(T), out var byId))
            known[typeof(T)] = byId = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (id, document) in documents)
            byId[id] = document;
    }

    private void Queue(string streamId, StreamExpectation expectation, string? streamType, object[] events)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamId);
        if (saved) throw new InvalidOperationException("This session has already been saved.");
        if (!queuedStreams.Add(streamId))
            throw new InvalidOperationException($"Stream '{streamId}' is already queued in this session; append all its events at once.");
        pending.Add(new PendingStream(streamId, expectation, streamType, events));
    }

    public async Task<IReadOnlyList<StoredEvent>> SaveChangesAsync(CancellationToken ct = default)
    {
        if (saved) throw new InvalidOperationException("This session has already been saved.");
        saved = true;
        var streams = pending.Where(p => p.Events.Count > 0).OrderBy(p => p.StreamId, StringComparer.Ordinal).ToList(); // one lock order: no deadlocks
        if (streams.Count == 0 && enlisted.Count == 0) return [];

        var now = clock.GetUtcNow();
        var rows = streams.Select(s => s.ToRows(options.Events, metadata, now)).ToList();

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var stored = new List<StoredEvent>();
        try
        {
            stored.AddRange(await AppendStreamsAsync(connection, tx, streams, rows, now, ct));

            var operations = new DocumentOperations(connection, tx, options.Documents, known: known);
            foreach (var projection in options.Projections.Inline)
            {
                var relevant = stored.Where(projection.Handles).ToList();
                if (relevant.Count > 0) await projection.ApplyAsync(operations, relevant, ct);
            }
            foreach (var write in enlisted)
                await write(operations, ct);

            await tx.CommitAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation && e.ConstraintName is "pk_mt_events_stream_and_version" or "mt_streams_pkey")
        {
            // Two writers raced past the version check's read: the loser sees the unique key, which is the same conflict.
            var stream = streams.FirstOrDefault(s => e.Detail?.Contains(s.StreamId) == true) ?? streams[0];
            throw stream.Expectation.Conflict(stream.StreamId);
        }

        appended.Notify();
        return stored.OrderBy(e => e.Sequence).ToList();
    }

    private async Task<List<StoredEvent>> AppendStreamsAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        List<PendingStream> streams, List<IReadOnlyList<EventRow>> rows, DateTimeOffset now, CancellationToken ct)
    {
        var stored = new List<StoredEvent>();
        // Many streams expected at known versions (a bulk command such as auto-allocation) are appended set-based
        // (docs/adr/0006); the rest, one statement per stream. Either way: version check first, then sequence numbers.
        var versioned = streams.Zip(rows).Where(p => p.First.Expectation.Kind == ExpectationKind.AtVersion).ToList();
        var bulk = versioned.Count >= BulkThreshold ? versioned : [];
        var single = streams.Zip(rows).Except(bulk).ToList();
        if (single.Count > 0)
        {
            await using var batch = new NpgsqlBatch(connection, tx);
            foreach (var (stream, streamRows) in single)
                batch.BatchCommands.Add(AppendCommand(stream, streamRows, now));
            await using var reader = await batch.ExecuteReaderAsync(ct);
            foreach (var (stream, streamRows) in single)
            {
                var sequences = new Dictionary<Guid, (long Seq, long Version)>();
                while (await reader.ReadAsync(ct))
                    sequences[reader.GetGuid(0)] = (reader.GetInt64(1), reader.GetInt64(2));
                if (sequences.Count == 0) throw stream.Expectation.Conflict(stream.StreamId);
                stored.AddRange(streamRows.Select(r => r.ToStored(sequences[r.Id])));
                await reader.NextResultAsync(ct);
            }
        }
        if (bulk.Count > 0)
            stored.AddRange(await BulkAppendAsync(connection, tx, bulk, now, ct));
        return stored;
    }

    /// <summary>From this many version-checked streams in one session, appends are set-based.</summary>
    internal const int BulkThreshold = 16;

    /// <summary>
    /// Moves every stream row at its expected version in one statement (row locks taken in stream-id order first,
    /// so two bulk sessions cannot deadlock), refuses the whole session if one was stale, then takes the sequence
    /// numbers and copies the events in with binary <c>COPY</c>: no statement carries thousands of jsonb values.
    /// </summary>
    private async Task<IEnumerable<StoredEvent>> BulkAppendAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        IReadOnlyList<(PendingStream Stream, IReadOnlyList<EventRow> Rows)> bulk, DateTimeOffset now, CancellationToken ct)
    {
        var schema = options.EventSchema;
        await using (var batch = new NpgsqlBatch(connection, tx))
        {
            batch.BatchCommands.Add(LockStreamsCommand(bulk.Select(b => b.Stream.StreamId)));
            batch.BatchCommands.Add(MoveStreamsCommand(bulk, now));
            await using var reader = await batch.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) { } // the locked stream ids
            await reader.NextResultAsync(ct);
            var moved = new HashSet<string>(StringComparer.Ordinal);
            while (await reader.ReadAsync(ct))
                moved.Add(reader.GetString(0));
            foreach (var (stream, _) in bulk)
                if (!moved.Contains(stream.StreamId)) throw stream.Expectation.Conflict(stream.StreamId);
        }

        var count = bulk.Sum(b => b.Rows.Count);
        var sequences = new List<long>(count);
        await using (var take = new NpgsqlCommand($"SELECT nextval('{schema}.mt_events_sequence') FROM generate_series(1, @count)", connection, tx))
        {
            take.Parameters.AddWithValue("count", count);
            await using var reader = await take.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                sequences.Add(reader.GetInt64(0));
        }
        sequences.Sort();

        var stored = new List<StoredEvent>(count);
        var headers = HeadersJson;
        await using (var writer = await connection.BeginBinaryImportAsync($"""
            COPY {schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, mt_dotnet_type, correlation_id, causation_id, headers, user_name)
            FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var (stream, streamRows) in bulk)
                for (var i = 0; i < streamRows.Count; i++)
                {
                    var row = streamRows[i];
                    var position = (Seq: sequences[stored.Count], Version: stream.Expectation.Version + i + 1);
                    await writer.StartRowAsync(ct);
                    await writer.WriteAsync(position.Seq, NpgsqlDbType.Bigint, ct);
                    await writer.WriteAsync(row.Id, NpgsqlDbType.Uuid, ct);
                    await writer.WriteAsync(row.StreamId, NpgsqlDbType.Text, ct);
                    await writer.WriteAsync(position.Version, NpgsqlDbType.Bigint, ct);
                    await writer.WriteAsync(row.Json, NpgsqlDbType.Jsonb, ct);
                    await writer.WriteAsync(row.Alias, NpgsqlDbType.Varchar, ct);
                    await writer.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                    await writer.WriteAsync(row.DotnetType, NpgsqlDbType.Varchar, ct);
                    await WriteNullableAsync(writer, metadata.CorrelationId, NpgsqlDbType.Varchar, ct);
                    await WriteNullableAsync(writer, metadata.CausationId, NpgsqlDbType.Varchar, ct);
                    await WriteNullableAsync(writer, headers, NpgsqlDbType.Jsonb, ct);
                    await WriteNullableAsync(writer, metadata.UserName, NpgsqlDbType.Varchar, ct);
                    stored.Add(row.ToStored(position));
                }
            await writer.CompleteAsync(ct);
        }
        return stored;
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is null) await writer.WriteNullAsync(ct);
        else await writer.WriteAsync(value, type, ct);
    }

    /// <summary>Row locks in stream id order before the set-based update, so two bulk sessions cannot deadlock.</summary>
    private NpgsqlBatchCommand LockStreamsCommand(IEnumerable<string> streamIds)
    {
        var command = new NpgsqlBatchCommand($"SELECT id FROM {options.EventSchema}.mt_streams WHERE id = ANY(@ids) ORDER BY id FOR UPDATE");
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = streamIds.ToArray() });
        return command;
    }

    /// <summary>Moves each stream row that is at its expected version; a stream id not returned was stale.</summary>
    private NpgsqlBatchCommand MoveStreamsCommand(IReadOnlyList<(PendingStream Stream, IReadOnlyList<EventRow> Rows)> streams, DateTimeOffset now)
    {
        var command = new NpgsqlBatchCommand($"""
            UPDATE {options.EventSchema}.mt_streams m SET version = m.version + x.count, timestamp = @now
            FROM unnest(@sids, @expected, @counts) AS x(id, expected, count)
            WHERE m.id = x.id AND m.version = x.expected
            RETURNING m.id
            """);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter("sids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = streams.Select(s => s.Stream.StreamId).ToArray() });
        p.Add(new NpgsqlParameter("expected", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = streams.Select(s => s.Stream.Expectation.Version).ToArray() });
        p.Add(new NpgsqlParameter("counts", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = streams.Select(s => (long)s.Rows.Count).ToArray() });
        p.AddWithValue("now", now);
        return command;
    }

    private string? HeadersJson => metadata.Headers is { Count: > 0 } h ? JsonSerializer.Serialize(h) : null;

    private void AddMetadata(NpgsqlParameterCollection p)
    {
        p.AddWithValue("correlation", (object?)metadata.CorrelationId ?? DBNull.Value);
        p.AddWithValue("causation", (object?)metadata.CausationId ?? DBNull.Value);
        p.Add(new NpgsqlParameter("headers", NpgsqlDbType.Jsonb) { Value = (object?)HeadersJson ?? DBNull.Value });
        p.AddWithValue("user", (object?)metadata.UserName ?? DBNull.Value);
    }

    private NpgsqlBatchCommand AppendCommand(PendingStream stream, IReadOnlyList<EventRow> rows, DateTimeOffset now)
    {
        var schema = options.EventSchema;
        // The CTE produces the base version only when the expectation holds; with no row, no sequence number is taken.
        var streamStep = stream.Expectation.Kind switch
        {
            ExpectationKind.New => $"""
                INSERT INTO {schema}.mt_streams (id, type, version, timestamp, created) VALUES (@id, @type, @count, @now, @now)
                ON CONFLICT (id) DO NOTHING RETURNING 0::bigint AS base
                """,
            ExpectationKind.AtVersion => $"""
                UPDATE {schema}.mt_streams SET version = version + @count, timestamp = @now
                WHERE id = @id AND version = @expected RETURNING version - @count AS base
                """,
            _ => $"""
                INSERT INTO {schema}.mt_streams (id, type, version, timestamp, created) VALUES (@id, @type, @count, @now, @now)
                ON CONFLICT (id) DO UPDATE SET version = {schema}.mt_streams.version + @count, timestamp = @now
                RETURNING version - @count AS base
                """,
        };
        var command = new NpgsqlBatchCommand($"""
            WITH s AS ({streamStep})
            INSERT INTO {schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, mt_dotnet_type, correlation_id, causation_id, headers, user_name)
            SELECT nextval('{schema}.mt_events_sequence'), e.id, @id, s.base + e.ord, e.data, e.type, @now, e.dotnet, @correlation, @causation, @headers, @user
            FROM s CROSS JOIN unnest(@ids, @datas, @types, @dotnets) WITH ORDINALITY AS e(id, data, type, dotnet, ord)
            ORDER BY e.ord
            RETURNING id, seq_id, version
            """);
        var p = command.Parameters;
        p.AddWithValue("id", stream.StreamId);
        p.AddWithValue("type", (object?)stream.StreamType ?? DBNull.Value);
        p.AddWithValue("count", (long)rows.Count);
        p.AddWithValue("now", now);
        p.AddWithValue("expected", stream.Expectation.Version);
        p.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = rows.Select(r => r.Id).ToArray() });
        p.Add(new NpgsqlParameter("datas", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = rows.Select(r => r.Json).ToArray() });
        p.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = rows.Select(r => r.Alias).ToArray() });
        p.Add(new NpgsqlParameter("dotnets", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = rows.Select(r => r.DotnetType).ToArray() });
        AddMetadata(p);
        return command;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed record PendingStream(string StreamId, StreamExpectation Expectation, string? StreamType, IReadOnlyList<object> Events)
    {
        public IReadOnlyList<EventRow> ToRows(EventTypeRegistry types, EventMetadata metadata, DateTimeOffset now) =>
            Events.Select(e => new EventRow(Guid.CreateVersion7(now), StreamId, e, types.AliasFor(e.GetType()), types.Serialize(e), e.GetType().FullName!, metadata, now)).ToList();
    }

    private sealed record EventRow(Guid Id, string StreamId, object Data, string Alias, string Json, string DotnetType, EventMetadata Metadata, DateTimeOffset Timestamp)
    {
        public StoredEvent ToStored((long Seq, long Version) position) =>
            new(position.Seq, Id, StreamId, position.Version, Data, Alias, Timestamp, Metadata.CorrelationId, Metadata.CausationId, Metadata.UserName, Metadata.Headers);
    }

    private enum ExpectationKind { New, AtVersion, Any }

    private readonly record struct StreamExpectation(ExpectationKind Kind, long Version)
    {
        public static StreamExpectation New => new(ExpectationKind.New, 0);
        public static StreamExpectation Any => new(ExpectationKind.Any, -1);
        public static StreamExpectation AtVersion(long version) => new(ExpectationKind.AtVersion, version);

        public ConcurrencyException Conflict(string streamId) => Kind switch
        {
            ExpectationKind.New => ConcurrencyException.StreamExists(streamId),
            _ => ConcurrencyException.VersionMismatch(streamId, Version),
        };
    }
}
