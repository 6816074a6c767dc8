using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PersonalTutoring.Bench.Reporting;

/// <summary>Renders a report three ways from the same data, so the console, the markdown and the JSON never disagree.</summary>
internal static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Header(BenchReport report)
    {
        var s = report.Settings;
        var text = new StringBuilder();
        text.AppendLine($"Machine:    {report.Machine.LogicalCores} logical cores ({report.Machine.Cpu}), {report.Machine.MemoryGiB} GiB, {report.Machine.Os}, {report.Machine.Runtime}");
        text.AppendLine($"Database:   {report.Server.Source}");
        text.AppendLine($"PostgreSQL: {report.Server.Version}");
        text.AppendLine($"Settings:   {string.Join(", ", report.Server.Settings.Select(kv => $"{kv.Key}={kv.Value}"))}");
        text.AppendLine($"Run:        events={s.Events:N0}, events/stream={s.EventsPerStream}, payload~{s.PayloadBytes} B, " +
                        $"append window={s.Rounds} x {s.Duration.TotalSeconds:0.#} s (each after {s.WarmUp.TotalSeconds:0.#} s warm-up), concurrency={string.Join(",", s.Concurrency)}, pool size={s.PoolSize}" +
                        (string.IsNullOrWhiteSpace(s.NpgsqlOptions) ? "" : $", npgsql: {s.NpgsqlOptions}") +
                        (s.Diagnose ? ", diagnose (pg_stat_statements on)" : ""));
        return text.ToString();
    }

    public static string Console(BenchReport report)
    {
        var text = new StringBuilder().AppendLine().Append(Header(report));
        foreach (var scenario in report.Scenarios)
        {
            text.AppendLine().AppendLine($"== {scenario.Title} ==");
            var widths = scenario.Columns.Select((c, i) => Math.Max(c.Length, scenario.Rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
            text.AppendLine(string.Join("  ", scenario.Columns.Select((c, i) => c.PadLeft(widths[i]))));
            text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
            foreach (var row in scenario.Rows)
                text.AppendLine(string.Join("  ", row.Select((c, i) => c.PadLeft(widths[i]))));
            foreach (var target in scenario.Targets)
                text.AppendLine($"  [{Format.Verdict(target.Met)}] {target.Target}: {target.Measured}");
        }
        text.AppendLine().AppendLine(report.AllTargetsMet ? "All targets met." : "Some targets were MISSED (see above).");
        return text.ToString();
    }

    public static string Markdown(BenchReport report)
    {
        var text = new StringBuilder();
        text.AppendLine($"# Benchmark results ({report.StartedAt:yyyy-MM-dd HH:mm} UTC)").AppendLine();
        text.AppendLine("```").Append(Header(report)).AppendLine("```");
        foreach (var scenario in report.Scenarios)
        {
            text.AppendLine().AppendLine($"## {scenario.Title}").AppendLine();
            text.AppendLine("| " + string.Join(" | ", scenario.Columns) + " |");
            text.AppendLine("|" + string.Concat(scenario.Columns.Select(_ => " ---: |")));
            foreach (var row in scenario.Rows)
                text.AppendLine("| " + string.Join(" | ", row) + " |");
            if (scenario.Targets.Count > 0) text.AppendLine();
            foreach (var target in scenario.Targets)
                text.AppendLine($"- **{Format.Verdict(target.Met)}** — {target.Target}: {target.Measured}");
            if (scenario.Notes.Count > 0) text.AppendLine();
            foreach (var note in scenario.Notes)
                text.AppendLine($"- {note}");
            if (scenario.Details.Count > 0)
            {
                text.AppendLine().AppendLine("```");
                foreach (var line in scenario.Details) text.AppendLine(line);
                text.AppendLine("```");
            }
        }
        return text.ToString();
    }

    public static string ToJson(BenchReport report) => JsonSerializer.Serialize(report, Json);

    public static async Task WriteAsync(string path, string content, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(path, content, ct);
    }
}
