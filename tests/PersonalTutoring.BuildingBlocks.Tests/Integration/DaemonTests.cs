using Npgsql;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.TestKit;

namespace PersonalTutoring.BuildingBlocks.Tests.Integration;

/// <summary>The failures other event stores shipped with: lost late commits, stalls on dead gaps, double application.</summary>
public sealed class DaemonTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private TestDatabase db = null!;

    public async Task InitializeAsync()
    {
        db = await TestPostgres.CreateDatabaseAsync(nameof(DaemonTests));
        await Sql(AppliedLogProjection.Ddl);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private Task<EventStoreHarness> Harness(string host = "a", Func<StoredEvent, Task>? onEvent = null, bool runDaemon = true) =>
        EventStoreHarness.StartAsync(db.ConnectionString, o => Ledgers.Configure(o, new AppliedLogProjection(host, onEvent), new BalanceProjection()), runDaemon);

    [Fact]
    public async Task An_event_from_a_transaction_held_open_past_every_poll_interval_is_still_projected_in_order()
    {
        await using var h = await Harness();
        var holding = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var slow = Task.Run(async () =>
        {
            await using var session = h.Store.OpenSession();
            session.StartStream("slow", "account", new Deposited("slow", 1));
            session.Enlist(async (_, _) =>
            {
                holding.SetResult(); // its sequence number is taken; the commit is held back
                await release.Task;
            });
            await session.SaveChangesAsync();
        });
        await holding.Task.WaitAsync(Patience);
        for (var i = 0; i < 5; i++)
            await h.Store.StartStreamAsync($"fast-{i}", "account", [new Deposited($"fast-{i}", 1)]);
        await Task.Delay(TimeSpan.FromSeconds(2)); // ten poll intervals: a "skip stale gaps" daemon would have moved on

        (await Scalar("SELECT count(*) FROM public.applied")).Should().Be(0, "nothing after the open gap may be delivered before it");
        release.SetResult();
        await slow;
        await h.Daemon.WaitForNonStaleProjectionsAsync(Patience);

        var applied = await AppliedSequences();
        applied.Should().HaveCount(6).And.BeInAscendingOrder();
        applied.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_rolled_back_append_leaves_a_gap_that_never_stalls_the_daemon()
    {
        await using var h = await Harness();
        await using (var session = h.Store.OpenSession())
        {
            session.StartStream("doomed", "account", new Deposited("doomed", 1), new Deposited("doomed", 2));
            session.Enlist((_, _) => throw new InvalidOperationException("roll back after taking sequence numbers"));
            await FluentActions.Awaiting(() => session.SaveChangesAsync()).Should().ThrowAsync<InvalidOperationException>();
        }
        await h.Store.StartStreamAsync("after", "account", [new Deposited("after", 1)]);

        await h.Daemon.WaitForNonStaleProjectionsAsync(Patience);

        (await AppliedSequences()).Should().ContainSingle();
        (await h.Documents.LoadAsync<Balance>("after"))!.Total.Should().Be(1);
    }

    [Fact]
    public async Task Many_concurrent_writers_with_delays_and_rollbacks_are_each_applied_exactly_once_in_order()
    {
        await using var h = await Harness();
        var committed = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 16), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (writer, ct) =>
        {
            var random = new Random(writer);
            for (var i = 0; i < 60; i++)
            {
                var rollback = random.Next(10) == 0;
                var delay = random.Next(4) == 0 ? random.Next(1, 30) : 0;
                await using var session = h.Store.OpenSession();
                session.AppendAnyVersion($"w-{writer}", new Deposited($"w-{writer}", 1));
                session.Enlist(async (_, c) =>
                {
                    if (delay > 0) await Task.Delay(delay, c);
                    if (rollback) throw new TimeoutException("simulated failure before commit");
                });
                try
                {
                    await session.SaveChangesAsync(ct);
                    Interlocked.Increment(ref committed);
                }
                catch (TimeoutException) { }
            }
        });

        await h.Daemon.WaitForNonStaleProjectionsAsync(Patience);

        var applied = await AppliedSequences();
        applied.Should().HaveCount(committed).And.OnlyHaveUniqueItems().And.BeInAscendingOrder();
        (await Scalar("SELECT count(*) FROM events.mt_events")).Should().Be(committed);
    }

    [Fact]
    public async Task Two_daemons_on_one_database_apply_each_event_once()
    {
        await using var first = await Harness("a");
        await using var second = await Harness("b");
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), async (i, ct) =>
            await (i % 2 == 0 ? first : second).Store.OpenSessionAppend($"acct-{i % 7}", ct));

        await first.Daemon.WaitForNonStaleProjectionsAsync(Patience);

        (await AppliedSequences()).Should().HaveCount(200).And.OnlyHaveUniqueItems();
        var hosts = (await Scalar("SELECT count(DISTINCT host) FROM public.applied"));
        hosts.Should().Be(1, "only the runner holding the projection's lock applies it");
    }

    [Fact]
    public async Task The_survivor_takes_over_when_the_runner_holding_the_lock_stops()
    {
        var first = await Harness("a");
        await using var second = await Harness("b");
        await first.Store.StartStreamAsync("x", "account", [new Deposited("x", 1)]);
        await first.Daemon.WaitForNonStaleProjectionsAsync(Patience);
        var holder = (await Hosts()).Single();

        await (holder == "a" ? first : second).DisposeAsync();
        var survivor = holder == "a" ? second : first;
        await survivor.Store.StartStreamAsync("y", "account", [new Deposited("y", 1)]);
        await survivor.Daemon.WaitForNonStaleProjectionsAsync(Patience);

        (await AppliedSequences()).Should().HaveCount(2).And.OnlyHaveUniqueItems();
        (await Hosts()).Should().Contain(holder == "a" ? "b" : "a");
        if (holder != "a") await first.DisposeAsync();
    }

    [Fact]
    public async Task Stopping_the_daemon_mid_batch_neither_loses_nor_double_applies()
    {
        var entered = new TaskCompletionSource();
        var block = new TaskCompletionSource();
        var blocking = await Harness("a", async e =>
        {
            if (e.StreamId == "blocker")
            {
                entered.TrySetResult();
                await block.Task;
            }
        });
        for (var i = 0; i < 10; i++) await blocking.Store.StartStreamAsync($"before-{i}", "account", [new Deposited("b", 1)]);
        await blocking.Store.StartStreamAsync("blocker", "account", [new Deposited("blocker", 1)]);
        for (var i = 0; i < 10; i++) await blocking.Store.StartStreamAsync($"after-{i}", "account", [new Deposited("a", 1)]);
        await entered.Task.WaitAsync(Patience);

        var stopping = blocking.DisposeAsync().AsTask(); // cancels the runner while its batch transaction is open
        block.SetResult();
        await stopping;

        await using var restarted = await Harness("b");
        await restarted.Daemon.WaitForNonStaleProjectionsAsync(Patience);
        (await AppliedSequences()).Should().HaveCount(21).And.OnlyHaveUniqueItems().And.BeInAscendingOrder();
    }

    [Fact]
    public async Task An_event_a_projection_cannot_apply_is_retried_then_dead_lettered_and_the_daemon_moves_on()
    {
        await using var h = await Harness("a", e => e.StreamId == "poison" ? throw new FormatException("bad data") : Task.CompletedTask);
        await h.Store.StartStreamAsync("ok-1", "account", [new Deposited("ok-1", 1)]);
        await h.Store.StartStreamAsync("poison", "account", [new Deposited("poison", 1)]);
        await h.Store.StartStreamAsync("ok-2", "account", [new Deposited("ok-2", 1)]);

        await h.Daemon.WaitForNonStaleProjectionsAsync(Patience);

        (await AppliedSequences()).Should().HaveCount(2);
        var dead = await h.Daemon.DeadLettersAsync();
        dead.Should().ContainSingle().Which.Should().BeEquivalentTo(new { ProjectionName = "applied-log", StreamId = "poison", ErrorType = "FormatException", Attempts = 3 });
        (await h.Documents.LoadAsync<Balance>("poison")).Should().NotBeNull("other projections are not affected");
    }

    private async Task<List<long>> AppliedSequences()
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT seq FROM public.applied ORDER BY ord", connection);
        var result = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result.Add(reader.GetInt64(0));
        return result;
    }

    private async Task<List<string>> Hosts()
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT DISTINCT host FROM public.applied", connection);
        var result = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result.Add(reader.GetString(0));
        return result;
    }

    private async Task<long> Scalar(string sql)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private async Task Sql(string sql)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

}

internal static class SessionAppends
{
    public static async Task OpenSessionAppend(this EventStore store, string stream, CancellationToken ct)
    {
        await using var session = store.OpenSession();
        session.AppendAnyVersion(stream, new Deposited(stream, 1));
        await session.SaveChangesAsync(ct);
    }
}
