using System.Diagnostics;
using Npgsql;
using PersonalTutoring.Bench.Infrastructure;
using PersonalTutoring.Bench.Model;
using PersonalTutoring.Bench.Reporting;

namespace PersonalTutoring.Bench.Scenarios;

/// <summary>
/// (b) How fast the async daemon catches up from checkpoint 0, and how fast a rebuild replays, over a large
/// history, each against the raw ordered read of the same rows in batches of the same size.
/// </summary>
internal sealed class ProjectionScenario : IBenchScenario
{
    private const double TargetEventsPerSecond = 50_000;

    public string Name => "projections";

    public async Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken ct)
    {
        var settings = context.Settings;
        var database = context.Database;
        await using var host = await StoreHost.CreateAsync(database.ConnectionString, withProjection: true, ct);
        var daemonOptions = host.Options.Daemon;

        Console.WriteLine($"  projections: loading {settings.Events:N0} events with COPY ...");
        var loaded = await EventLoader.LoadAsync(database.ConnectionString, host.Options.Events, settings.Events, settings.EventsPerStream, settings.PayloadBytes, ct);
        Console.WriteLine($"    {loaded.Events:N0} events in {loaded.Streams:N0} streams, loaded in {Format.Seconds(loaded.LoadTime)} ({Format.Rate(loaded.Events / loaded.LoadTime.TotalSeconds)} events/s), vacuumed in {Format.Seconds(loaded.VacuumTime)}");

        Console.WriteLine($"  projections: raw ordered read, batches of {daemonOptions.BatchSize} and {daemonOptions.RebuildBatchSize} ...");
        await database.CheckpointAsync(ct);
        var rawDaemonBatch = await RawOrderedRead.RunAsync(database.ConnectionString, daemonOptions.BatchSize, ct);
        var rawRebuildBatch = await RawOrderedRead.RunAsync(database.ConnectionString, daemonOptions.RebuildBatchSize, ct);

        Console.WriteLine("  projections: daemon catching up from checkpoint 0 ...");
        await database.CheckpointAsync(ct);
        var cpu = CpuSnapshot.Take();
        var clock = Stopwatch.StartNew();
        await host.StartBackgroundServicesAsync(ct);
        await host.Daemon.WaitForNonStaleProjectionsAsync(TimeSpan.FromHours(1), ct);
        var daemon = new ThroughputRun(loaded.Events, clock.Elapsed) { Cores = CpuSnapshot.Between(cpu, CpuSnapshot.Take()) };
        var afterDaemon = await TallyAsync(database.ConnectionString, ct);

        // The admin path: the daemon keeps running and RebuildAsync pauses its runner around the rebuild.
        Console.WriteLine("  projections: rebuild ...");
        await database.CheckpointAsync(ct);
        cpu = CpuSnapshot.Take();
        clock.Restart();
        var rebuilt = await host.Daemon.RebuildAsync(StreamTallyProjection.ProjectionName, ct);
        var rebuild = new ThroughputRun(rebuilt.EventsApplied, clock.Elapsed) { Cores = CpuSnapshot.Between(cpu, CpuSnapshot.Take()) };
        var afterRebuild = await TallyAsync(database.ConnectionString, ct);

        var expected = new Tally(loaded.Streams, loaded.Events);
        if (afterDaemon != expected || afterRebuild != expected)
            throw new InvalidOperationException($"The projection is wrong: expected {expected}, after the daemon {afterDaemon}, after the rebuild {afterRebuild}.");

        var rows = new List<Measured>
        {
            new("raw read", daemonOptions.BatchSize, rawDaemonBatch, null),
            new("raw read", daemonOptions.RebuildBatchSize, rawRebuildBatch, null),
            new("daemon catch-up", daemonOptions.BatchSize, daemon, rawDaemonBatch),
            new("rebuild", daemonOptions.RebuildBatchSize, rebuild, rawRebuildBatch),
        };
        return new ScenarioResult(
            Name,
            $"Projections: {loaded.Events:N0} events in {loaded.Streams:N0} streams",
            ["run", "batch", "events", "time", "events/s", "vs raw read", "cores: bench / pg / others"],
            rows.Select(r => (IReadOnlyList<string>)
            [
                r.Run, r.Batch.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Result.Events.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                Format.Seconds(r.Result.Elapsed), Format.Rate(r.Result.PerSecond), r.Ratio is { } ratio ? Format.Ratio(ratio) : "-",
                r.Result.Cores is { } c ? $"{Format.Cores(c.Bench)} / {Format.Cores(c.Server)} / {Format.Cores(c.Others)}" : "n/a",
            ]).ToList(),
            [
                new TargetCheck($"daemon >= {Format.Rate(TargetEventsPerSecond)} events/s", $"{Format.Rate(daemon.PerSecond)} events/s", daemon.PerSecond >= TargetEventsPerSecond),
                new TargetCheck($"rebuild >= {Format.Rate(TargetEventsPerSecond)} events/s", $"{Format.Rate(rebuild.PerSecond)} events/s", rebuild.PerSecond >= TargetEventsPerSecond),
            ],
            [
                $"Load: binary COPY into mt_streams and mt_events in one transaction (contiguous seq_id {loaded.FirstSequence}..{loaded.LastSequence}, sequence set past them), " +
                $"then VACUUM (ANALYZE); {Format.Seconds(loaded.LoadTime)} + {Format.Seconds(loaded.VacuumTime)}. Streams interleaved at random.",
                "Raw read: keyset-paged SELECT of the daemon's columns ORDER BY seq_id LIMIT batch, one connection; values read into .NET, JSON kept as text, nothing parsed or written.",
                $"Daemon: hosted services started with the projection at checkpoint 0, timed until WaitForNonStaleProjectionsAsync returns (it polls every 25 ms). BatchSize={daemonOptions.BatchSize}.",
                $"Rebuild: ProjectionDaemon.RebuildAsync with the daemon running (pauses its runner, replays into a shadow table, swaps it in, sets the checkpoint). RebuildBatchSize={daemonOptions.RebuildBatchSize}.",
                $"Projection: SingleStreamProjection counting events per stream (one document per stream); the result is checked against the loaded data after each run.",
            ],
            new { loaded, rawDaemonBatch, rawRebuildBatch, daemon, rebuild, daemonOptions.BatchSize, daemonOptions.RebuildBatchSize });
    }

    private static async Task<Tally> TallyAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"SELECT count(*), coalesce(sum((data->>'count')::bigint), 0)::bigint FROM {BenchModel.DocumentSchema}.stream_tally", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new Tally(reader.GetInt64(0), reader.GetInt64(1));
    }

    private sealed record Tally(long Documents, long Events);

    private sealed record Measured(string Run, int Batch, ThroughputRun Result, ThroughputRun? Raw)
    {
        public double? Ratio => Raw is null ? null : Result.PerSecond / Raw.PerSecond;
    }
}
