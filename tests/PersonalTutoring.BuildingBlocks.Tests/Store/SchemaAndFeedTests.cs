using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Marten.Services;
using Npgsql;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.BuildingBlocks.Tests.Support;
using PersonalTutoring.TestKit;

namespace PersonalTutoring.BuildingBlocks.Tests.Store;

public sealed class SchemaAndFeedTests : IAsyncLifetime
{
    private TestDatabase db = null!;
    private Sql sql = null!;

    public async Task InitializeAsync()
    {
        db = await TestPostgres.CreateDatabaseAsync(nameof(SchemaAndFeedTests));
        sql = new Sql(db.ConnectionString);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task Migrating_creates_martens_and_wolverines_tables_and_is_idempotent()
    {
        await using var h = await StoreHarness.StartAsync(db.ConnectionString, o => Ledgers.Configure(o, new BalanceProjection()), daemon: false);
        await h.Services.GetRequiredService<StoreSchema>().MigrateAsync();

        var tables = await sql.ColumnAsync<string>("SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname IN ('events', 'wolverine', 'ledger')");
        tables.Should().Contain(["events.mt_events", "events.mt_streams", "events.mt_event_progression", "ledger.mt_doc_balance",
            "wolverine.wolverine_incoming_envelopes", "wolverine.wolverine_outgoing_envelopes", "wolverine.wolverine_dead_letters"]);
    }

    [Fact]
    public async Task A_database_made_by_the_old_store_is_refused_before_anything_is_changed()
    {
        await sql.ExecuteAsync("CREATE SCHEMA events; CREATE TABLE events.mt_dead_letters (id bigint)");

        var start = () => StoreHarness.StartAsync(db.ConnectionString, o => Ledgers.Configure(o), daemon: false);

        (await start.Should().ThrowAsync<OldStoreDatabaseException>()).Which.Message.Should().Contain("ConnectionStrings:Tutoring");
        (await sql.ScalarAsync("SELECT count(*) FROM pg_tables WHERE schemaname = 'events'")).Should().Be(1, "nothing was migrated");
    }

    [Fact]
    public async Task The_global_log_never_pages_past_an_event_still_being_committed()
    {
        await using var h = await StoreHarness.StartAsync(db.ConnectionString, o => Ledgers.Configure(o, new BalanceProjection()));
        await Append(h, "first");
        await h.CatchUpAsync();

        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var open = await connection.BeginTransactionAsync();
        await using (var session = h.Store.LightweightSession(SessionOptions.ForTransaction(open)))
        {
            session.Events.Append("in-flight", new Deposited("in-flight", 1));
            await session.SaveChangesAsync();
        }
        await Append(h, "later");
        await Task.Delay(1_500); // the daemon has polled many times meanwhile

        await using var query = h.Store.QuerySession();
        var page = await EventFeed.ReadAsync(query, 0, 100, [typeof(Deposited)], CancellationToken.None);
        page.Events.Select(e => e.StreamKey).Should().Equal("first");
        var next = page.NextAfter;

        await open.CommitAsync();
        await h.CatchUpAsync();
        var rest = await EventFeed.ReadAsync(query, next, 100, [typeof(Deposited)], CancellationToken.None);
        rest.Events.Select(e => e.StreamKey).Should().Equal("in-flight", "later");
    }

    private static async Task Append(StoreHarness h, string stream)
    {
        await using var session = h.Store.LightweightSession();
        session.Events.Append(stream, new Deposited(stream, 1));
        await session.SaveChangesAsync();
    }
}
