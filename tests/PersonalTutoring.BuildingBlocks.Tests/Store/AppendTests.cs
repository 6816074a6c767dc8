using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.BuildingBlocks.Tests.Support;
using PersonalTutoring.TestKit;

namespace PersonalTutoring.BuildingBlocks.Tests.Store;

/// <summary>What this project's writes rely on from Marten, as the store is configured here (docs/adr/0032).</summary>
public sealed class AppendTests : IAsyncLifetime
{
    private TestDatabase db = null!;
    private StoreHarness h = null!;
    private Sql sql = null!;

    public async Task InitializeAsync()
    {
        db = await TestPostgres.CreateDatabaseAsync(nameof(AppendTests));
        sql = new Sql(db.ConnectionString);
        h = await StoreHarness.StartAsync(db.ConnectionString, o => Ledgers.Configure(o, new BalanceProjection(JasperFx.Events.Projections.ProjectionLifecycle.Inline)), daemon: false);
    }

    public async Task DisposeAsync()
    {
        await h.DisposeAsync();
        await db.DisposeAsync();
    }

    [Fact]
    public async Task Appended_events_carry_their_metadata_and_a_stable_alias()
    {
        await using (var session = h.Store.LightweightSession())
        {
            new EventMetadata("corr-1", "cause-1", "tutor-7", new Dictionary<string, string> { ["source"] = "test" }).StampOn(session);
            session.AppendAt("acct-meta", 0, new Deposited("acct-meta", 5));
            await session.SaveChangesAsync();
        }

        await using var query = h.Store.QuerySession();
        var e = (await query.Events.FetchStreamAsync("acct-meta")).Single();
        e.Should().BeEquivalentTo(new { CorrelationId = "corr-1", CausationId = "cause-1", UserName = "tutor-7", Version = 1L, EventTypeName = "ledger.deposited" },
            o => o.ExcludingMissingMembers());
        e.Headers!["source"].ToString().Should().Be("test");
    }

    [Fact]
    public async Task Appending_at_a_version_the_stream_is_not_at_writes_nothing_and_takes_no_sequence_number()
    {
        await Deposit("acct-stale", 0, 1);
        var sequenceBefore = await sql.ScalarAsync("SELECT last_value FROM events.mt_events_sequence");

        var stale = () => Deposit("acct-stale", 0, 2);
        var behind = () => Deposit("acct-stale", 3, 2);
        await stale.Should().ThrowAsync<Exception>("the stream exists");
        await behind.Should().ThrowAsync<Exception>("the stream is at 1, not 3");

        (await sql.ScalarAsync("SELECT count(*) FROM events.mt_events WHERE stream_id = 'acct-stale'")).Should().Be(1);
        (await sql.ScalarAsync("SELECT last_value FROM events.mt_events_sequence")).Should().Be(sequenceBefore, "Quick append checks the version before taking a number");
        await Deposit("acct-stale", 1, 3);
        (await Balance("acct-stale"))!.Total.Should().Be(4);
    }

