using Npgsql;
using PersonalTutoring.BuildingBlocks.Documents;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.BuildingBlocks.Projections;

/// <summary>The SQL a projection runner and the rebuilder share: locks, checkpoints, event batches, dead letters.</summary>
internal sealed class ProjectionStore(EventStoreOptions options)
{
    private string Schema => options.EventSchema;

    /// <summary>A stable 64-bit advisory lock key per projection (FNV-1a), the same on every host.</summary>
    public static long LockKey(string projectionName)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes("pt:projection:" + projectionName))
            hash = (hash ^ b) * 1099511628211UL;
        return unchecked((long)hash);
    }

    public static async Task<bool> TryLockAsync(NpgsqlConnection connection, string projectionName, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", LockKey(projectionName));
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    public static async Task UnlockAsync(NpgsqlConnection connection, string projectionName)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
        command.Parameters.AddWithValue("key", LockKey(projectionName));
        await command.ExecuteScalarAsync();
    }

    public async Task<long> CheckpointAsync(NpgsqlConnection connection, string name, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {Schema}.mt_event_progression (name, last_seq_id) VALUES (@name, 0) ON CONFLICT (name) DO NOTHING;
            SELECT last_seq_id FROM {Schema}.mt_event_progression WHERE name = @name;
            """, connection);
        command.Parameters.AddWithValue("name", name);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Moves the checkpoint from <paramref name="from"/> to <paramref name="to"/> in the batch's transaction.</summary>
    public async Task MoveCheckpointAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string name, long from, long to, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            UPDATE {Schema}.mt_event_progression SET last_seq_id = @to, last_updated = now() WHERE name = @name AND last_seq_id = @from
            """, connection, tx);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        if (await command.ExecuteNonQueryAsync(ct) != 1)
            throw new CheckpointMovedException(name, from);
    }

    public async Task SetCheckpointAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string name, long to, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {Schema}.mt_event_progression (name, last_seq_id, last_updated) VALUES (@name, @to, now())
            ON CONFLICT (name) DO UPDATE SET last_seq_id = excluded.last_seq_id, last_updated = now()
            """, connection, tx);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("to", to);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The next events after <paramref name="after"/> up to <paramref name="ceiling"/> (inclusive), only of the projection's types.</summary>
    public async Task<List<StoredEvent>> FetchAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Projection projection, long after, long? ceiling, int limit, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT {EventRows.Columns} FROM {Schema}.mt_events
            WHERE seq_id > @after AND (@ceiling::bigint IS NULL OR seq_id <= @ceiling) AND (@types::text[] IS NULL OR type = ANY(@types))
            ORDER BY seq_id LIMIT @limit
            """, connection, tx);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("ceiling", (object?)ceiling ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddWithValue("types", (object?)(projection.EventTypes is { } types ? options.Events.AliasesReadingAs(types).ToArray() : null) ?? DBNull.Value);
        return await EventRows.ReadAllAsync(command, options.Events, ct);
    }

    /// <summary>
    /// Fetches on a connection of its own, so the next batch can be read (and deserialised) while the current one
    /// is applied. Safe because it never reads past a ceiling the high-water mark has already proven.
    /// </summary>
    public async Task<List<StoredEvent>> PrefetchAsync(NpgsqlDataSource dataSource, Projection projection, long after, long ceiling, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await FetchAsync(connection, null, projection, after, ceiling, limit, ct);
    }

    public async Task DeadLetterAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string name, StoredEvent e, Exception error, int attempts, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {Schema}.mt_dead_letters (projection_name, seq_id, event_id, event_type, stream_id, error_type, error_message, attempts)
            VALUES (@name, @seq, @id, @type, @stream, @errorType, @message, @attempts)
            ON CONFLICT (projection_name, seq_id) DO NOTHING
            """, connection, tx);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("seq", e.Sequence);
        command.Parameters.AddWithValue("id", e.Id);
        command.Parameters.AddWithValue("type", e.EventType);
        command.Parameters.AddWithValue("stream", e.StreamId);
        command.Parameters.AddWithValue("errorType", error.GetType().Name);
        command.Parameters.AddWithValue("message", error.Message);
        command.Parameters.AddWithValue("attempts", attempts);
        await command.ExecuteNonQueryAsync(ct);
    }

    public DocumentOperations Operations(NpgsqlConnection connection, NpgsqlTransaction tx, bool shadow = false) =>
        new(connection, tx, options.Documents, shadow);
}

/// <summary>A dead-lettered event: a projection gave up on it after its retries and moved on.</summary>
public sealed record DeadLetter(long Id, string ProjectionName, long Sequence, Guid EventId, string EventType, string StreamId, string ErrorType, string ErrorMessage, int Attempts, DateTimeOffset DeadLetteredAt);

/// <summary>Another host's daemon holds the projection; it cannot be rebuilt from here right now.</summary>
public sealed class ProjectionBusyException(string name)
    : Exception($"Projection '{name}' is being run by another process; rebuild it through that host's admin endpoint or stop it first.");

/// <summary>The checkpoint moved under a runner: the lock was lost. Never a projection fault, never dead-lettered.</summary>
public sealed class CheckpointMovedException(string name, long from)
    : Exception($"The checkpoint of '{name}' is no longer at {from}: another runner moved it.");
