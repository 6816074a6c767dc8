using System.Diagnostics;
using Npgsql;
using PersonalTutoring.Bench.Infrastructure;
using PersonalTutoring.Bench.Model;

namespace PersonalTutoring.Bench.Scenarios;

/// <summary>
/// The floor for anything that consumes the log in order: keyset-paged <c>SELECT … ORDER BY seq_id LIMIT n</c> over
/// the columns Marten's daemon selects, each page its own statement on one connection. Every value is read into
/// .NET (the JSON as a string) but no JSON is parsed and nothing is written.
/// </summary>
internal static class RawOrderedRead
{
    public static async Task<ThroughputRun> RunAsync(string connectionString, int batchSize, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            SELECT seq_id, id, stream_id, version, data::text, type, timestamp, tenant_id, mt_dotnet_type, is_archived,
                   correlation_id, causation_id, user_name, headers::text
            FROM {BenchModel.EventSchema}.mt_events WHERE seq_id > @after ORDER BY seq_id LIMIT @limit
            """, connection);
        var after = command.Parameters.AddWithValue("after", 0L);
        command.Parameters.AddWithValue("limit", batchSize);

        var cpu = CpuSnapshot.Take();
        var started = Stopwatch.StartNew();
        long rows = 0, jsonChars = 0;
        while (true)
        {
            var inBatch = 0;
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    after.Value = reader.GetInt64(0);
                    _ = reader.GetGuid(1);
                    _ = reader.GetString(2);
                    _ = reader.GetInt64(3);
                    jsonChars += reader.GetString(4).Length;
                    _ = reader.GetString(5);
                    _ = reader.GetFieldValue<DateTimeOffset>(6);
                    _ = reader.GetString(7);
                    _ = reader.GetString(8);
                    _ = reader.GetBoolean(9);
                    for (var column = 10; column <= 13; column++)
                        if (!reader.IsDBNull(column)) _ = reader.GetString(column);
                    inBatch++;
                }
            }
            rows += inBatch;
            if (inBatch < batchSize) break;
        }
        GC.KeepAlive(jsonChars);
        return new ThroughputRun(rows, started.Elapsed) { Cores = CpuSnapshot.Between(cpu, CpuSnapshot.Take()) };
    }
}

internal sealed record ThroughputRun(long Events, TimeSpan Elapsed)
{
    public CpuUsage? Cores { get; init; }

    /// <summary>Bytes this process allocated in the window (all threads): the client's garbage per event, which contention does not move.</summary>
    public long AllocatedBytes { get; init; }

    public double AllocatedPerEvent => Events == 0 ? 0 : (double)AllocatedBytes / Events;

    public double PerSecond => Events / Elapsed.TotalSeconds;
}
