using PersonalTutoring.Bench.Infrastructure;
using PersonalTutoring.Bench.Reporting;

namespace PersonalTutoring.Bench.Scenarios;

/// <summary>One measurement of the benchmark; each runs on the shared database and returns its own table and target checks.</summary>
internal interface IBenchScenario
{
    /// <summary>The name used with <c>--scenarios</c>.</summary>
    string Name { get; }

    Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken ct);
}

internal sealed record BenchContext(BenchSettings Settings, BenchDatabase Database);

internal static class ScenarioCatalog
{
    /// <summary>
    /// Every scenario, in run order. Projections go first: they load the large event table, so the appends that
    /// follow write into a realistically sized table and its indexes rather than an empty one.
    /// </summary>
    public static IReadOnlyList<IBenchScenario> All { get; } =
    [
        new ProjectionScenario(),
        new AppendScenario(),
        new AllocationScenario(),
        new MeetingsScenario(),
        new RssScenario(),
        new PagesScenario(),
        new KpiScenario(),
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(s => s.Name).ToArray();

    public static IEnumerable<IBenchScenario> Selected(IReadOnlyCollection<string> names) =>
        All.Where(s => names.Contains(s.Name, StringComparer.OrdinalIgnoreCase));
}
