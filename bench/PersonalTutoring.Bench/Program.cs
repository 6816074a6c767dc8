using System.CommandLine;
using PersonalTutoring.Bench;
using PersonalTutoring.Bench.Scenarios;

var connection = new Option<string?>("--connection") { Description = "An existing PostgreSQL database to use (its bench_events and bench schemas are dropped and recreated; the allocation and rss scenarios create databases of their own beside it). Default: a throwaway local cluster with default durability." };
var npgsql = new Option<string?>("--npgsql") { Description = "Extra Npgsql connection-string settings for both the store and the baselines, e.g. \"Max Auto Prepare=20\" (to try prepared statements)." };
var events = new Option<int>("--events") { Description = "Events loaded for the daemon and rebuild measurements.", DefaultValueFactory = _ => 1_000_000 };
var seconds = new Option<double>("--seconds") { Description = "Measured duration of each append run.", DefaultValueFactory = _ => 8 };
var warmUp = new Option<double>("--warmup") { Description = "Warm-up before each append run, in seconds (not measured).", DefaultValueFactory = _ => 2 };
var rounds = new Option<int>("--rounds") { Description = "Alternating raw/store rounds per concurrency (each --seconds long); figures combine all rounds.", DefaultValueFactory = _ => 2 };
var concurrency = new Option<string>("--concurrency") { Description = "Comma-separated writer counts for the append runs.", DefaultValueFactory = _ => "1,8,32" };
var scenarios = new Option<string>("--scenarios") { Description = $"Comma-separated scenarios to run: {string.Join(", ", ScenarioCatalog.Names)}.", DefaultValueFactory = _ => string.Join(',', ScenarioCatalog.Names) };
var payload = new Option<int>("--payload-bytes") { Description = "Approximate size of each event's JSON payload.", DefaultValueFactory = _ => 256 };
var perStream = new Option<int>("--events-per-stream") { Description = "Average events per stream in the loaded data (streams = events / this).", DefaultValueFactory = _ => 20 };
var markdown = new Option<string?>("--out") { Description = "Write the results as markdown to this file." };
var json = new Option<string?>("--json") { Description = "Write the results as JSON to this file." };
var diagnose = new Option<bool>("--diagnose") { Description = "Also report where the server's time went (pg_stat_statements, preloaded in the benchmark's own cluster; used on --connection when available). Slows statements slightly: not for a run of record." };
var projections = new Option<string>("--projections") { Description = "Projection shapes for the projections scenario: fold (StreamFoldProjection, carries the target), marten (SingleStreamProjection, comparison).", DefaultValueFactory = _ => "fold,marten" };
var foldPage = new Option<int?>("--fold-page") { Description = "Experiment: the fold's daemon page size (AsyncOptions.BatchSize) instead of FoldProjection's default." };
var hopper = new Option<int?>("--hopper") { Description = "Experiment: AsyncOptions.MaximumHopperSize for the fold (events loaded ahead of the one being applied) instead of Marten's default." };
var kpiStudents = new Option<int>("--kpi-students") { Description = "kpis: students in the loaded university (tutors = 3/80 of them, 25 schools).", DefaultValueFactory = _ => 40_000 };
var kpiYears = new Option<int>("--kpi-years") { Description = "kpis: academic years of history loaded, ending with the current one.", DefaultValueFactory = _ => 3 };
var kpiReps = new Option<int>("--kpi-repetitions") { Description = "kpis: measured calls per university and report row (twice as many per school row).", DefaultValueFactory = _ => 20 };
var kpiKeep = new Option<bool>("--kpi-keep") { Description = "kpis: keep the loaded university's database (named by size and years) and reuse it on the next run instead of loading again." };
var kpiWarmUps = new Option<int>("--kpi-warm-ups") { Description = "kpis: unmeasured calls before each row (default 2; more lets the JIT tier the KPI code up, as in a host that has answered some already).", DefaultValueFactory = _ => 2 };
var kpiWalk = new Option<bool>("--kpi-walk") { Description = "kpis: before the rows, forget every kept fact and run the keeper until its walks have kept every closed day of every school as known then and every day of the earlier years as known today, each run timed (the walks' first coverage, ADR 0099, 0101)." };
var kpiWalkRuns = new Option<int>("--kpi-walk-runs") { Description = "kpis: with --kpi-walk, stop after this many keeper runs (default 0: once the walk has covered every day), to compare budgets on the same days." };
var kpiRows = new Option<string?>("--kpi-rows") { Description = "kpis: only the rows whose label contains one of these texts, separated by semicolons (e.g. \"university, today, nothing kept\"), to profile one answer; a run of record runs them all." };
var hostDll = new Option<string?>("--host-dll") { Description = "The host to start for the rss scenario (default: the PersonalTutoring.Host.dll built beside this benchmark, same configuration)." };

var root = new RootCommand("PersonalTutoring benchmark on Marten and Wolverine: appends vs a raw INSERT, daemon catch-up and rebuild vs a raw ordered read, auto-allocation end to end, host memory.")
{
    connection, npgsql, events, seconds, warmUp, rounds, concurrency, scenarios, payload, perStream, markdown, json, diagnose, hostDll, projections, foldPage, hopper, kpiStudents, kpiYears, kpiReps, kpiKeep, kpiWarmUps, kpiRows, kpiWalk, kpiWalkRuns,
};

root.SetAction(async (parsed, ct) =>
{
    var settings = new BenchSettings(
        parsed.GetValue(connection),
        parsed.GetValue(npgsql),
        parsed.GetValue(events),
        TimeSpan.FromSeconds(parsed.GetValue(seconds)),
        TimeSpan.FromSeconds(parsed.GetValue(warmUp)),
        Math.Max(1, parsed.GetValue(rounds)),
        ParseList(parsed.GetValue(concurrency)!).Select(int.Parse).ToArray(),
        ParseList(parsed.GetValue(scenarios)!),
        parsed.GetValue(payload),
        parsed.GetValue(perStream),
        parsed.GetValue(markdown),
        parsed.GetValue(json),
        parsed.GetValue(diagnose),
        parsed.GetValue(hostDll),
        ParseList(parsed.GetValue(projections)!),
        parsed.GetValue(foldPage),
        parsed.GetValue(hopper),
        Math.Max(100, parsed.GetValue(kpiStudents)),
        Math.Max(1, parsed.GetValue(kpiYears)),
        Math.Max(1, parsed.GetValue(kpiReps)),
        parsed.GetValue(kpiKeep),
        Math.Max(0, parsed.GetValue(kpiWarmUps)),
        parsed.GetValue(kpiRows) is { } rows ? rows.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null,
        parsed.GetValue(kpiWalk),
        Math.Max(0, parsed.GetValue(kpiWalkRuns)));
    var unknown = settings.Scenarios.Except(ScenarioCatalog.Names, StringComparer.OrdinalIgnoreCase).ToList();
    if (unknown.Count > 0)
    {
        Console.Error.WriteLine($"Unknown scenario(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", ScenarioCatalog.Names)}.");
        return 2;
    }
    return await BenchRunner.RunAsync(settings, ct);
});

return await root.Parse(args).InvokeAsync();

static string[] ParseList(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
