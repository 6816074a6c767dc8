using System.Globalization;
using Marten;
using Npgsql;
using NpgsqlTypes;
using PersonalTutoring.Bench.Infrastructure;
using PersonalTutoring.Bench.Model;
using PersonalTutoring.Bench.Reporting;
using PersonalTutoring.BuildingBlocks.Audit;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Bench.Scenarios;

/// <summary>
/// (a) Single-event appends the way the endpoints append — a Marten lightweight session stamped with the request's
/// metadata, <see cref="Appends.AppendAt"/> at the version the writer knows, <c>SaveChangesAsync</c> — against the
/// floor of what PostgreSQL can commit: BEGIN; INSERT one jsonb row; COMMIT, at the same concurrency and pool size.
/// A second store row fetches the stream for writing first (<c>FetchForWriting</c>, the decider path).
/// </summary>
internal sealed class AppendScenario : IBenchScenario
{
    private const double TargetRatio = 0.60;

    /// <summary>Issue 16: the hash chain may slow appends by at most 15%.</summary>
    private const double ChainTargetRatio = 0.85;

    // Each writer round-robins over a few streams of its own: never a version conflict, and not one hot row.
    private const int StreamsPerWriter = 8;

    private const string RawTable = $"{BenchModel.DocumentSchema}.raw_appends";

    public string Name => "append";

