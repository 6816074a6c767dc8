using System.Diagnostics;
using Marten;
using Npgsql;
using NpgsqlTypes;
using PersonalTutoring.Bench.Infrastructure;
using PersonalTutoring.Bench.Model;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Bench.Scenarios;

/// <summary>
/// Loads a large event history fast with binary COPY straight into Marten's <c>mt_streams</c> and <c>mt_events</c>,
/// in one transaction, with the rows Marten itself writes: one probe event is appended through a session first and
/// its row is the template (alias, .NET type, tenant), then the loaded rows get contiguous sequence numbers (and the
/// sequence moved past them), per-stream versions 1..n, Marten's JSON serialisation and request metadata.
/// </summary>
/// <remarks>
/// Streams are interleaved at random (fixed seed), as concurrent users would write them, so a daemon page touches
/// nearly as many different documents as it has events.
/// </remarks>
internal static class EventLoader
{
    private const int Seed = 20_251_122;

    /// <summary>Columns of Marten's tables the loader fills; any other must be nullable or have a default.</summary>
    private static readonly string[] EventColumns =
        ["seq_id", "id", "stream_id", "version", "data", "type", "timestamp", "tenant_id", "mt_dotnet_type", "is_archived", "correlation_id", "causation_id", "user_name"];

    private static readonly string[] StreamColumns = ["id", "version", "timestamp", "created", "tenant_id", "is_archived"];