    [Fact]
    public async Task Concurrent_writers_fetching_one_stream_win_exactly_once_per_version_and_lose_nothing()
    {
        await Deposit("acct-race", 0, 1);
        var winners = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 8), async (_, ct) =>
        {
            await using var session = h.Store.LightweightSession();
            var stream = await session.Events.FetchForWriting<Ledger>("acct-race", ct);
            stream.AppendOne(new Deposited("acct-race", 1));
            try
            {
                await session.SaveChangesAsync(ct);
                Interlocked.Increment(ref winners);
            }
            catch (Exception e) when (e is JasperFx.ConcurrencyException or EventStreamUnexpectedMaxEventIdException) { }
        });

        await using var query = h.Store.QuerySession();
        var ledger = await query.Events.AggregateStreamAsync<Ledger>("acct-race");
        ledger!.Count.Should().Be(1 + winners);
        (await Balance("acct-race"))!.Deposits.Should().Be(1 + winners, "the inline view moved only with the winners");
        winners.Should().BeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task A_write_model_can_be_read_as_it_was_at_a_version_or_an_instant()
    {
        await Deposit("acct-time", 0, 10);
        await Task.Delay(50);
        var between = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        await Deposit("acct-time", 1, 5);

        await using var query = h.Store.QuerySession();
        (await query.Events.AggregateStreamAsync<Ledger>("acct-time", version: 1))!.Total.Should().Be(10);
        (await query.Events.AggregateStreamAsync<Ledger>("acct-time", timestamp: between))!.Total.Should().Be(10);
        (await query.Events.AggregateStreamAsync<Ledger>("acct-time"))!.Should().BeEquivalentTo(new { Id = "acct-time", Total = 15, Count = 2 });
    }

    [Fact]
    public async Task An_old_event_shape_is_read_as_the_new_one_through_its_upcaster()
    {
        await Deposit("acct-old", 0, 1);
        await sql.ExecuteAsync("""
            UPDATE events.mt_events SET type = 'ledger.deposited_v1', data = '{"account":"acct-old","cents":700}' WHERE stream_id = 'acct-old'
            """);

        await using var query = h.Store.QuerySession();
        (await query.Events.AggregateStreamAsync<Ledger>("acct-old"))!.Total.Should().Be(7);
    }

    [Fact]
    public async Task A_session_writes_several_streams_and_documents_together_or_not_at_all()
    {
        await Deposit("acct-a", 0, 1);
        await Deposit("acct-b", 0, 1);

        await using (var session = h.Store.LightweightSession())
        {
            session.AppendAt("acct-a", 1, new Withdrawn("acct-a", 1));
            session.AppendAt("acct-b", 7, new Deposited("acct-b", 1)); // stale
            session.QueueSqlCommand("CREATE TABLE public.side_effect (id int)");
            var save = () => session.SaveChangesAsync();
            await save.Should().ThrowAsync<Exception>();
        }

        (await sql.ScalarAsync("SELECT count(*) FROM events.mt_events WHERE stream_id = 'acct-a'")).Should().Be(1, "the fresh stream's append rolled back with the stale one");
        (await sql.ScalarAsync("SELECT count(*) FROM pg_tables WHERE tablename = 'side_effect'")).Should().Be(0);
        (await Balance("acct-a"))!.Total.Should().Be(1);
    }

    [Fact]
    public async Task An_if_match_behind_the_stream_is_refused_before_anything_is_appended_and_the_etag_is_the_new_version()
    {
        await Deposit("acct-etag", 0, 1);
        await using var session = h.Store.LightweightSession();
        var stream = await session.Events.FetchForWriting<Ledger>("acct-etag");

        var stale = new DefaultHttpContext();
        stale.Request.Headers.IfMatch = "\"3\"";
        FluentActions.Invoking(() => stream.AppendDecision(stale, [new Deposited("acct-etag", 1)])).Should().Throw<StaleVersionException>();
        stream.Events.Should().BeEmpty();

        var current = new DefaultHttpContext();
        current.Request.Headers.IfMatch = "\"1\"";
        stream.AppendDecision(current, [new Deposited("acct-etag", 1), new Deposited("acct-etag", 1)]).Should().Be(3);
        current.Response.Headers.ETag.ToString().Should().Be("\"3\"");
        await session.SaveChangesAsync();
        (await Balance("acct-etag"))!.Should().BeEquivalentTo(new { Total = 3, LastVersion = 3L });
    }

    [Fact]
    public async Task Nothing_decided_appends_nothing_and_answers_the_version_read()
    {
        await Deposit("acct-same", 0, 1);
        await using var session = h.Store.LightweightSession();
        var stream = await session.Events.FetchForWriting<Ledger>("acct-same");
        var http = new DefaultHttpContext();

        stream.AppendDecision(http, []).Should().Be(1);
        stream.State.Should().BeEquivalentTo(new { Total = 1 });
        stream.Exists.Should().BeTrue();
        await session.SaveChangesAsync();
        (await sql.ScalarAsync("SELECT count(*) FROM events.mt_events WHERE stream_id = 'acct-same'")).Should().Be(1);
    }

    [Fact]
    public async Task Concurrent_appends_to_a_log_all_land_whoever_wins_the_race()
    {
        var sessions = h.Services.GetRequiredService<ISessionFactory>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 24), new ParallelOptions { MaxDegreeOfParallelism = 12 }, async (i, ct) =>
            await sessions.AppendToLogAsync("audit-log", [new Deposited("audit-log", i)], ct));

        (await sql.ScalarAsync("SELECT count(*) FROM events.mt_events WHERE stream_id = 'audit-log'")).Should().Be(24);
        (await sql.ScalarAsync("SELECT version FROM events.mt_streams WHERE id = 'audit-log'")).Should().Be(24);
    }

    private async Task Deposit(string account, long versionBefore, int amount)
    {
        await using var session = h.Store.LightweightSession();
        session.AppendAt(account, versionBefore, new Deposited(account, amount));
        await session.SaveChangesAsync();
    }

    private async Task<Balance?> Balance(string account)
    {
        await using var query = h.Store.QuerySession();
        return await query.LoadAsync<Balance>(account);
    }
}
