using PersonalTutoring.Bench.Infrastructure;

namespace PersonalTutoring.Bench.Reporting;

/// <summary>A whole run: where it ran, with what, and each scenario's results.</summary>
internal sealed record BenchReport(DateTimeOffset StartedAt, MachineInfo Machine, ServerInfo Server, BenchSettings Settings, IReadOnlyList<ScenarioResult> Scenarios)
{
    public bool AllTargetsMet => Scenarios.SelectMany(s => s.Targets).All(t => t.Met);
}

/// <summary>
/// What a scenario hands back: a table for people (columns and already formatted cells), target checks, notes on
/// method, and its raw figures for the JSON output.
/// </summary>
internal sealed record ScenarioResult(
    string Name,
    string Title,
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<string>> Rows,
    IReadOnlyList<TargetCheck> Targets,
    IReadOnlyList<string> Notes,
    object Data)
{
    /// <summary>Preformatted diagnostic lines (server time by statement), printed after the notes.</summary>
    public IReadOnlyList<string> Details { get; init; } = [];
}

internal sealed record TargetCheck(string Target, string Measured, bool Met);

internal sealed record MachineInfo(int LogicalCores, string Cpu, double MemoryGiB, string Os, string Runtime)
{
    public static MachineInfo Current()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return new MachineInfo(
            Environment.ProcessorCount,
            cpu ?? "unknown",
            Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
            System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
    }
}

internal static class Format
{
    public static string Rate(double perSecond) => perSecond.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    public static string Ms(double ms) => ms.ToString(ms < 10 ? "0.00" : "0.0", System.Globalization.CultureInfo.InvariantCulture);

    public static string Ratio(double ratio) => ratio.ToString("P0", System.Globalization.CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + " s";

    public static string Cores(double? cores) => cores is { } c ? c.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "n/a";

    public static string Verdict(bool met) => met ? "met" : "MISSED";
}
