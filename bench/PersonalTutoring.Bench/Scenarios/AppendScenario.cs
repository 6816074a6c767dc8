using Npgsql;
using NpgsqlTypes;
using PersonalTutoring.Bench.Infrastructure;
using PersonalTutoring.Bench.Model;
using PersonalTutoring.Bench.Reporting;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Bench.Scenarios;

/// <summary>
/// (a) Single-event appends through <see cref="EventStore.AppendAsync"/> with expected versions, against the floor
/// of what PostgreSQL can commit: BEGIN; INSERT one jsonb row; COMMIT, at the same concurrency and pool size.
/// </summary>
internal sealed class AppendScenario : IBenchScenario
{
    private const double TargetRatio = 0.60;

    // Each writer round-robins over a few streams of its own: never a version conflict, and not one hot row.
    private const int StreamsPerWriter = 8;

    private const string RawTable = $"{BenchModel.DocumentSchema}.raw_appends";

    public string Name => "append";

    public async Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken ct)
    {
        var settings = context.Settings;
        var payloadJson = new EventTypeRegistry().Register<LessonNoted>(BenchModel.EventAlias).Serialize(BenchModel.Event(settings.PayloadBytes, 0));
        await context.Database.ExecuteAsync($"DROP TABLE IF EXISTS {RawTable}; CREATE TABLE {RawTable} (id bigserial PRIMARY KEY, payload jsonb NOT NULL)", ct);

        await using var host = await StoreHost.CreateAsync(context.Database.ConnectionString, withProjection: false, ct);
        await using var raw = new NpgsqlDataSourceBuilder(context.Database.ConnectionString).Build();

        var runs = new List<AppendRun>();
        var runId = Guid.NewGuid().ToString("N")[..8];
        foreach (var writers in settings.Concurrency)
        {
            // Rounds alternate raw and store so that drift on a shared machine (checkpoints, noisy neighbours,
            // a growing table) is spread over both sides instead of favouring whichever ran first.
            var rawRounds = new List<LoadResult>();
            var storeRounds = new List<LoadResult>();
            for (var round = 1; round <= settings.Rounds; round++)
            {
                Console.WriteLine($"  append: {writers} writer(s), round {round}/{settings.Rounds}: raw baseline, then event store ...");
                await context.Database.CheckpointAsync(ct);
                rawRounds.Add(await ClosedLoop.RunAsync(writers, settings.WarmUp, settings.Duration, _ => RawInsert(raw, settings.PayloadBytes), ct));
                await context.Database.CheckpointAsync(ct);
                storeRounds.Add(await ClosedLoop.RunAsync(writers, settings.WarmUp, settings.Duration,
                    worker => StoreAppend(host.Store, $"append-{runId}-c{writers}-r{round}-w{worker}", settings.PayloadBytes), ct));
                Console.WriteLine($"    {Format.Rate(storeRounds[^1].PerSecond)} vs {Format.Rate(rawRounds[^1].PerSecond)} commits/s");
            }

            var run = new AppendRun(writers, LoadResult.Combine(storeRounds), LoadResult.Combine(rawRounds), storeRounds, rawRounds);
            runs.Add(run);
            Console.WriteLine($"    {writers} writer(s): {Format.Rate(run.Store.PerSecond)} vs {Format.Rate(run.Raw.PerSecond)} commits/s ({Format.Ratio(run.Ratio)})");
        }

        return new ScenarioResult(
            Name,
            "Append: single-event commits, event store vs raw INSERT",
            ["writers", "store commits/s", "p50 ms", "p95 ms", "p99 ms", "client CPU µs", "raw commits/s", "raw p50", "raw p95", "raw p99", "raw client CPU µs", "store/raw", "other procs, cores (raw/store)"],
            runs.Select(r => (IReadOnlyList<string>)
            [
                r.Writers.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Format.Rate(r.Store.PerSecond), Format.Ms(r.Store.Latency.P50), Format.Ms(r.Store.Latency.P95), Format.Ms(r.Store.Latency.P99), Format.Rate(r.Store.ClientCpuMicroseconds),
                Format.Rate(r.Raw.PerSecond), Format.Ms(r.Raw.Latency.P50), Format.Ms(r.Raw.Latency.P95), Format.Ms(r.Raw.Latency.P99), Format.Rate(r.Raw.ClientCpuMicroseconds),
                Format.Ratio(r.Ratio),
                $"{Format.Cores(r.Raw.Cores?.Others)} / {Format.Cores(r.Store.Cores?.Others)}",
            ]).ToList(),
            runs.Select(r => new TargetCheck($"store >= {Format.Ratio(TargetRatio)} of raw at {r.Writers} writer(s)", Format.Ratio(r.Ratio), r.Ratio >= TargetRatio)).ToList(),
            [
                $"Event store: EventStore.AppendAsync(stream, expectedVersion, [one ~{payloadJson.Length} B event]); each writer owns {StreamsPerWriter} streams, started during the warm-up, and tracks their versions.",
                $"Raw: BEGIN; INSERT INTO {RawTable} (payload) VALUES (@jsonb) -- the same {payloadJson.Length} B JSON; COMMIT. Table has a bigserial primary key and nothing else.",
                $"Both: Npgsql pooled data sources built from the same connection string; closed loop (each writer waits for its commit); {settings.Rounds} alternating round(s) of {settings.Duration.TotalSeconds:0.#} s each (after {settings.WarmUp.TotalSeconds:0.#} s warm-up), combined; a CHECKPOINT before every round.",
                "The daemon and the NOTIFY relay are not running during the appends: this measures the append path alone.",
                "Client CPU: this process's CPU time in the measured window divided by the commits; the server shares the same 2 cores.",
                "Other procs: average cores used by processes that are neither this benchmark nor the cluster under test during the window (from /proc; with --connection the server counts as other); above ~0.1 the figure is contaminated by another workload.",
            ],
            runs);
    }

    private static Func<CancellationToken, Task> RawInsert(NpgsqlDataSource raw, int payloadBytes)
    {
        var types = new EventTypeRegistry().Register<LessonNoted>(BenchModel.EventAlias);
        var seed = 0;
        return async ct =>
        {
            // Serialised per insert, as the store does, so client-side work is comparable.
            var json = types.Serialize(BenchModel.Event(payloadBytes, seed++));
            await using var connection = await raw.OpenConnectionAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            await using (var command = new NpgsqlCommand($"INSERT INTO {RawTable} (payload) VALUES (@payload)", connection, tx))
            {
                command.Parameters.Add(new NpgsqlParameter("payload", NpgsqlDbType.Jsonb) { Value = json });
                await command.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
        };
    }

    private static Func<CancellationToken, Task> StoreAppend(EventStore store, string streamPrefix, int payloadBytes)
    {
        var versions = new long[StreamsPerWriter];
        var next = 0;
        return async ct =>
        {
            var slot = next++ % StreamsPerWriter;
            var stored = await store.AppendAsync($"{streamPrefix}-s{slot}", versions[slot], [BenchModel.Event(payloadBytes, next)], ct);
            versions[slot] = stored[^1].Version;
        };
    }

    private sealed record AppendRun(int Writers, LoadResult Store, LoadResult Raw, IReadOnlyList<LoadResult> StoreRounds, IReadOnlyList<LoadResult> RawRounds)
    {
        public double Ratio => Store.PerSecond / Raw.PerSecond;
    }
}