    public static async Task<LoadedEvents> LoadAsync(BenchStore bench, string connectionString, int events, int eventsPerStream, int payloadBytes, CancellationToken ct)
    {
        var schema = BenchModel.EventSchema;
        var template = await ProbeAsync(bench, connectionString, ct);
        var serializer = bench.Store.Options.Serializer();

        var started = Stopwatch.StartNew();
        var streamCount = Math.Max(1, events / Math.Max(1, eventsPerStream));
        var random = new Random(Seed);
        var streamOf = new int[events];
        var lengths = new int[streamCount];
        for (var i = 0; i < events; i++)
            lengths[streamOf[i] = random.Next(streamCount)]++;
        var now = DateTimeOffset.UtcNow;

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await RequireColumnsAsync(connection, "mt_events", EventColumns, ct);
        await RequireColumnsAsync(connection, "mt_streams", StreamColumns, ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var first = 1 + await ScalarAsync(connection, $"SELECT coalesce(max(seq_id), 0) FROM {schema}.mt_events", ct);

        await using (var streams = await connection.BeginBinaryImportAsync($"COPY {schema}.mt_streams ({string.Join(", ", StreamColumns)}) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var s = 0; s < streamCount; s++)
            {
                if (lengths[s] == 0) continue;
                await streams.StartRowAsync(ct);
                await streams.WriteAsync(StreamId(s), NpgsqlDbType.Varchar, ct);
                await streams.WriteAsync((long)lengths[s], NpgsqlDbType.Bigint, ct);
                await streams.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                await streams.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                await streams.WriteAsync(template.TenantId, NpgsqlDbType.Varchar, ct);
                await streams.WriteAsync(false, NpgsqlDbType.Boolean, ct);
            }
            await streams.CompleteAsync(ct);
        }

        var versions = new long[streamCount];
        await using (var rows = await connection.BeginBinaryImportAsync($"COPY {schema}.mt_events ({string.Join(", ", EventColumns)}) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var i = 0; i < events; i++)
            {
                var stream = streamOf[i];
                var metadata = Metadata.ForRequest(i / 4); // a few events per request, as commands append them
                await rows.StartRowAsync(ct);
                await rows.WriteAsync(first + i, NpgsqlDbType.Bigint, ct);
                await rows.WriteAsync(Guid.CreateVersion7(now), NpgsqlDbType.Uuid, ct);
                await rows.WriteAsync(StreamId(stream), NpgsqlDbType.Varchar, ct);
                await rows.WriteAsync(++versions[stream], NpgsqlDbType.Bigint, ct);
                await rows.WriteAsync(serializer.ToJson(BenchModel.Event(payloadBytes, i)), NpgsqlDbType.Jsonb, ct);
                await rows.WriteAsync(template.Alias, NpgsqlDbType.Varchar, ct);
                await rows.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                await rows.WriteAsync(template.TenantId, NpgsqlDbType.Varchar, ct);
                await rows.WriteAsync(template.DotnetType, NpgsqlDbType.Varchar, ct);
                await rows.WriteAsync(false, NpgsqlDbType.Boolean, ct);
                await rows.WriteAsync(metadata.CorrelationId!, NpgsqlDbType.Varchar, ct);
                await rows.WriteAsync(metadata.CausationId!, NpgsqlDbType.Varchar, ct);
                await rows.WriteAsync(metadata.UserName!, NpgsqlDbType.Varchar, ct);
            }
            await rows.CompleteAsync(ct);
        }

        // The next append must take the number after the loaded ones, exactly as if Marten had written them.
        await ScalarAsync(connection, $"SELECT setval('{schema}.mt_events_sequence', {first + events - 1})", ct);
        await tx.CommitAsync(ct);
        var loadTime = started.Elapsed;

        // Set hint bits and the visibility map now, so neither the raw read nor the daemon pays for the bulk load.
        await using (var vacuum = new NpgsqlCommand($"VACUUM (ANALYZE) {schema}.mt_streams, {schema}.mt_events", connection) { CommandTimeout = 0 })
            await vacuum.ExecuteNonQueryAsync(ct);

        return new LoadedEvents(events, lengths.Count(l => l > 0), first, first + events - 1, loadTime, started.Elapsed - loadTime);
    }

    public static string StreamId(int stream) => $"tally-{stream:D7}";

    /// <summary>Appends one event through Marten, keeps what its row says, and removes it again.</summary>
    private static async Task<RowTemplate> ProbeAsync(BenchStore bench, string connectionString, CancellationToken ct)
    {
        const string probe = "bench-probe";
        await using (var session = bench.OpenSession(Metadata.ForRequest(0)))
        {
            session.AppendAt(probe, 0, BenchModel.Event(64, 0));
            await session.SaveChangesAsync(ct);
        }
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        RowTemplate template;
        await using (var read = new NpgsqlCommand($"SELECT type, mt_dotnet_type, tenant_id FROM {BenchModel.EventSchema}.mt_events WHERE stream_id = @probe", connection))
        {
            read.Parameters.AddWithValue("probe", probe);
            await using var reader = await read.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) throw new InvalidOperationException("The probe event was not written.");
            template = new RowTemplate(reader.GetString(0), reader.GetString(1), reader.GetString(2));
        }
        await using var delete = new NpgsqlCommand(
            $"DELETE FROM {BenchModel.EventSchema}.mt_events WHERE stream_id = @probe; DELETE FROM {BenchModel.EventSchema}.mt_streams WHERE id = @probe", connection);
        delete.Parameters.AddWithValue("probe", probe);
        await delete.ExecuteNonQueryAsync(ct);
        return template;
    }

    /// <summary>Fails loudly when Marten's table has a required column the loader would leave empty, or lacks one it fills.</summary>
    private static async Task RequireColumnsAsync(NpgsqlConnection connection, string table, string[] filled, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT column_name, is_nullable = 'NO' AND column_default IS NULL FROM information_schema.columns WHERE table_schema = @schema AND table_name = @table", connection);
        command.Parameters.AddWithValue("schema", BenchModel.EventSchema);
        command.Parameters.AddWithValue("table", table);
        var columns = new Dictionary<string, bool>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) columns[reader.GetString(0)] = reader.GetBoolean(1);
        var missing = filled.Where(c => !columns.ContainsKey(c)).ToList();
        var unfilled = columns.Where(c => c.Value && !filled.Contains(c.Key)).Select(c => c.Key).ToList();
        if (missing.Count > 0 || unfilled.Count > 0)
            throw new InvalidOperationException($"Marten's {table} has changed shape: the loader fills [{string.Join(", ", missing)}], which it lacks, and leaves required [{string.Join(", ", unfilled)}] empty.");
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private sealed record RowTemplate(string Alias, string DotnetType, string TenantId);
}

internal sealed record LoadedEvents(int Events, int Streams, long FirstSequence, long LastSequence, TimeSpan LoadTime, TimeSpan VacuumTime);

/// <summary>What a request stamps on the events it appends (RequestEventMetadata in the host): correlation, causation, user.</summary>
internal static class Metadata
{
    public static EventMetadata ForRequest(long request) =>
        new(ActivityTraceIdFor(request), $"0HNBENCH{request:X8}:00000001", "bench-user");

    // A W3C trace id is 32 hex digits.
    private static string ActivityTraceIdFor(long request) => $"{request:x16}{(ulong)request * 0x9E3779B97F4A7C15UL:x16}";
}
