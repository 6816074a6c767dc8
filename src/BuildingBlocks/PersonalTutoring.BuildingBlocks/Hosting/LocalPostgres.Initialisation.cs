using System.Diagnostics;

namespace PersonalTutoring.BuildingBlocks.Hosting;

/// <summary>Making a new cluster, so that no interruption can leave a half-made one behind.</summary>
public sealed partial class LocalPostgres
{
    /// <summary>
    /// initdb runs in a staging folder beside the data folder, which is renamed into place only once the cluster and its
    /// port are configured: a killed initialisation leaves no half-made cluster that a later start would take for a
    /// real one (on PostgreSQL's default port). Staging folders of processes that are gone are removed first.
    /// </summary>
    private void Initialise(IReadOnlyDictionary<string, string> settings, Action<string> log)
    {
        var parent = Path.GetDirectoryName(dataDirectory)!;
        Directory.CreateDirectory(parent);
        RemoveAbandonedStaging(parent);
        var staging = $"{dataDirectory}{StagingMarker}{Environment.ProcessId}-{Guid.NewGuid():N}";
        log($"Initialising a new PostgreSQL cluster in {dataDirectory}");
        Directory.CreateDirectory(staging);
        try
        {
            if (!OperatingSystem.IsWindows()) GrantToServerUser(staging);
            Run("initdb", $"-D \"{staging}\" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-instructions");
            var conf = new List<string>
            {
                $"port = {FreePort()}",
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = ''",
                "max_connections = 200",
            };
            conf.AddRange(settings.Select(kv => $"{kv.Key} = {kv.Value}"));
            File.AppendAllLines(Path.Combine(staging, "postgresql.conf"), conf);
            if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory); // empty (checked by the caller)
            Directory.Move(staging, dataDirectory);
        }
        catch (IOException) when (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            // Another process initialised the same folder first: use theirs.
        }
        finally
        {
            if (Directory.Exists(staging)) TryDelete(staging);
        }
    }

    private const string StagingMarker = ".initialising-";

    private void RemoveAbandonedStaging(string parent)
    {
        foreach (var folder in Directory.GetDirectories(parent, Path.GetFileName(dataDirectory) + StagingMarker + "*"))
        {
            var pid = Path.GetFileName(folder).Split(StagingMarker)[^1].Split('-')[0];
            if (int.TryParse(pid, out var id) && !Alive(id)) TryDelete(folder);
        }
    }

    private static bool Alive(int pid)
    {
        try { return !Process.GetProcessById(pid).HasExited; }
        catch (ArgumentException) { return false; }
    }

    private static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
