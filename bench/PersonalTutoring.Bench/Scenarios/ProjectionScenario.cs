using System.Diagnostics;
using System.Globalization;
using Marten;
using Npgsql;
using PersonalTutoring.Bench.Infrastructure;
using PersonalTutoring.Bench.Model;
using PersonalTutoring.Bench.Reporting;

namespace PersonalTutoring.Bench.Scenarios;

/// <summary>
/// (b) How fast Marten's async daemon catches up from checkpoint 0, and how fast a rebuild replays, over a large
/// history, each against the raw ordered read of the same rows in pages of the same size: first with the read model
/// written on the project's fold base (the target), then with Marten's <c>SingleStreamProjection</c> (comparison).
/// </summary>
internal sealed class ProjectionScenario : IBenchScenario
{
    private const double TargetEventsPerSecond = 50_000;


    public string Name => "projections";

    public async Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken ct)
    {
        var settings = context.Settings;
        var database = context.Database;
        var statements = new ServerStatements(database.ConnectionString, settings.Diagnose);
        ProjectionShape[] shapes = [.. settings.Projections.Select(p => p.ToLowerInvariant() switch
        {
            "fold" => ProjectionShape.Fold,
            "marten" => ProjectionShape.MartenSingleStream,
            _ => throw new ArgumentException($"--projections: unknown shape '{p}' (fold, marten)."),
        })];

        Console.WriteLine($"  projections: loading {settings.Events:N0} events with COPY ...");
        LoadedEvents loaded;
        await using (var loader = await BenchStore.CreateAsync(database.ConnectionString, ProjectionShape.None, ct))
            loaded = await EventLoader.LoadAsync(loader, database.ConnectionString, settings.Events, settings.EventsPerStream, settings.PayloadBytes, ct);
        Console.WriteLine($"    {loaded.Events:N0} events in {loaded.Streams:N0} streams, loaded in {Format.Seconds(loaded.LoadTime)} ({Format.Rate(loaded.Events / loaded.LoadTime.TotalSeconds)} events/s), vacuumed in {Format.Seconds(loaded.VacuumTime)}");

        var rows = new List<Measured>();
        var raw = new Dictionary<int, ThroughputRun>();
        foreach (var batch in shapes.Select(s => BenchModel.Describe(s, settings.FoldPage).BatchSize).Distinct())
        {
            Console.WriteLine($"  projections: raw ordered read, pages of {batch} ...");
            await database.CheckpointAsync(ct);
            raw[batch] = await RawOrderedRead.RunAsync(database.ConnectionString, batch, ct);
            rows.Add(new Measured("raw ordered read", batch, raw[batch], null));
        }

        var diagnostics = new List<string>();
        var results = new Dictionary<ProjectionShape, (ThroughputRun Daemon, ThroughputRun Rebuild)>();
        foreach (var shape in shapes)
        {
            var (name, batch, document) = BenchModel.Describe(shape, settings.FoldPage);
            var label = shape == ProjectionShape.Fold ? "StreamFoldProjection" : "Marten SingleStreamProjection";
            await using var bench = await BenchStore.CreateAsync(database.ConnectionString, shape, ct, settings.FoldPage, settings.Hopper);
            var table = bench.Store.Options.FindOrResolveDocumentType(document).TableName.QualifiedName;

            Console.WriteLine($"  projections: {label}: daemon catching up from checkpoint 0 ...");
            await database.CheckpointAsync(ct);
            await statements.ResetAsync(ct);
            var cpu = CpuSnapshot.Take();
            var allocated = GC.GetTotalAllocatedBytes();
            var clock = Stopwatch.StartNew();
            await bench.StartAsync(ct);
            var firstProgress = await WaitForCheckpointAsync(database.ConnectionString, name, loaded.LastSequence, ct);
            var daemon = new ThroughputRun(loaded.Events, clock.Elapsed) { Cores = CpuSnapshot.Between(cpu, CpuSnapshot.Take()), AllocatedBytes = GC.GetTotalAllocatedBytes() - allocated };
            await CheckAsync(database.ConnectionString, table, loaded, $"{label} after catch-up", ct);
            Console.WriteLine($"    {Format.Rate(daemon.PerSecond)} events/s ({Format.Seconds(daemon.Elapsed)}; first checkpoint after {Format.Seconds(firstProgress)}), cores {daemon.Cores}");
            diagnostics.AddRange(await DiagnoseAsync(statements, $"{label}, catch-up", ct));

            // The admin path: with the daemon running, ProjectionAdmin tears the view down, replays it and starts it again.
            Console.WriteLine($"  projections: {label}: rebuild through ProjectionAdmin ...");
            await database.CheckpointAsync(ct);
            await statements.ResetAsync(ct);
            cpu = CpuSnapshot.Take();
            allocated = GC.GetTotalAllocatedBytes();
            clock.Restart();
            await bench.Projections.RebuildAsync(name, ct);
            var rebuild = new ThroughputRun(loaded.Events, clock.Elapsed) { Cores = CpuSnapshot.Between(cpu, CpuSnapshot.Take()), AllocatedBytes = GC.GetTotalAllocatedBytes() - allocated };
            await CheckAsync(database.ConnectionString, table, loaded, $"{label} after rebuild", ct);
            Console.WriteLine($"    {Format.Rate(rebuild.PerSecond)} events/s ({Format.Seconds(rebuild.Elapsed)}), cores {rebuild.Cores}");
            diagnostics.AddRange(await DiagnoseAsync(statements, $"{label}, rebuild", ct));

            rows.Add(new Measured($"daemon catch-up, {label}", batch, daemon, raw[batch]));
            rows.Add(new Measured($"rebuild, {label}", batch, rebuild, raw[batch]));
            results[shape] = (daemon, rebuild);
        }

        var foldBatch = BenchModel.Describe(ProjectionShape.Fold, settings.FoldPage).BatchSize;
        var targets = new List<TargetCheck>();
        if (results.TryGetValue(ProjectionShape.Fold, out var fold))
        {
            targets.Add(new TargetCheck($"daemon catch-up (StreamFoldProjection) >= {Format.Rate(TargetEventsPerSecond)} events/s", $"{Format.Rate(fold.Daemon.PerSecond)} events/s", fold.Daemon.PerSecond >= TargetEventsPerSecond));
            targets.Add(new TargetCheck($"rebuild (StreamFoldProjection) >= {Format.Rate(TargetEventsPerSecond)} events/s", $"{Format.Rate(fold.Rebuild.PerSecond)} events/s", fold.Rebuild.PerSecond >= TargetEventsPerSecond));
        }
        return new ScenarioResult(
            Name,
            $"Projections on Marten's async daemon: {loaded.Events:N0} events in {loaded.Streams:N0} streams",
            ["run", "page", "events", "time", "events/s", "vs raw read", "cores: bench / pg / others", "CPU µs/event: bench / pg", "bench allocated/event"],
            rows.Select(r => (IReadOnlyList<string>)
            [
                r.Run, r.Batch.ToString(CultureInfo.InvariantCulture), r.Result.Events.ToString("N0", CultureInfo.InvariantCulture),
                Format.Seconds(r.Result.Elapsed), Format.Rate(r.Result.PerSecond), r.Ratio is { } ratio ? Format.Ratio(ratio) : "-",
                r.Result.Cores is { } c ? $"{Format.Cores(c.Bench)} / {Format.Cores(c.Server)} / {Format.Cores(c.Others)}" : "n/a",
                r.Result.Cores is { } u ? $"{PerEvent(u.Bench, r.Result)} / {PerEvent(u.Server, r.Result)}" : "n/a",
                r.Result.AllocatedBytes > 0 ? $"{r.Result.AllocatedPerEvent / 1024:0.00} KB" : "-",
            ]).ToList(),
            targets,
            [
                $"Load: one probe event appended through a Marten session is the row template; then binary COPY into mt_streams and mt_events in one transaction (contiguous seq_id {loaded.FirstSequence}..{loaded.LastSequence}, sequence set past them, request metadata on every row), " +
                $"then VACUUM (ANALYZE); {Format.Seconds(loaded.LoadTime)} + {Format.Seconds(loaded.VacuumTime)}. Streams interleaved at random.",
                "Raw ordered read: keyset-paged SELECT of the daemon's columns ORDER BY seq_id LIMIT page, one connection; values read into .NET, JSON kept as text, nothing parsed or written.",
                "Store: TutoringStore.Configure (the host's options) in a generic host with AddAsyncDaemon(HotCold) as the web host has it; the benchmark's own schemas; one async projection per run.",
                $"Daemon catch-up: the host started with the projection at checkpoint 0 (so the time includes start-up and the HotCold election), timed until its checkpoint in mt_event_progression reaches the last event (polled every 25 ms).",
                "Rebuild: ProjectionAdmin.RebuildAsync with the daemon running (the admin path: tear the view down, replay on the daemon, start the shard again).",
                $"StreamFoldProjection (BuildingBlocks): pages of {foldBatch}, each touched document loaded once, folded in memory, written once by DocumentWrites.Upsert. " +
                $"Marten's SingleStreamProjection: pages of {BenchModel.MartenProjectionBatchSize} (its best). Both count events per stream; the documents are checked against the loaded data after each run." +
                (settings.Hopper is { } hop ? $" Experiment: the fold's MaximumHopperSize = {hop}." : ""),
                "CPU µs/event: cores used × time ÷ events, for this process (the client: daemon, Marten, Npgsql) and the cluster; unlike the rates, contention moves these little. " +
                "Allocated/event: bytes this process allocated in the window (GC.GetTotalAllocatedBytes) ÷ events.",
            ],
            new { loaded, raw, fold = results.GetValueOrDefault(ProjectionShape.Fold), martenSingleStream = results.GetValueOrDefault(ProjectionShape.MartenSingleStream), diagnostics })
        { Details = diagnostics };
    }

    /// <summary>Waits until the projection's checkpoint reaches <paramref name="last"/>; returns when it first moved.</summary>
    private static async Task<TimeSpan> WaitForCheckpointAsync(string connectionString, string projection, long last, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan? firstMove = null;
        var lastMove = clock.Elapsed;
        long seen = 0;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"SELECT coalesce(max(last_seq_id), 0) FROM {BenchModel.EventSchema}.mt_event_progression WHERE name = @name", connection);
        command.Parameters.AddWithValue("name", $"{projection}:All");
        while (true)
        {
            var checkpoint = (long)(await command.ExecuteScalarAsync(ct))!;
            if (checkpoint > seen)
            {
                seen = checkpoint;
                firstMove ??= clock.Elapsed;
                lastMove = clock.Elapsed;
            }
            if (checkpoint >= last) return firstMove!.Value;
            if (clock.Elapsed - lastMove > TimeSpan.FromMinutes(2))
                throw new TimeoutException($"Projection '{projection}' stopped at {checkpoint} of {last} for two minutes.");
            await Task.Delay(25, ct);
        }
    }

    /// <summary>The documents must add up to exactly the loaded events, one per stream; anything else is a wrong projection.</summary>
    private static async Task CheckAsync(string connectionString, string table, LoadedEvents loaded, string when, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"SELECT count(*), coalesce(sum((data->>'count')::bigint), 0)::bigint FROM {table}", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (documents, events) = (reader.GetInt64(0), reader.GetInt64(1));
        if (documents != loaded.Streams || events != loaded.Events)
            throw new InvalidOperationException($"The projection is wrong ({when}): expected {loaded.Streams} documents counting {loaded.Events} events, found {documents} counting {events}.");
    }

    private static async Task<IReadOnlyList<string>> DiagnoseAsync(ServerStatements statements, string phase, CancellationToken ct)
    {
        if (!statements.Enabled) return [];
        var top = await statements.TopAsync(6, ct);
        var lines = new List<string> { $"{phase}: server time by statement (pg_stat_statements), total {top.Sum(s => s.ExecMs + s.PlanMs):0} ms in the top {top.Count}" };
        lines.AddRange(top.Select(s => "  " + s));
        foreach (var line in lines) Console.WriteLine($"    {line}");
        return lines;
    }

    private static string PerEvent(double cores, ThroughputRun run) =>
        (cores * run.Elapsed.TotalSeconds * 1e6 / run.Events).ToString("0.0", CultureInfo.InvariantCulture);

    private sealed record Measured(string Run, int Batch, ThroughputRun Result, ThroughputRun? Raw)
    {
        public double? Ratio => Raw is null ? null : Result.PerSecond / Raw.PerSecond;
    }
}
