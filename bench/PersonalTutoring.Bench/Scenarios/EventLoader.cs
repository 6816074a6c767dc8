using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using PersonalTutoring.Bench.Model;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Bench.Scenarios;

/// <summary>
/// Loads a large event history fast with binary COPY straight into <c>mt_streams</c> and <c>mt_events</c>, in one
/// transaction, with the rows the store itself would have written: contiguous sequence numbers (and the sequence
/// moved past them), per-stream versions 1..n, the store's aliases and its JSON serialisation.
/// </summary>
/// <remarks>
/// Streams are interleaved at random (fixed seed), as concurrent users would write them, so a daemon batch
/// touches hundreds of different documents rather than one stream's run of events.
/// </remarks>
internal static class EventLoader
{
    private const int Seed = 20_251_122;

    public static async Task<LoadedEvents> LoadAsync(string connectionString, EventTypeRegistry types, int events, int eventsPerStream, int payloadBytes, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        var streamCount = Math.Max(1, events / Math.Max(1, eventsPerStream));
        var random = new Random(Seed);
        var streamOf = new int[events];
        var lengths = new int[streamCount];
        for (var i = 0; i < events; i++)
            lengths[streamOf[i] = random.Next(streamCount)]++;

        var schema = BenchModel.EventSchema;
        var dotnetType = typeof(LessonNoted).FullName!;
        var now = DateTimeOffset.UtcNow;

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var first = 1 + await ScalarAsync(connection, $"SELECT coalesce(max(seq_id), 0) FROM {schema}.mt_events", ct);

        await using (var streams = await connection.BeginBinaryImportAsync($"COPY {schema}.mt_streams (id, type, version, timestamp, created) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var s = 0; s < streamCount; s++)
            {
                if (lengths[s] == 0) continue;
                await streams.StartRowAsync(ct);
                await streams.WriteAsync(StreamId(s), NpgsqlDbType.Text, ct);
                await streams.WriteAsync("bench-tally", NpgsqlDbType.Varchar, ct);
                await streams.WriteAsync((long)lengths[s], NpgsqlDbType.Bigint, ct);
                await streams.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                await streams.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
            }
            await streams.CompleteAsync(ct);
        }

        var versions = new long[streamCount];
        await using (var rows = await connection.BeginBinaryImportAsync(
            $"COPY {schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, mt_dotnet_type) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var i = 0; i < events; i++)
            {
                var stream = streamOf[i];
                await rows.StartRowAsync(ct);
                await rows.WriteAsync(first + i, NpgsqlDbType.Bigint, ct);
                await rows.WriteAsync(Guid.CreateVersion7(now), NpgsqlDbType.Uuid, ct);
                await rows.WriteAsync(StreamId(stream), NpgsqlDbType.Text, ct);
                await rows.WriteAsync(++versions[stream], NpgsqlDbType.Bigint, ct);
                await rows.WriteAsync(types.Serialize(BenchModel.Event(payloadBytes, i)), NpgsqlDbType.Jsonb, ct);
                await rows.WriteAsync(BenchModel.EventAlias, NpgsqlDbType.Varchar, ct);
                await rows.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                await rows.WriteAsync(dotnetType, NpgsqlDbType.Varchar, ct);
            }
            await rows.CompleteAsync(ct);
        }

        // The next append must take the number after the loaded ones, exactly as if the store had written them.
        await ScalarAsync(connection, $"SELECT setval('{schema}.mt_events_sequence', {first + events - 1})", ct);
        await tx.CommitAsync(ct);
        var loadTime = started.Elapsed;

        // Set hint bits and the visibility map now, so neither the raw read nor the daemon pays for the bulk load.
        await using (var vacuum = new NpgsqlCommand($"VACUUM (ANALYZE) {schema}.mt_streams, {schema}.mt_events", connection) { CommandTimeout = 0 })
            await vacuum.ExecuteNonQueryAsync(ct);

        return new LoadedEvents(events, lengths.Count(l => l > 0), first, first + events - 1, loadTime, started.Elapsed - loadTime);
    }

    public static string StreamId(int stream) => $"tally-{stream:D7}";

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}

internal sealed record LoadedEvents(int Events, int Streams, long FirstSequence, long LastSequence, TimeSpan LoadTime, TimeSpan VacuumTime);
