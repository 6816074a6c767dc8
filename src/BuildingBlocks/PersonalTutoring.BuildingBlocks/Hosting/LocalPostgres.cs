using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Npgsql;

namespace PersonalTutoring.BuildingBlocks.Hosting;

/// <summary>
/// Starts (or reuses) a PostgreSQL cluster from the machine's own binaries in a data folder we own, so that the
/// host and the tests run with no set-up and no Docker. When started as root the server runs as the
/// <c>postgres</c> OS user, since PostgreSQL refuses to run as root. See docs/adr/0004-real-postgresql-without-docker.md.
/// </summary>
public sealed partial class LocalPostgres
{
    private readonly string dataDirectory;
    private readonly string binDirectory;
    private readonly bool runAsPostgresUser;

    private LocalPostgres(string dataDirectory, string binDirectory)
    {
        this.dataDirectory = Path.GetFullPath(dataDirectory);
        this.binDirectory = binDirectory;
        runAsPostgresUser = Environment.UserName == "root";
    }

    public string DataDirectory => dataDirectory;
    public int Port { get; private set; }

    /// <summary>A superuser connection string to the cluster (trust authentication on 127.0.0.1 only).</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Pooling = true }.ConnectionString;

    /// <summary>Finds the binaries, initialises the folder if it is new, and starts the server unless it is already running.</summary>
    /// <param name="binDirectory">Where initdb and pg_ctl are; searched for when null (<see cref="FindBinaries"/>).</param>
    public static LocalPostgres StartOrReuse(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null, Action<string>? log = null,
        string? binDirectory = null)
    {
        var cluster = new LocalPostgres(dataDirectory, FindBinaries(binDirectory));
        cluster.Start(settings ?? new Dictionary<string, string>(), log ?? (_ => { }));
        return cluster;
    }

    /// <summary>Where initdb and pg_ctl live: the given folder, else on PATH, else the newest Debian-style /usr/lib/postgresql/N/bin.</summary>
    public static string FindBinaries(string? configured = null)
    {
        var candidates = configured is { Length: > 0 }
            ? [configured]
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Concat(Directory.Exists("/usr/lib/postgresql")
                    ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).Select(d => Path.Combine(d, "bin"))
                    : []);
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new PostgresNotInstalledException(configured is { Length: > 0 }
                ? $"No PostgreSQL binaries (initdb, pg_ctl) in {configured} (Database:BinDirectory).\nPoint Database:BinDirectory at PostgreSQL's bin folder, or set ConnectionStrings:Tutoring to an existing server."
                : "No PostgreSQL binaries (initdb, pg_ctl) were found on PATH or under /usr/lib/postgresql.\nInstall PostgreSQL (e.g. apt-get install postgresql), or set ConnectionStrings:Tutoring to an existing server.");
    }

    private void Start(IReadOnlyDictionary<string, string> settings, Action<string> log)
    {
        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            if (Directory.Exists(dataDirectory) && Directory.EnumerateFileSystemEntries(dataDirectory).Any())
                throw new LocalClusterException(
                    $"{dataDirectory} is not a PostgreSQL cluster (it has no PG_VERSION) and is not empty.\nDelete it to let the host create a new cluster there, or set Database:DataDirectory to another folder.");
            Initialise(settings, log);
        }
        if (!File.Exists(Path.Combine(dataDirectory, "postgresql.conf")))
            throw new LocalClusterException(Broken("it has no postgresql.conf"));

        Port = ReadConfiguredPort();
        if (IsRunning())
        {
            log($"Reusing the PostgreSQL server on 127.0.0.1:{Port} (data in {dataDirectory})");
            return;
        }

        log($"Starting PostgreSQL on 127.0.0.1:{Port} (data in {dataDirectory})");
        var logFile = Path.Combine(dataDirectory, "server.log");
        try
        {
            Run("pg_ctl", $"-D \"{dataDirectory}\" -l \"{logFile}\" -w -t 60 start");
        }
        catch (InvalidOperationException e)
        {
            throw new LocalClusterException(Broken(LastLine(logFile) ?? "pg_ctl could not start it"), e);
        }
    }

    private string Broken(string cause) =>
        $"The local PostgreSQL cluster in {dataDirectory} did not start: {cause}.\n" +
        $"See {Path.Combine(dataDirectory, "server.log")}; to start afresh, stop it and delete the folder (README, \"The local database\").";

    private static string? LastLine(string file)
    {
        try { return File.Exists(file) ? File.ReadLines(file).LastOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim().TrimEnd('.') : null; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    public void Stop(bool immediate = false) =>
        Run("pg_ctl", $"-D \"{dataDirectory}\" -m {(immediate ? "immediate" : "fast")} -w stop", throwOnError: false);

    private bool IsRunning() => Run("pg_ctl", $"-D \"{dataDirectory}\" status", throwOnError: false) == 0;

    /// <summary>The port we wrote at initialisation; a cluster without one was not made (or not finished) by us.</summary>
    private int ReadConfiguredPort()
    {
        var line = File.ReadAllLines(Path.Combine(dataDirectory, "postgresql.conf"))
            .LastOrDefault(l => l.TrimStart().StartsWith("port =", StringComparison.Ordinal));
        return line is not null && int.TryParse(line.Split('=')[1].Trim().Split(' ')[0], out var port)
            ? port
            : throw new LocalClusterException(Broken("its postgresql.conf names no port (an initialisation was interrupted, or another tool made it)"));
    }

    [UnsupportedOSPlatform("windows")]
    private void GrantToServerUser(string path)
    {
        if (!runAsPostgresUser) return;
        Execute("chown", $"-R postgres:postgres \"{path}\"", throwOnError: true);
        Execute("chmod", $"700 \"{path}\"", throwOnError: true);
        // The server user must be able to reach the folder through every parent.
        for (var parent = Directory.GetParent(path); parent is not null; parent = parent.Parent)
            if ((File.GetUnixFileMode(parent.FullName) & UnixFileMode.OtherExecute) == 0)
                File.SetUnixFileMode(parent.FullName, File.GetUnixFileMode(parent.FullName) | UnixFileMode.OtherExecute);
    }

    private int Run(string tool, string arguments, bool throwOnError = true)
    {
        var executable = Path.Combine(binDirectory, tool);
        return runAsPostgresUser
            ? Execute("runuser", $"-u postgres -- \"{executable}\" {arguments}", throwOnError)
            : Execute(executable, arguments, throwOnError);
    }

    private static int Execute(string fileName, string arguments, bool throwOnError)
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0 && throwOnError)
            throw new InvalidOperationException($"{fileName} {arguments} failed ({process.ExitCode}): {error.Result}{output.Result}");
        return process.ExitCode;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Creates a database if it does not exist yet.</summary>
    public static async Task EnsureDatabaseAsync(string adminConnectionString, string database, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(ct) is not null) return;
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
        try { await create.ExecuteNonQueryAsync(ct); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase) { }
    }
}

/// <summary>Neither PostgreSQL's binaries nor a connection string: the host cannot have a database.</summary>
public sealed class PostgresNotInstalledException(string message) : Exception(message);

/// <summary>The local cluster's folder is not one we can start; the message names the folder and the remedy.</summary>
public sealed class LocalClusterException(string message, Exception? inner = null) : Exception(message, inner);
