using Npgsql;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.BuildingBlocks.Projections;

/// <summary>
/// The highest sequence number below which every number is either a committed event or provably dead — the
/// ceiling that projections and the integrator feed may read up to without ever skipping a late commit.
/// </summary>
/// <remarks>
/// A gap below a visible event is never skipped on a timer. When first seen, the statement that saw it also
/// records X = xmax of its snapshot: whoever reserved the missing number did so before that statement, and
/// (appenders take their transaction id before any sequence number) has a transaction id below X. Once a later
/// statement's snapshot has xmin ≥ X and the number is still invisible in that same snapshot, its transaction has
/// ended without committing it, so it is dead. See docs/adr/0002-gap-safe-async-projections.md.
/// </remarks>
public sealed class HighWaterMark(NpgsqlDataSource dataSource, EventStoreOptions options)
{
    public const string ProgressionName = "HighWaterMark";
    private const int ScanSize = 10_000;

    private readonly SemaphoreSlim gate = new(1, 1);
    private long safe = -1; // -1: not loaded yet
    private Sighting? sighting;
    private long refreshes;

    /// <summary>The last known ceiling (without asking the database).</summary>
    public long Current => Math.Max(0, Interlocked.Read(ref safe));

    /// <summary>Advances the ceiling as far as the database proves safe and returns it.</summary>
    public async Task<long> RefreshAsync(CancellationToken ct = default)
    {
        var requestedAt = Interlocked.Read(ref refreshes);
        await gate.WaitAsync(ct);
        try
        {
            // Someone refreshed while we waited: their answer is at least as fresh as ours would be.
            if (Interlocked.Read(ref refreshes) > requestedAt) return safe;
            Interlocked.Increment(ref refreshes);

            await using var connection = await dataSource.OpenConnectionAsync(ct);
            if (safe < 0) safe = await LoadPersistedAsync(connection, ct);
            var start = safe;
            while (true)
            {
                var (xmin, xmax, sequences) = await ScanAsync(connection, safe, ct);
                var advancedTo = Advance(safe, xmin, xmax, sequences);
                var progressed = advancedTo > safe;
                Interlocked.Exchange(ref safe, advancedTo);
                if (!progressed || sequences.Length < ScanSize) break;
            }
            if (safe > start) await PersistAsync(connection, safe, ct);
            return safe;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Pure gap logic, kept apart so it can be reasoned about (and tested) without a database.</summary>
    internal long Advance(long from, ulong xmin, ulong xmax, long[] visible)
    {
        var expected = from + 1;
        foreach (var sequence in visible)
        {
            if (sequence < expected) continue;
            if (sequence == expected)
            {
                expected++;
                continue;
            }

            // [expected, sequence - 1] is missing below a visible event.
            if (sighting is { } s && expected <= s.UpTo && xmin >= s.Xmax)
            {
                if (sequence - 1 <= s.UpTo)
                {
                    expected = sequence + 1; // the whole gap is dead
                    continue;
                }
                expected = s.UpTo + 1; // dead up to the sighting; what lies beyond needs its own sighting
            }
            if (sighting is null || expected > sighting.UpTo)
                sighting = new Sighting(visible[^1], xmax);
            break;
        }
        if (sighting is not null && expected - 1 >= sighting.UpTo) sighting = null;
        return expected - 1;
    }

    private async Task<(ulong Xmin, ulong Xmax, long[] Sequences)> ScanAsync(NpgsqlConnection connection, long after, CancellationToken ct)
    {
        // One statement, one snapshot: the visible sequence numbers and the snapshot bounds agree.
        await using var command = new NpgsqlCommand($"""
            SELECT pg_snapshot_xmin(s)::text::numeric, pg_snapshot_xmax(s)::text::numeric,
                   array(SELECT seq_id FROM {options.EventSchema}.mt_events WHERE seq_id > @after ORDER BY seq_id LIMIT {ScanSize})
            FROM pg_current_snapshot() AS s
            """, connection);
        command.Parameters.AddWithValue("after", after);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return ((ulong)reader.GetDecimal(0), (ulong)reader.GetDecimal(1), reader.GetFieldValue<long[]>(2));
    }

    private async Task<long> LoadPersistedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT coalesce((SELECT last_seq_id FROM {options.EventSchema}.mt_event_progression WHERE name = @name), 0)", connection);
        command.Parameters.AddWithValue("name", ProgressionName);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task PersistAsync(NpgsqlConnection connection, long value, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {options.EventSchema}.mt_event_progression (name, last_seq_id, last_updated) VALUES (@name, @value, now())
            ON CONFLICT (name) DO UPDATE SET last_seq_id = greatest(mt_event_progression.last_seq_id, excluded.last_seq_id), last_updated = now()
            """, connection);
        command.Parameters.AddWithValue("name", ProgressionName);
        command.Parameters.AddWithValue("value", value);
        await command.ExecuteNonQueryAsync(ct);
    }

    private sealed record Sighting(long UpTo, ulong Xmax);
}