    public async Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken ct)
    {
        var settings = context.Settings;
        await context.Database.ExecuteAsync($"DROP TABLE IF EXISTS {RawTable}; CREATE TABLE {RawTable} (id bigserial PRIMARY KEY, payload jsonb NOT NULL)", ct);

        await using var bench = await BenchStore.CreateAsync(context.Database.ConnectionString, ProjectionShape.None, ct);
        var serializer = bench.Store.Options.Serializer();
        var payloadLength = serializer.ToJson(BenchModel.Event(settings.PayloadBytes, 0)).Length;
        await using var raw = new NpgsqlDataSourceBuilder(context.Database.ConnectionString).Build();
        var statements = new ServerStatements(context.Database.ConnectionString, settings.Diagnose);
        var diagnostics = new List<string>();

        var runs = new List<AppendRun>();
        var runId = Guid.NewGuid().ToString("N")[..8];
        foreach (var writers in settings.Concurrency)
        {
            // Rounds alternate raw and store so that drift on a shared machine (checkpoints, noisy neighbours,
            // a growing table) is spread over every side instead of favouring whichever ran first.
            var rawRounds = new List<LoadResult>();
            var appendRounds = new List<LoadResult>();
            var fetchRounds = new List<LoadResult>();
            var chainRounds = new List<LoadResult>();
            for (var round = 1; round <= settings.Rounds; round++)
            {
                Console.WriteLine($"  append: {writers} writer(s), round {round}/{settings.Rounds}: raw baseline, AppendAt, FetchForWriting ...");
                await context.Database.CheckpointAsync(ct);
                await statements.ResetAsync(ct);
                rawRounds.Add(await ClosedLoop.RunAsync(writers, settings.WarmUp, settings.Duration, _ => RawInsert(raw, serializer, settings.PayloadBytes), ct));
                await Diagnose(statements, $"raw, {writers} writer(s), round {round}", diagnostics, ct);

                await context.Database.CheckpointAsync(ct);
                await statements.ResetAsync(ct);
                appendRounds.Add(await ClosedLoop.RunAsync(writers, settings.WarmUp, settings.Duration,
                    worker => AppendAt(bench, $"append-{runId}-c{writers}-r{round}-w{worker}", settings.PayloadBytes), ct));
                await Diagnose(statements, $"AppendAt, {writers} writer(s), round {round}", diagnostics, ct);

                await context.Database.CheckpointAsync(ct);
                await statements.ResetAsync(ct);
                fetchRounds.Add(await ClosedLoop.RunAsync(writers, settings.WarmUp, settings.Duration,
                    worker => FetchAndAppend(bench, $"fetch-{runId}-c{writers}-r{round}-w{worker}", settings.PayloadBytes, settings.EventsPerStream), ct));
                await Diagnose(statements, $"FetchForWriting, {writers} writer(s), round {round}", diagnostics, ct);

                // The same AppendAt with the event chain's trigger installed (ADR 0075), removed again before the next round.
                await context.Database.CheckpointAsync(ct);
                await statements.ResetAsync(ct);
                await InstallChainAsync(context.Database.ConnectionString, ct);
                chainRounds.Add(await ClosedLoop.RunAsync(writers, settings.WarmUp, settings.Duration,
                    worker => AppendAt(bench, $"chain-{runId}-c{writers}-r{round}-w{worker}", settings.PayloadBytes), ct));
                await context.Database.ExecuteAsync(EventChainSchema.DropTriggerSql(BenchModel.EventSchema), ct);
                await Diagnose(statements, $"AppendAt with the hash chain, {writers} writer(s), round {round}", diagnostics, ct);
                Console.WriteLine($"    AppendAt {Format.Rate(appendRounds[^1].PerSecond)}, FetchForWriting {Format.Rate(fetchRounds[^1].PerSecond)}, AppendAt + chain {Format.Rate(chainRounds[^1].PerSecond)} vs raw {Format.Rate(rawRounds[^1].PerSecond)} commits/s");
            }

            var run = new AppendRun(writers, LoadResult.Combine(rawRounds), LoadResult.Combine(appendRounds), LoadResult.Combine(fetchRounds), LoadResult.Combine(chainRounds),
                rawRounds, appendRounds, fetchRounds, chainRounds);
            runs.Add(run);
            Console.WriteLine($"    {writers} writer(s): AppendAt {Format.Ratio(run.AppendRatio)}, FetchForWriting {Format.Ratio(run.FetchRatio)} of raw; the chain keeps {Format.Ratio(run.ChainCost)} of AppendAt");
        }

        var table = runs.SelectMany(r => new[]
        {
            Row(r.Writers, "raw INSERT", r.Raw, null),
            Row(r.Writers, "AppendAt + SaveChanges", r.Append, r.AppendRatio),
            Row(r.Writers, "FetchForWriting + append", r.Fetch, r.FetchRatio),
            Row(r.Writers, "AppendAt + hash chain", r.Chain, r.Chain.PerSecond / r.Raw.PerSecond),
        }).ToList();
        return new ScenarioResult(
            Name,
            "Append: single-event commits through a Marten session vs raw INSERT",
            ["writers", "path", "commits/s", "p50 ms", "p95 ms", "p99 ms", "client CPU µs", "vs raw", "cores: bench / pg / others"],
            table,
            [
                .. runs.Select(r => new TargetCheck($"AppendAt >= {Format.Ratio(TargetRatio)} of raw at {r.Writers} writer(s)", Format.Ratio(r.AppendRatio), r.AppendRatio >= TargetRatio)),
                .. runs.Select(r => new TargetCheck($"AppendAt with the hash chain >= {Format.Ratio(ChainTargetRatio)} of AppendAt at {r.Writers} writer(s)", Format.Ratio(r.ChainCost), r.ChainCost >= ChainTargetRatio)),
            ],
            [
                $"AppendAt: store.LightweightSession() stamped with request metadata (correlation, causation, user), session.AppendAt(stream, versionBefore, [one ~{payloadLength} B event]), SaveChangesAsync; " +
                $"each writer owns {StreamsPerWriter} streams, started during the warm-up, and tracks their versions.",
                $"FetchForWriting: the same session, FetchForWriting<LessonLog>(stream) (a live fold of the stream), AppendOne, SaveChangesAsync (Marten checks the version it read); " +
                $"each writer round-robins over {StreamsPerWriter} streams and moves a stream on to a fresh one after {settings.EventsPerStream} events, so a fetch reads {settings.EventsPerStream / 2} events on average and 1 in {settings.EventsPerStream} appends starts a stream.",
                $"Raw: BEGIN; INSERT INTO {RawTable} (payload) VALUES (@jsonb) -- the same {payloadLength} B JSON, serialised per insert; COMMIT. Table has a bigserial primary key and nothing else; unprepared, as an application's raw INSERT would be.",
                $"Store: TutoringStore.Configure, the host's options (Max Auto Prepare=64 unless the connection string says otherwise, Quick append, metadata columns). Both use pooled Npgsql data sources from the same connection string.",
                $"Closed loop (each writer waits for its commit); {settings.Rounds} round(s) of raw, AppendAt, FetchForWriting in turn, {settings.Duration.TotalSeconds:0.#} s each after {settings.WarmUp.TotalSeconds:0.#} s warm-up, combined; a CHECKPOINT before every run.",
                "AppendAt + hash chain: the same AppendAt with the event chain's row trigger installed (EventChainSchema, ADRs 0075 and 0088): each event hashed with SHA-256 in its append transaction, chained to its stream's previous hash; the trigger is dropped after each such run, so the other paths run without it.",
                "No daemon runs during the appends: this measures the append path alone (the chain's sealer follows the daemon and is not part of an append).",
                "Client CPU: this process's CPU time in the measured window divided by the commits; the server shares the same cores.",
                "Others: average cores used by processes that are neither this benchmark nor the cluster under test during the window (from /proc); above ~0.1 the figure is contaminated by another workload.",
            ],
            new { runs, diagnostics })
        { Details = diagnostics };
    }

    private static IReadOnlyList<string> Row(int writers, string path, LoadResult result, double? ratio) =>
    [
        writers.ToString(CultureInfo.InvariantCulture), path,
        Format.Rate(result.PerSecond), Format.Ms(result.Latency.P50), Format.Ms(result.Latency.P95), Format.Ms(result.Latency.P99), Format.Rate(result.ClientCpuMicroseconds),
        ratio is { } r ? Format.Ratio(r) : "-",
        result.Cores is { } c ? $"{Format.Cores(c.Bench)} / {Format.Cores(c.Server)} / {Format.Cores(c.Others)}" : "n/a",
    ];

    private static async Task Diagnose(ServerStatements statements, string phase, List<string> into, CancellationToken ct)
    {
        if (!statements.Enabled) return;
        var top = await statements.TopAsync(5, ct);
        into.Add($"{phase}: server time by statement (pg_stat_statements)");
        into.AddRange(top.Select(s => "  " + s));
    }

    private static Func<CancellationToken, Task> RawInsert(NpgsqlDataSource raw, Marten.ISerializer serializer, int payloadBytes)
    {
        var seed = 0;
        return async ct =>
        {
            // Serialised per insert, as the store does, so client-side work is comparable.
            var json = serializer.ToJson(BenchModel.Event(payloadBytes, seed++));
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

    private static Func<CancellationToken, Task> AppendAt(BenchStore bench, string streamPrefix, int payloadBytes)
    {
        var versions = new long[StreamsPerWriter];
        var next = 0;
        return async ct =>
        {
            var slot = next++ % StreamsPerWriter;
            await using var session = bench.OpenSession(Metadata.ForRequest(next));
            session.AppendAt($"{streamPrefix}-s{slot}", versions[slot], BenchModel.Event(payloadBytes, next));
            await session.SaveChangesAsync(ct);
            versions[slot]++;
        };
    }

    private static Func<CancellationToken, Task> FetchAndAppend(BenchStore bench, string streamPrefix, int payloadBytes, int eventsPerStream)
    {
        var lengths = new int[StreamsPerWriter];
        var generations = new int[StreamsPerWriter];
        var next = 0;
        return async ct =>
        {
            var slot = next++ % StreamsPerWriter;
            if (lengths[slot] == eventsPerStream) (lengths[slot], generations[slot]) = (0, generations[slot] + 1);
            await using var session = bench.OpenSession(Metadata.ForRequest(next));
            var stream = await session.Events.FetchForWriting<LessonLog>($"{streamPrefix}-s{slot}-g{generations[slot]}", ct);
            if (stream.ReadVersion != lengths[slot]) throw new InvalidOperationException($"Read version {stream.ReadVersion}, expected {lengths[slot]}.");
            stream.AppendOne(BenchModel.Event(payloadBytes, next));
            await session.SaveChangesAsync(ct);
            lengths[slot]++;
        };
    }

    private static async Task InstallChainAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await EventChainSchema.ApplyAsync(connection, BenchModel.EventSchema, ct);
    }

    private sealed record AppendRun(int Writers, LoadResult Raw, LoadResult Append, LoadResult Fetch, LoadResult Chain,
        IReadOnlyList<LoadResult> RawRounds, IReadOnlyList<LoadResult> AppendRounds, IReadOnlyList<LoadResult> FetchRounds, IReadOnlyList<LoadResult> ChainRounds)
    {
        public double ChainCost => Chain.PerSecond / Append.PerSecond;

        public double AppendRatio => Append.PerSecond / Raw.PerSecond;

        public double FetchRatio => Fetch.PerSecond / Raw.PerSecond;
    }
}
