using System.Globalization;
using Npgsql;

namespace PersonalTutoring.Bench.Infrastructure;

/// <summary>
/// Where the server's time went in a phase, from <c>pg_stat_statements</c> (only with <c>--diagnose</c>: the extension
/// must be preloaded, which the benchmark's own cluster then does; on another server it is used when available).
/// </summary>
internal sealed class ServerStatements(string connectionString, bool enabled)
{
    private bool available = enabled;

    public bool Enabled => available;

    /// <summary>Starts a phase: forgets what earlier statements cost.</summary>
    public async Task ResetAsync(CancellationToken ct)
    {
        if (!available) return;
        try
        {
            await ExecuteAsync("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset();", ct);
        }
        catch (PostgresException e)
        {
            Console.WriteLine($"    (pg_stat_statements unavailable: {e.MessageText}; server statement times are not reported)");
            available = false;
        }
    }

    /// <summary>The statements that took the most server time since <see cref="ResetAsync"/>, heaviest first.</summary>
    public async Task<IReadOnlyList<StatementCost>> TopAsync(int limit, CancellationToken ct)
    {
        if (!available) return [];
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("""
            SELECT calls, rows, total_exec_time, total_plan_time, wal_bytes::bigint, left(regexp_replace(query, '\s+', ' ', 'g'), 220)
            FROM pg_stat_statements
            WHERE query NOT LIKE '%pg_stat_statements%' AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY total_exec_time + total_plan_time DESC LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<StatementCost>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(new StatementCost(reader.GetInt64(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetInt64(4), reader.GetString(5)));
        return rows;
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>One statement's server cost in a phase (milliseconds of execution and planning, WAL bytes).</summary>
internal sealed record StatementCost(long Calls, long Rows, double ExecMs, double PlanMs, long WalBytes, string Query)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{ExecMs,8:0} ms exec + {PlanMs,5:0} ms plan, {Calls,7} calls, {Rows,9} rows, {WalBytes / 1e6,7:0.0} MB WAL: {Query}");
}
