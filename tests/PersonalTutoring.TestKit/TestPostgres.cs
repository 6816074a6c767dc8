using Npgsql;
using PersonalTutoring.BuildingBlocks.Hosting;
using Testcontainers.PostgreSql;

namespace PersonalTutoring.TestKit;

/// <summary>
/// One disposable PostgreSQL server per test process, and a fresh database for each test class. Where it comes from,
/// in order: <c>TUTORING_TEST_DB</c> (an existing server); a Testcontainers PostgreSQL when a Docker engine answers;
/// otherwise a cluster started from the machine's own binaries in a temporary folder, removed when the run ends
/// (docs/adr/0004). Durability is switched off: these databases are thrown away.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<string> Admin = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string AdminConnectionString => Admin.Value;

    /// <summary>Which of the three the run uses (shown in test output when something fails to start).</summary>
    public static string Source { get; private set; } = "";

    private static readonly string[] Tuning = ["fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=400", "shared_buffers=256MB"];

    private static string Start()
    {
        var configured = Environment.GetEnvironmentVariable("TUTORING_TEST_DB");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            Source = "TUTORING_TEST_DB";
            return configured;
        }
        return DockerAnswers() ? StartContainer() : StartLocalCluster();
    }

    /// <summary>A Docker engine answers on its socket (or DOCKER_HOST): the Docker client alone is not enough.</summary>
    private static bool DockerAnswers()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var socket = host is { Length: > 0 } && host.StartsWith("unix://", StringComparison.Ordinal) ? host["unix://".Length..] : "/var/run/docker.sock";
        if (host is { Length: > 0 } && !host.StartsWith("unix://", StringComparison.Ordinal)) return true; // a remote engine: let Testcontainers try it
        if (!File.Exists(socket)) return false;
        try
        {
            using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            probe.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(socket));
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static string StartContainer()
    {
        var container = new PostgreSqlBuilder("postgres:15")
            .WithCommand([.. Tuning.SelectMany(t => new[] { "-c", t })])
            .Build();
        container.StartAsync().GetAwaiter().GetResult();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Source = "Testcontainers";
        return container.GetConnectionString();
    }

    private static string StartLocalCluster()
    {
        ReapClustersOfEndedRuns();
        var folder = Path.Combine(Path.GetTempPath(), $"{FolderPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        var cluster = LocalPostgres.StartOrReuse(folder, Tuning.Select(t => t.Split('=')).ToDictionary(t => t[0], t => t[1].All(char.IsDigit) || t[1] is "off" or "on" ? t[1] : $"'{t[1]}'"));
        WatchForExit(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            cluster.Stop(immediate: true);
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        Source = "local PostgreSQL binaries";
        return cluster.ConnectionString();
    }

    private const string FolderPrefix = "pt-test-pg-";

    /// <summary>
    /// The test runner may end this process before its exit handler has stopped the server and deleted the folder.
    /// A detached watcher outlives it: when this process is gone it stops the server (immediate shutdown) and removes
    /// the folder, so a run leaves nothing behind.
    /// </summary>
    private static void WatchForExit(string folder)
    {
        if (OperatingSystem.IsWindows()) return;
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 0.5; done; " +
                     $"if [ -f '{folder}/postmaster.pid' ]; then kill -QUIT $(head -n 1 '{folder}/postmaster.pid') 2>/dev/null; sleep 1; fi; rm -rf '{folder}'";
        var info = new System.Diagnostics.ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "sh", "-c", script }) info.ArgumentList.Add(a);
        try { System.Diagnostics.Process.Start(info); }
        catch (System.ComponentModel.Win32Exception) { } // no setsid: the exit handler and the next run's reaping remain
    }

    /// <summary>Clusters of earlier runs whose process is gone (a crash, a kill): stopped and removed.</summary>
    private static void ReapClustersOfEndedRuns()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            var pid = Path.GetFileName(folder)[FolderPrefix.Length..].Split('-')[0];
            if (!int.TryParse(pid, out var id) || ProcessAlive(id)) continue;
            try
            {
                var postmaster = Path.Combine(folder, "postmaster.pid");
                if (File.Exists(postmaster) && int.TryParse(File.ReadLines(postmaster).FirstOrDefault(), out var server) && ProcessAlive(server))
                    System.Diagnostics.Process.GetProcessById(server).Kill();
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException) { }
        }
    }

    private static bool ProcessAlive(int pid)
    {
        try { return !System.Diagnostics.Process.GetProcessById(pid).HasExited; }
        catch (ArgumentException) { return false; }
    }

    public static async Task<TestDatabase> CreateDatabaseAsync(string hint)
    {
        var name = $"t_{new string(hint.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(24).ToArray())}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, MaxPoolSize = 40 };
        return new TestDatabase(name, builder.ConnectionString);
    }
}

public sealed class TestDatabase(string name, string connectionString) : IAsyncDisposable
{
    public string Name { get; } = name;
    public string ConnectionString { get; } = connectionString;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(TestPostgres.AdminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>A class fixture giving each test class its own database.</summary>
public sealed class DatabaseFixture : Xunit.IAsyncLifetime
{
    private TestDatabase? database;

    public string ConnectionString => database!.ConnectionString;

    public async Task InitializeAsync() => database = await TestPostgres.CreateDatabaseAsync(GetType().Name + Guid.NewGuid().ToString("N")[..6]);

    public async Task DisposeAsync()
    {
        if (database is not null) await database.DisposeAsync();
    }
}
