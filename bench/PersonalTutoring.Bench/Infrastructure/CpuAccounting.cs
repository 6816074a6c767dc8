using System.Globalization;

namespace PersonalTutoring.Bench.Infrastructure;

/// <summary>
/// Who used the machine's cores during a measurement: this process, the PostgreSQL server processes, and anything
/// else. On a shared 2-core machine "anything else" (another build, a test run) silently halves a figure, so every
/// measurement carries it. Linux only (reads /proc); elsewhere it reports nothing.
/// </summary>
internal sealed record CpuSnapshot(long TotalBusy, long Bench, long Server, DateTime At)
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
            var busy = cpu.Sum() - cpu[3] - (cpu.Length > 4 ? cpu[4] : 0); // minus idle and iowait
            long bench = 0, server = 0;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
                var (used, parent) = ProcessTicks(dir);
                if (pid == Environment.ProcessId) bench += used;
                else if (ServerPid is { } postmaster && (pid == postmaster || parent == postmaster)) server += used;
            }
            return new CpuSnapshot(busy, bench, server, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
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
        var bench = Cores(to.Bench - from.Bench);
        var server = Cores(to.Server - from.Server);
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
