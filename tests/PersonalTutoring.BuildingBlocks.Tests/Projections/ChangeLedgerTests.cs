using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.BuildingBlocks.Tests.Support;
using PersonalTutoring.TestKit;

namespace PersonalTutoring.BuildingBlocks.Tests.Projections;

/// <summary>
/// The change ledger of async folds (docs/adr/0098): a document whose content a page changes, or deletes, draws new tokens
/// for its keys before and after; a page that changes nothing draws none; another key's documents leave a mark alone.
/// </summary>
public sealed class ChangeLedgerTests : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestPostgres.CreateDatabaseAsync(nameof(ChangeLedgerTests));

    public async Task DisposeAsync() => await db.DisposeAsync();

    /// <summary>Balances keyed by the account's group (what comes before its first dash); a withdrawal of nothing changes nothing.</summary>
    private sealed class GroupedBalances(ProjectionLifecycle lifecycle = ProjectionLifecycle.Async) : StreamFoldProjection<Balance>
    {
        public override string Name => "grouped-balances";

        public override ProjectionLifecycle Lifecycle => lifecycle;

        public override bool KeepsChanges => true;

        public override IReadOnlyCollection<Type> EventTypes => [typeof(Deposited), typeof(Withdrawn)];

        protected override IEnumerable<string> ChangeKeys(Balance balance) => [balance.Account[..balance.Account.IndexOf('-')]];

        protected override Balance? Evolve(Balance? current, IEvent e)
        {
            var balance = current ?? new Balance(e.StreamKey!, 0, 0, 0);
            return e.Data switch
            {
                Deposited d when d.Amount < 0 => null,
                Deposited d => balance with { Total = balance.Total + d.Amount, Deposits = balance.Deposits + 1 },
                Withdrawn { Amount: 0 } => current,
                Withdrawn w => balance with { Total = balance.Total - w.Amount },
                _ => current,
            };
        }
    }

    private static async Task AppendAsync(StoreHarness h, string account, params object[] events)
    {
        await using var session = h.Store.LightweightSession();
        session.Events.Append(account, events);
        await session.SaveChangesAsync();
        await h.CatchUpAsync();
    }

    private static async Task<(string A, string B, string Both)> MarksAsync(StoreHarness h)
    {
        var marks = await ReadModelChanges.MarksAsync(h.Store, "grouped-balances", [["a"], ["b"], ["b", "a"]], CancellationToken.None);
        return (marks[0], marks[1], marks[2]);
    }

    [Fact]
    public async Task A_mark_changes_exactly_when_a_document_under_its_keys_changes_content_or_is_deleted()
    {
        await using var h = await StoreHarness.StartAsync(db.ConnectionString, o => Ledgers.Configure(o, new GroupedBalances()));
        var empty = await MarksAsync(h);
        empty.A.Should().Be("a=-", "a key never written has no token");

        await AppendAsync(h, "a-1", new Deposited("a-1", 5));
        var first = await MarksAsync(h);
        first.A.Should().NotBe(empty.A);
        first.B.Should().Be(empty.B, "no document of group b was written");
        first.Both.Should().Be($"{first.A},{first.B}", "a list's mark is its keys' tokens in key order");

        await AppendAsync(h, "a-1", new Withdrawn("a-1", 0));
        (await MarksAsync(h)).Should().Be(first, "a page that leaves the document's content as it was is no change");

        await AppendAsync(h, "b-1", new Deposited("b-1", 7));
        var second = await MarksAsync(h);
        (second.A, second.B == first.B).Should().Be((first.A, false), "only group b's documents changed");

        await AppendAsync(h, "a-2", new Deposited("a-2", 1));
        var third = await MarksAsync(h);
        third.A.Should().NotBe(second.A, "a new document under the key");

        await AppendAsync(h, "a-1", new Deposited("a-1", -1));
        (await MarksAsync(h)).A.Should().NotBe(third.A, "a document deleted");

        var through = await ReadModelChanges.MarksThroughAsync(h.Store, "grouped-balances", ["b", "a"], CancellationToken.None);
        through[1].Should().StartWith("1:", "keys up to a: one written").And.NotBe(through[0]);
        through[0].Should().StartWith("2:", "keys up to b");
        (await ReadModelChanges.MarksThroughAsync(h.Store, "grouped-balances", ["a"], CancellationToken.None))[0].Should()
            .Be(through[1], "a mark is the same whatever other keys are asked alongside");
        await AppendAsync(h, "b-1", new Deposited("b-1", 1));
        var later = await ReadModelChanges.MarksThroughAsync(h.Store, "grouped-balances", ["a", "b"], CancellationToken.None);
        (later[0], later[1] == through[0]).Should().Be((through[1], false), "a change under b moves the marks through b, not through a");
    }

    [Fact]
    public void Only_an_async_fold_may_keep_a_ledger()
    {
        var options = new StoreOptions();
        var inline = () => options.AddFold(new GroupedBalances(ProjectionLifecycle.Inline));
        inline.Should().Throw<InvalidOperationException>().WithMessage("*only an async projection*");
    }
}
