using Npgsql;
using PersonalTutoring.BuildingBlocks.Hosting;

namespace PersonalTutoring.TestKit;

/// <summary>
/// One disposable PostgreSQL server per test process, started from the machine's binaries (or the server named by
/// <c>TUTORING_TEST_DB</c>), and a fresh database for each test class. Durability is switched off: these
/// databases are thrown away.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<string> Admin = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static LocalPostgres? cluster;

    public static string AdminConnectionString => Admin.Value;

    private static string Start()
    {
        var configured = Environment.GetEnvironmentVariable("TUTORING_TEST_DB");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;

        var folder = Path.Combine(Path.GetTempPath(), $"pt-test-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        cluster = LocalPostgres.StartOrReuse(folder, new Dictionary<string, string>
        {
            ["fsync"] = "off",
            ["synchronous_commit"] = "off",
            ["full_page_writes"] = "off",
            ["max_connections"] = "400",
            ["shared_buffers"] = "'256MB'",
        });
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            cluster.Stop(immediate: true);
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
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
