using Npgsql;
using PersonalTutoring.BuildingBlocks.Documents;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.TestKit;

namespace PersonalTutoring.BuildingBlocks.Tests.Integration;

public sealed class RebuildTests : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestPostgres.CreateDatabaseAsync(nameof(RebuildTests));

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Theory]
    [InlineData(ProjectionLifecycle.Async)]
    [InlineData(ProjectionLifecycle.Inline)]
    public async Task A_rebuild_gives_exactly_the_incrementally_built_documents(ProjectionLifecycle lifecycle)
    {
        await using var h = await EventStoreHarness.StartAsync(db.ConnectionString, o => Ledgers.Configure(o, new BalanceProjection { Lifecycle = lifecycle }));
        var random = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            var account = $"acct-{random.Next(25)}";
            await using var session = h.Store.OpenSession();
            session.AppendAnyVersion(account, random.Next(3) == 0 ? new Withdrawn(account, random.Next(1, 50)) : new Deposited(account, random.Next(1, 100)));
            await session.SaveChangesAsync();
        }
        await h.Daemon.WaitForNonStaleProjectionsAsync(TimeSpan.FromSeconds(60));
        var incremental = await Snapshot();

        var result = await h.Daemon.RebuildAsync("balances");

        result.EventsApplied.Should().Be(300);
        (await Snapshot()).Should().Equal(incremental);
        await h.Store.StartStreamAsync("after-rebuild", "account", [new Deposited("after-rebuild", 9)]);
        await h.Daemon.WaitForNonStaleProjectionsAsync(TimeSpan.FromSeconds(60));
        (await h.Documents.LoadAsync<Balance>("after-rebuild"))!.Total.Should().Be(9, "the projection carries on after the switch");
    }

    [Fact]
    public async Task An_error_during_a_rebuild_stops_it_and_leaves_the_live_tables_alone()
    {
        var failing = new SometimesFailingBalances();
        await using var h = await EventStoreHarness.StartAsync(db.ConnectionString, o => Ledgers.Configure(o, failing));
        await h.Store.StartStreamAsync("good", "account", [new Deposited("good", 5)]);
        await h.Daemon.WaitForNonStaleProjectionsAsync(TimeSpan.FromSeconds(60));
        var before = await Snapshot();
        failing.Fail = true;

        var rebuild = () => h.Daemon.RebuildAsync("balances");

        await rebuild.Should().ThrowAsync<ProjectionRebuildException>();
        (await Snapshot()).Should().Equal(before);
        failing.Fail = false;
    }

    private async Task<List<string>> Snapshot()
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id || '=' || data::text FROM ledger.balances ORDER BY id", connection);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }

    private sealed class SometimesFailingBalances : Projection
    {
        private readonly BalanceProjection inner = new();

        public volatile bool Fail;

        public override string Name => "balances";

        public override IReadOnlyCollection<Type> DocumentTypes => inner.DocumentTypes;

        public override Task ApplyAsync(DocumentOperations operations, IReadOnlyList<StoredEvent> events, CancellationToken ct) =>
            Fail ? throw new InvalidOperationException("broken projection code") : inner.ApplyAsync(operations, events, ct);
    }
}
