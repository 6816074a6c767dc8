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
        var folder = Path.Combine(Path.GetTempPath(), $"pt-test-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var cluster = LocalPostgres.StartOrReuse(folder, Tuning.Select(t => t.Split('=')).ToDictionary(t => t[0], t => t[1].All(char.IsDigit) || t[1] is "off" or "on" ? t[1] : $"'{t[1]}'"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            cluster.Stop(immediate: true);
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        Source = "local PostgreSQL binaries";
        return cluster.ConnectionString();
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
