using Npgsql;

namespace PersonalTutoring.Bench.Infrastructure;

/// <summary>The databases the host-level scenarios give the real host: created empty beside the benchmark's own, in the same server.</summary>
internal static class HostDatabases
{
    /// <summary>Drops (with any connection still open to it) and recreates <paramref name="database"/>; returns its connection string.</summary>
    public static async Task<string> FreshAsync(string benchConnection, string database, CancellationToken ct)
    {
        await using (var connection = new NpgsqlConnection(benchConnection))
        {
            await connection.OpenAsync(ct);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
        return new NpgsqlConnectionStringBuilder(benchConnection) { Database = database }.ConnectionString;
    }

    /// <summary>Creates <paramref name="database"/> unless it exists; returns its connection string.</summary>
    public static async Task<string> EnsureAsync(string benchConnection, string database, CancellationToken ct)
    {
        await using (var connection = new NpgsqlConnection(benchConnection))
        {
            await connection.OpenAsync(ct);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = database } } };
            if (await exists.ExecuteScalarAsync(ct) is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
                await create.ExecuteNonQueryAsync(ct);
            }
        }
        return new NpgsqlConnectionStringBuilder(benchConnection) { Database = database }.ConnectionString;
    }

    /// <summary>The innermost exception's first line: what a refusal to start says, without its stack.</summary>
    public static string FirstLine(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null) inner = inner.InnerException;
        var text = $"{inner.GetType().Name}: {inner.Message}";
        var line = text.Split('\n')[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
