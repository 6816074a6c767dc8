using System.Diagnostics;
using Npgsql;
using PersonalTutoring.Bench.Infrastructure;

namespace PersonalTutoring.Bench.Scenarios;

/// <summary>
/// The KPI scenario's raw-PostgreSQL baseline: the documents and events one answer reads, selected by school (or all of
/// them for the university) through Npgsql and read to the end, no host, no arithmetic.
/// </summary>
internal sealed partial class KpiScenario
{
    private static readonly string[] SchoolReads =
    [
        "SELECT data FROM allocation.mt_doc_studentfacts WHERE data ->> 'schoolCode' = $1",
        "SELECT data FROM allocation.mt_doc_studentview WHERE data -> 'record' ->> 'schoolCode' = $1",
        "SELECT r.data FROM contact.mt_doc_studentrecord r JOIN allocation.mt_doc_studentview v ON v.id = r.id WHERE v.data -> 'record' ->> 'schoolCode' = $1",
        "SELECT data FROM meetings.mt_doc_meetingview WHERE data ->> 'schoolCode' = $1",
        "SELECT data FROM meetings.mt_doc_slotview WHERE data ->> 'schoolCode' = $1",
        "SELECT data FROM governance.mt_doc_tutordevelopmentview WHERE data ->> 'schoolCode' = $1",
        "SELECT data FROM {events}.mt_events WHERE stream_id LIKE 'school-evaluation-' || $1 || '-%'",
    ];

    private static async Task<LatencySummary> RawAsync(string connectionString, string? school, int count, CancellationToken ct)
    {
        await using var raw = NpgsqlDataSource.Create(connectionString);
        var events = await EventSchemaAsync(raw, ct);
        var samples = new long[count];
        for (var i = -1; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            foreach (var read in SchoolReads)
            {
                var sql = read.Replace("{events}", events, StringComparison.Ordinal);
                if (school is null) sql = sql.Split(" WHERE ")[0];
                await using var command = raw.CreateCommand(sql);
                if (school is not null) command.Parameters.AddWithValue(school);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) _ = reader.GetString(0);
            }
            if (i >= 0) samples[i] = Stopwatch.GetTimestamp() - start; // the first is a warm-up
        }
        return LatencySummary.From(samples);
    }

    private static async Task<string> EventSchemaAsync(NpgsqlDataSource raw, CancellationToken ct)
    {
        await using var command = raw.CreateCommand("SELECT table_schema FROM information_schema.tables WHERE table_name = 'mt_events' LIMIT 1");
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }
}
