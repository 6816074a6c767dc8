using System.Globalization;

namespace PersonalTutoring.Bench.Infrastructure;

/// <summary>
/// Who used the machine's cores during a measurement: this process, the PostgreSQL server processes, and anything
/// else. On a shared 2-core machine "anything else" (another build, a test run) silently halves a figure, so every
/// measurement carries it. Linux only (reads /proc); elsewhere it reports nothing.
/// </summary>
internal sealed record CpuSnapshot(long TotalBusy, IReadOnlyDictionary<int, (long Ticks, bool Server)> Processes, DateTime At)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ: 100 on every Linux we run on

    /// <summary>
    /// The postmaster of the cluster under test, when the benchmark started it: the server is it and its children.
    /// Other clusters on the machine (other people's test servers run as the same OS user) count as "others".
    /// </summary>
    public static int? ServerPid { get; set; }

    public static CpuSnapshot? Take()
    {
        if (!File.Exists("/proc/stat")) return null;
        try
        {
            var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
            var at = DateTime.UtcNow;
            // user, nice, system, irq, softirq, steal: not idle or iowait, and not guest (already inside user and nice).
            var busy = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7];
            var processes = new Dictionary<int, (long, bool)>();
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
                var (used, parent) = ProcessTicks(dir);
                if (pid == Environment.ProcessId) processes[pid] = (used, false);
                else if (ServerPid is { } postmaster && (pid == postmaster || parent == postmaster)) processes[pid] = (used, true);
            }
            return new CpuSnapshot(busy, processes, at);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Average cores used by each party between two snapshots.</summary>
    public static CpuUsage? Between(CpuSnapshot? from, CpuSnapshot? to)
    {
        if (from is null || to is null) return null;
        var seconds = (to.At - from.At).TotalSeconds;
        if (seconds <= 0) return null;
        double Cores(long ticks) => Math.Round(ticks / TicksPerSecond / seconds, 2);
        // Per process, so that a server process that exits in the window (an autovacuum worker) is not subtracted;
        // its CPU in the window is lost and shows up under "others", a small overstatement.
        long Used(bool server) => to.Processes.Where(p => p.Value.Server == server)
            .Sum(p => p.Value.Ticks - (from.Processes.TryGetValue(p.Key, out var before) ? before.Ticks : 0));
        var bench = Cores(Used(server: false));
        var server = Cores(Used(server: true));
        return new CpuUsage(bench, server, Math.Max(0, Math.Round(Cores(to.TotalBusy - from.TotalBusy) - bench - server, 2)));
    }

    private static (long Ticks, int Parent) ProcessTicks(string dir)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(dir, "stat"));
            // Fields after the parenthesised command name: state, ppid, ..., utime and stime (14th and 15th overall).
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture),
                int.Parse(fields[1], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (0, 0); // the process ended while we looked
        }
    }
}

/// <summary>Average cores in use over a window. <see cref="Others"/> above ~0.1 on a 2-core machine means the figure is contaminated.</summary>
internal sealed record CpuUsage(double Bench, double Server, double Others)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"bench {Bench:0.00} / pg {Server:0.00} / others {Others:0.00}");
}
