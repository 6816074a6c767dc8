using JasperFx.Events.Projections;
using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.BuildingBlocks.Tests.Support;
using PersonalTutoring.TestKit;

namespace PersonalTutoring.BuildingBlocks.Tests.Projections;

/// <summary>The one projection base every read model uses, inline and on the daemon, and its rebuild (docs/adr/0033).</summary>
public sealed class FoldProjectionTests : IAsyncLifetime
{
    private TestDatabase db = null!;
    private Sql sql = null!;

    public async Task InitializeAsync()
    {
        db = await TestPostgres.CreateDatabaseAsync(nameof(FoldProjectionTests));
        sql = new Sql(db.ConnectionString);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private Task<StoreHarness> Harness(ProjectionLifecycle lifecycle, bool daemon = true) =>
        StoreHarness.StartAsync(db.ConnectionString, o => Ledgers.Configure(o, new BalanceProjection(lifecycle)), daemon);

    [Theory]
    [InlineData(ProjectionLifecycle.Inline)]
    [InlineData(ProjectionLifecycle.Async)]
    public async Task A_rebuild_gives_exactly_the_incrementally_built_documents_and_leaves_the_projection_running(ProjectionLifecycle lifecycle)
    {
        await using var h = await Harness(lifecycle);
        await WriteHistory(h, accounts: 40, eventsEach: 30);
        await h.CatchUpAsync();
        var incremental = await AllBalances(h);
        incremental.Should().HaveCount(39, "account 13 was closed, which deletes its document");

        var rebuilt = await h.Projections.RebuildAsync("balances");

        rebuilt.Projection.Should().Be("balances");
        (await AllBalances(h)).Should().BeEquivalentTo(incremental, o => o.WithStrictOrdering());
        await Append(h, "after-rebuild", 0, new Deposited("after-rebuild", 9));
        await h.CatchUpAsync();
        (await Load(h, "after-rebuild"))!.Total.Should().Be(9, "the projection runs again after a rebuild");
    }

    [Fact]
    public async Task A_page_touching_one_document_many_times_folds_it_in_order_and_writes_it_once()
    {
        await using var h = await Harness(ProjectionLifecycle.Inline, daemon: false);
        await Append(h, "acct-1", 0, new Deposited("acct-1", 5), new Withdrawn("acct-1", 2), new Deposited("acct-1", 4));

        (await Load(h, "acct-1"))!.Should().BeEquivalentTo(new Balance("acct-1", 7, 2, 3));
        (await sql.ScalarAsync("SELECT count(*) FROM ledger.mt_doc_balance")).Should().Be(1);
    }

    [Fact]
    public async Task An_inline_fold_sees_only_the_event_types_it_reads_whatever_else_the_session_appends()
    {
        await using var h = await Harness(ProjectionLifecycle.Inline, daemon: false);
        await Append(h, "acct-noted", 0, new Noted("acct-noted", "not money"));
        await Append(h, "acct-mixed", 0, new Deposited("acct-mixed", 3), new Noted("acct-mixed", "not money"));

        (await Load(h, "acct-noted")).Should().BeNull("no balance event was appended to it");
        (await Load(h, "acct-mixed"))!.Should().BeEquivalentTo(new Balance("acct-mixed", 3, 1, 1));
    }

    [Fact]
    public async Task A_document_the_fold_ends_is_deleted()
    {
        await using var h = await Harness(ProjectionLifecycle.Inline, daemon: false);
        await Append(h, "acct-closing", 0, new Deposited("acct-closing", 5));
        await Append(h, "acct-closing", 1, new Deposited("acct-closing", -1));

        (await Load(h, "acct-closing")).Should().BeNull();
    }

    [Fact]
    public async Task An_inline_fold_starts_from_documents_the_command_already_loaded_in_its_session()
    {
        await using var h = await Harness(ProjectionLifecycle.Inline, daemon: false);
        await Append(h, "acct-known", 0, new Deposited("acct-known", 5));
        // The stored document is changed behind Marten's back: a fold that reloaded it would see 100.
        await sql.ExecuteAsync("UPDATE ledger.mt_doc_balance SET data = jsonb_set(data, '{total}', '100')");

        await using (var session = h.Store.LightweightSession())
        {
            session.UseIdentityMapFor<Balance>();
            var known = await session.Query<Balance>().Where(b => b.Account == "acct-known").ToListAsync();
            known.Single().Total.Should().Be(100);
            session.AppendAt("acct-known", 1, new Deposited("acct-known", 1));
            await session.SaveChangesAsync();
        }

        (await Load(h, "acct-known"))!.Total.Should().Be(101, "the fold started from the instance the command had read");
    }

    [Fact]
    public async Task Documents_written_set_based_are_marten_documents_in_every_column()
    {
        await using var h = await Harness(ProjectionLifecycle.Inline, daemon: false);
        await using (var session = h.Store.LightweightSession())
        {
            session.Store(new Balance("by-marten", 1, 1, 1));
            DocumentWrites.Upsert(session, [("by-us", new Balance("by-us", 2, 2, 2))]);
            await session.SaveChangesAsync();
        }

        var columns = await sql.ColumnAsync<string>("SELECT column_name::text FROM information_schema.columns WHERE table_schema = 'ledger' AND table_name = 'mt_doc_balance' ORDER BY column_name");
        columns.Should().Equal("data", "id", "mt_dotnet_type", "mt_last_modified", "mt_version");
        (await sql.ColumnAsync<string>("SELECT DISTINCT mt_dotnet_type FROM ledger.mt_doc_balance")).Should().ContainSingle("both paths record the same type");
        await using var query = h.Store.QuerySession();
        (await query.Query<Balance>().Where(b => b.Total >= 2).Select(b => b.Account).ToListAsync()).Should().Equal("by-us");
        (await query.LoadAsync<Balance>("by-us"))!.Should().Be(new Balance("by-us", 2, 2, 2));
    }

    [Fact]
    public async Task Events_of_an_upcast_shape_reach_the_folds()
    {
        await using var h = await Harness(ProjectionLifecycle.Async);
        await Append(h, "acct-v1", 0, new Deposited("acct-v1", 1));
        await sql.ExecuteAsync("UPDATE events.mt_events SET type = 'ledger.deposited_v1', data = '{\"account\":\"acct-v1\",\"cents\":900}'");

        await h.Projections.RebuildAsync("balances");

        (await Load(h, "acct-v1"))!.Total.Should().Be(9);
    }

    private static async Task WriteHistory(StoreHarness h, int accounts, int eventsEach)
    {
        for (var a = 0; a < accounts; a++)
        {
            var id = $"acct-{a:D2}";
            var events = Enumerable.Range(0, eventsEach).Select(i => i % 3 == 2 ? (object)new Withdrawn(id, i) : new Deposited(id, i + a)).ToList();
            if (a == 13) events.Add(new Deposited(id, -1));
            await Append(h, id, 0, [.. events]);
        }
    }

    private static async Task Append(StoreHarness h, string stream, long versionBefore, params object[] events)
    {
        await using var session = h.Store.LightweightSession();
        session.AppendAt(stream, versionBefore, events);
        await session.SaveChangesAsync();
    }

    private static async Task<Balance?> Load(StoreHarness h, string id)
    {
        await using var query = h.Store.QuerySession();
        return await query.LoadAsync<Balance>(id);
    }

    private static async Task<IReadOnlyList<Balance>> AllBalances(StoreHarness h)
    {
        await using var query = h.Store.QuerySession();
        return await query.Query<Balance>().OrderBy(b => b.Account).ToListAsync();
    }
}
