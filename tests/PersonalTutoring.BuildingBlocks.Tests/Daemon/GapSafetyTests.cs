using System.Diagnostics;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Services;
using Npgsql;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Tests.Support;
using PersonalTutoring.TestKit;
using Xunit.Abstractions;

namespace PersonalTutoring.BuildingBlocks.Tests.Daemon;

/// <summary>
/// The failures event stores shipped with (docs: ../shared/design/event-ordering.md), run against Marten's daemon as
/// this host configures it: lost late commits, stalls on dead gaps, double application (docs/adr/0033).
/// </summary>
public sealed class GapSafetyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private TestDatabase db = null!;
    private Sql sql = null!;

    public async Task InitializeAsync()
    {
        db = await TestPostgres.CreateDatabaseAsync(nameof(GapSafetyTests));
        sql = new Sql(db.ConnectionString);
        await sql.ExecuteAsync(AppliedLog.Ddl);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private Task<StoreHarness> Harness(string host = "a", Func<IEvent, Task>? onEvent = null) =>
        StoreHarness.StartAsync(db.ConnectionString, o =>
        {
            Ledgers.Configure(o, new BalanceProjection());
            new AppliedLog(host, onEvent).Register(o);
        });

    [Fact]
    public void The_daemon_passes_a_gap_only_on_evidence_that_its_writer_is_gone()
    {
        var options = new StoreOptions();
        TutoringStore.Configure(options, "Host=localhost", new StoreSettings());

        options.Projections.UseTransactionEvidenceForGapSkipping.Should().BeTrue("a gap is never skipped on a timer alone");
        options.Projections.SkipStaleGapsDespiteLiveTransactionsAfter.Should().BeNull("a live writer is waited for, however long");
        options.Projections.StaleSequenceThreshold.Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task An_event_from_a_transaction_held_open_past_every_poll_and_the_stale_threshold_is_still_projected_in_order()
    {
        await using var h = await Harness();
        await Append(h, "warm");
        await h.CatchUpAsync();

        var (connection, slow) = await AppendInOpenTransaction(h, "slow");
        for (var i = 0; i < 5; i++) await Append(h, $"fast-{i}");
        await Task.Delay(TimeSpan.FromSeconds(3)); // 12 × the stale threshold, 15 polls: a timer-based daemon would have moved on

        (await sql.ScalarAsync("SELECT count(*) FROM public.applied WHERE stream <> 'warm'")).Should().Be(0, "nothing after the open gap may be delivered before it");
        await slow.CommitAsync();
        await connection.DisposeAsync();
        await h.CatchUpAsync();

        var applied = await AppliedSequences();
        applied.Should().HaveCount(7).And.BeInAscendingOrder().And.OnlyHaveUniqueItems();
        (await Load<Balance>(h, "slow"))!.Total.Should().Be(1);
    }

    [Fact]
    public async Task A_rolled_back_append_does_not_stall_the_daemon()
    {
        await using var h = await Harness();
        await Append(h, "warm");
        await h.CatchUpAsync();

        var (connection, doomed) = await AppendInOpenTransaction(h, "doomed");
        await doomed.RollbackAsync(); // its sequence number is taken and will never be committed
        await connection.DisposeAsync();
        var started = Stopwatch.GetTimestamp();
        await Append(h, "after");
        while (await Load<Balance>(h, "after") is null)
        {
            Stopwatch.GetElapsedTime(started).Should().BeLessThan(TimeSpan.FromSeconds(10), "a dead gap must be passed, not waited on forever");
            await Task.Delay(20);
        }
        output.WriteLine($"Projected {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms after the append that followed the rolled-back one.");

        // The log is another projection's shard, which may be a poll behind the balances': both caught up, then counted.
        await h.CatchUpAsync();
        (await AppliedSequences()).Should().HaveCount(2, "the rolled-back event was never committed");
    }

    [Fact]
    public async Task Sixteen_concurrent_writers_with_delays_and_rollbacks_are_each_applied_exactly_once_in_order()
    {
        await using var h = await Harness();
        var committed = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 16), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (writer, ct) =>
        {
            var random = new Random(writer);
            for (var i = 0; i < 500; i++)
            {
                var rollback = random.Next(20) == 0;
                var delay = random.Next(8) == 0 ? random.Next(1, 25) : 0;
                await using var connection = new NpgsqlConnection(db.ConnectionString);
                await connection.OpenAsync(ct);
                await using var tx = await connection.BeginTransactionAsync(ct);
                await using (var session = h.Store.LightweightSession(SessionOptions.ForTransaction(tx)))
                {
                    session.Events.Append($"w-{writer}", new Deposited($"w-{writer}", 1));
                    await session.SaveChangesAsync(ct);
                }
                if (delay > 0) await Task.Delay(delay, ct); // committed out of sequence order
                if (rollback) await tx.RollbackAsync(ct);
                else
                {
                    await tx.CommitAsync(ct);
                    Interlocked.Increment(ref committed);
                }
            }
        });

        await h.CatchUpAsync();

        var applied = await AppliedSequences();
        applied.Should().HaveCount(committed).And.OnlyHaveUniqueItems().And.BeInAscendingOrder();
        (await sql.ScalarAsync("SELECT count(*) FROM events.mt_events")).Should().Be(committed);
        (await sql.ScalarAsync("SELECT coalesce(sum((data->>'total')::int), 0) FROM ledger.mt_doc_balance")).Should().Be(committed);
    }

    [Fact]
    public async Task Two_daemons_on_one_database_apply_each_event_once()
    {
        await using var first = await Harness("a");
        await using var second = await Harness("b");
        // Unversioned appends racing on one stream can collide in Marten's Quick append (ADR 0032): one stream each.
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), async (i, ct) => await Append(i % 2 == 0 ? first : second, $"acct-{i}"));

        await first.CatchUpAsync();
        await second.CatchUpAsync();

        (await AppliedSequences()).Should().HaveCount(200).And.OnlyHaveUniqueItems();
        (await sql.ScalarAsync("SELECT count(DISTINCT host) FROM public.applied")).Should().Be(1, "one host's daemon runs the projections (HotCold)");
    }

    [Fact]
    public async Task A_host_stopped_mid_batch_is_resumed_by_another_without_loss_or_double_application()
    {
        var entered = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var first = await Harness("a", async e =>
        {
            if (e.StreamKey != "blocker") return;
            entered.TrySetResult();
            await release.Task; // the batch holds its transaction open here
        });
        for (var i = 0; i < 10; i++) await Append(first, $"before-{i}");
        await Append(first, "blocker");
        for (var i = 0; i < 10; i++) await Append(first, $"after-{i}");
        await entered.Task.WaitAsync(Patience);

        var stopping = first.DisposeAsync().AsTask(); // the host goes away while its batch is mid-flight
        await using var second = await Harness("b");
        release.SetResult(); // the abandoned batch may now try to finish: it must not apply anything twice
        await stopping;
        await Append(second, "later");
        await second.CatchUpAsync();

        var applied = await AppliedSequences();
        applied.Should().HaveCount(22).And.OnlyHaveUniqueItems().And.BeInAscendingOrder();
    }

    [Fact]
    public async Task An_event_a_projection_cannot_apply_is_dead_lettered_and_the_daemon_moves_on()
    {
        await using var h = await Harness("a", e => e.StreamKey == "poison" ? throw new FormatException("bad data") : Task.CompletedTask);
        await Append(h, "ok-1");
        await Append(h, "poison");
        await Append(h, "ok-2");

        await h.CatchUpAsync();

        (await sql.ColumnAsync<string>("SELECT stream FROM public.applied ORDER BY ord")).Should().Equal("ok-1", "ok-2");
        var dead = await h.Projections.DeadLettersAsync(AppliedLog.Name, 10);
        dead.Should().ContainSingle().Which.ExceptionType.Should().Contain("FormatException");
        (await Load<Balance>(h, "poison")).Should().NotBeNull("other projections are not affected");
    }

    private static async Task Append(StoreHarness h, string stream)
    {
        await using var session = h.Store.LightweightSession();
        session.Events.Append(stream, new Deposited(stream, 1));
        await session.SaveChangesAsync();
    }

    /// <summary>Appends through a Marten session enlisted in a transaction the test commits or rolls back later.</summary>
    private async Task<(NpgsqlConnection, NpgsqlTransaction)> AppendInOpenTransaction(StoreHarness h, string stream)
    {
        var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        var tx = await connection.BeginTransactionAsync();
        await using var session = h.Store.LightweightSession(SessionOptions.ForTransaction(tx));
        session.Events.Append(stream, new Deposited(stream, 1));
        await session.SaveChangesAsync(); // takes its sequence number; the commit is the test's
        return (connection, tx);
    }

    private static async Task<T?> Load<T>(StoreHarness h, string id) where T : class
    {
        await using var session = h.Store.QuerySession();
        return await session.LoadAsync<T>(id);
    }

    private Task<List<long>> AppliedSequences() => sql.ColumnAsync<long>("SELECT seq FROM public.applied ORDER BY ord");
}
