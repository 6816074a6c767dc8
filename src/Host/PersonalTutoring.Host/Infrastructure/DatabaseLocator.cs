using Npgsql;
using PersonalTutoring.BuildingBlocks.Hosting;

namespace PersonalTutoring.Host.Infrastructure;

/// <summary>No connection string outside Development: the message names the setting.</summary>
public sealed class DatabaseNotConfiguredException(string message) : Exception(message);

/// <summary>
/// Where the database is: <c>ConnectionStrings:Tutoring</c> when configured; otherwise, in Development only, a local
/// cluster the host starts (or reuses) in <c>Database:DataDirectory</c> (default <c>.data/postgres</c>) with a
/// <c>tutoring</c> database.
/// </summary>
internal static class DatabaseLocator
{
    private static readonly Lock Gate = new();
    private static string? localConnectionString;

    /// <summary>The checkout's root (where PersonalTutoring.sln is), so `dotnet run` from anywhere keeps one data folder.</summary>
    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PersonalTutoring.sln"))) return dir.FullName;
        return null;
    }

    /// <summary>Why the host has no database, or null when it has one (or may start a local one).</summary>
    public static string? Missing(IConfiguration configuration, IHostEnvironment environment) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Tutoring")) || environment.IsDevelopment()
            ? null
            : $"ConnectionStrings:Tutoring is not set. Outside Development ({environment.EnvironmentName}) the host starts no local database: " +
              "set ConnectionStrings__Tutoring to your PostgreSQL server.";

    public static string Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration.GetConnectionString("Tutoring");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        if (Missing(configuration, environment) is { } missing) throw new DatabaseNotConfiguredException(missing);

        lock (Gate)
        {
            if (localConnectionString is not null) return localConnectionString;
            var settings = configuration.GetSection(DatabaseSettings.Section).Get<DatabaseSettings>() ?? new DatabaseSettings();
            var folder = settings.DataDirectory is { Length: > 0 } configuredFolder
                ? configuredFolder
                : Path.Combine(RepositoryRoot() ?? Directory.GetCurrentDirectory(), ".data", "postgres");
            var cluster = LocalPostgres.StartOrReuse(folder, log: message => Console.Error.WriteLine($"[database] {message}"), binDirectory: settings.BinDirectory);
            LocalPostgres.EnsureDatabaseAsync(cluster.ConnectionString(), "tutoring").GetAwaiter().GetResult();
            localConnectionString = cluster.ConnectionString("tutoring");
            var shown = new NpgsqlConnectionStringBuilder(localConnectionString);
            Console.Error.WriteLine($"[database] Using local PostgreSQL at {shown.Host}:{shown.Port}/{shown.Database}, data in {cluster.DataDirectory}");
            return localConnectionString;
        }
    }
}
