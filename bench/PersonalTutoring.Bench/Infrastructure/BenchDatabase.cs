using Npgsql;
using PersonalTutoring.Bench.Model;
using PersonalTutoring.BuildingBlocks.Hosting;

namespace PersonalTutoring.Bench.Infrastructure;

/// <summary>
/// The one database a run uses: the one given with <c>--connection</c>, or a throwaway local cluster that keeps
/// PostgreSQL's default durability (fsync and synchronous_commit on) so that commit figures are honest.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private const string DatabaseName = "pt_bench";

    private static readonly string[] ReportedSettings =
    [
        "fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "shared_buffers", "max_wal_size",
        "checkpoint_timeout", "max_connections",
    ];

    private readonly LocalPostgres? cluster;

    private BenchDatabase(string connectionString, string description, LocalPostgres? cluster)
    {
        ConnectionString = connectionString;
        Description = description;
        this.cluster = cluster;
    }

    public string ConnectionString { get; }

    public string Description { get; }

    public static async Task<BenchDatabase> OpenAsync(BenchSettings settings, CancellationToken ct)
    {
        if (settings.ConnectionString is { } given)
        {
            var builder = new NpgsqlConnectionStringBuilder(WithOptions(given, settings)) { MaxPoolSize = settings.PoolSize };
            CpuSnapshot.ServerPid = await LocalPostmasterAsync(builder.ConnectionString, ct);
            return new BenchDatabase(builder.ConnectionString, $"existing server {builder.Host}:{builder.Port}/{builder.Database}", null);
        }

        var folder = Path.Combine(Path.GetTempPath(), $"pt-bench-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        // The server keeps its defaults, durability included; --diagnose only loads pg_stat_statements.
        var serverSettings = settings.Diagnose ? new Dictionary<string, string> { ["shared_preload_libraries"] = "'pg_stat_statements'" } : null;
        var local = LocalPostgres.StartOrReuse(folder, serverSettings, log: message => Console.WriteLine($"  {message}"));
        try
        {
            await LocalPostgres.EnsureDatabaseAsync(local.ConnectionString(), DatabaseName, ct);
        }
        catch
        {
            Destroy(local);
            throw;
        }
        var pidFile = Path.Combine(local.DataDirectory, "postmaster.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var postmaster))
            CpuSnapshot.ServerPid = postmaster;
        var connectionString = new NpgsqlConnectionStringBuilder(WithOptions(local.ConnectionString(DatabaseName), settings)) { MaxPoolSize = settings.PoolSize }.ConnectionString;
        return new BenchDatabase(connectionString, $"throwaway local cluster (PostgreSQL defaults) in {folder}", local);
    }

    /// <summary>
    /// When the given server runs on this machine, its postmaster (the parent of our backend), so that its CPU is
    /// counted as the server's rather than as "others". Null when it is remote or not visible.
    /// </summary>
    private static async Task<int?> LocalPostmasterAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)(await command.ExecuteScalarAsync(ct))!;
        var text = File.Exists($"/proc/{backend}/stat") ? await File.ReadAllTextAsync($"/proc/{backend}/stat", ct) : "";
        // A remote server's backend pid may name some unrelated local process: only a local postgres counts.
        if (!text.Contains("(postgres)", StringComparison.Ordinal)) return null;
        return int.TryParse(text[(text.LastIndexOf(')') + 2)..].Split(' ')[1], out var parent) ? parent : null;
    }

    private static string WithOptions(string connectionString, BenchSettings settings) =>
        string.IsNullOrWhiteSpace(settings.NpgsqlOptions) ? connectionString : $"{connectionString};{settings.NpgsqlOptions}";

    public async Task<ServerInfo> DescribeAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT version(), array(SELECT name || '=' || setting || coalesce(' ' || unit, '') FROM pg_settings WHERE name = ANY(@names) ORDER BY name)", connection);
        command.Parameters.AddWithValue("names", ReportedSettings);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var settings = reader.GetFieldValue<string[]>(1).Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => HumanSetting(p[0], p[1]));
        return new ServerInfo(Description, reader.GetString(0), settings);
    }

    /// <summary>Drops what an earlier run left, so every run starts from empty tables.</summary>
    public async Task ResetAsync(CancellationToken ct)
    {
        await ExecuteAsync($"DROP SCHEMA IF EXISTS {BenchModel.EventSchema} CASCADE; DROP SCHEMA IF EXISTS {BenchModel.DocumentSchema} CASCADE; CREATE SCHEMA {BenchModel.DocumentSchema};", ct);
    }

    /// <summary>
    /// Flushes dirty pages before a measurement so that a checkpoint triggered by the previous phase's writes
    /// does not land inside it. Needs superuser (or pg_checkpoint); skipped otherwise.
    /// </summary>
    public async Task CheckpointAsync(CancellationToken ct)
    {
        try
        {
            await ExecuteAsync("CHECKPOINT", ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
        }
    }

    public async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct);
    }

    public ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (cluster is not null) Destroy(cluster);
        return ValueTask.CompletedTask;
    }

    private static void Destroy(LocalPostgres local)
    {
        local.Stop();
        try { Directory.Delete(local.DataDirectory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    // shared_buffers and max_wal_size come back in 8kB pages / MB: print what an operator would write in postgresql.conf.
    private static string HumanSetting(string name, string raw)
    {
        var parts = raw.Split(' ', 2);
        if (parts.Length == 2 && parts[1] == "8kB" && long.TryParse(parts[0], out var pages))
            return $"{pages * 8 / 1024} MB";
        return name switch
        {
            "checkpoint_timeout" when parts.Length == 2 && parts[1] == "s" => $"{parts[0]} s",
            _ => raw,
        };
    }
}

internal sealed record ServerInfo(string Source, string Version, IReadOnlyDictionary<string, string> Settings);
