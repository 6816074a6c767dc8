using PersonalTutoring.Bench.Infrastructure;
using PersonalTutoring.Bench.Reporting;
using PersonalTutoring.Bench.Scenarios;

namespace PersonalTutoring.Bench;

internal static class BenchRunner
{
    /// <returns>0 when every target is met, 1 when one is missed (so a script can tell), 2 on bad arguments.</returns>
    public static async Task<int> RunAsync(BenchSettings settings, CancellationToken ct)
    {
        var startedAt = DateTimeOffset.UtcNow;
        Console.WriteLine("Preparing the database ...");
        await using var database = await BenchDatabase.OpenAsync(settings, ct);
        await database.ResetAsync(ct);
        var server = await database.DescribeAsync(ct);
        var machine = MachineInfo.Current();
        Console.Write(ReportWriter.Header(new BenchReport(startedAt, machine, server, settings, [])));

        var context = new BenchContext(settings, database);
        var results = new List<ScenarioResult>();
        foreach (var scenario in ScenarioCatalog.Selected(settings.Scenarios))
        {
            Console.WriteLine($"Scenario '{scenario.Name}':");
            results.Add(await scenario.RunAsync(context, ct));
        }

        var report = new BenchReport(startedAt, machine, server, settings, results);
        Console.Write(ReportWriter.Console(report));
        if (settings.MarkdownOut is { } markdown)
        {
            await ReportWriter.WriteAsync(markdown, ReportWriter.Markdown(report), ct);
            Console.WriteLine($"Markdown written to {markdown}");
        }
        if (settings.JsonOut is { } json)
        {
            await ReportWriter.WriteAsync(json, ReportWriter.ToJson(report), ct);
            Console.WriteLine($"JSON written to {json}");
        }
        return report.AllTargetsMet ? 0 : 1;
    }
}
