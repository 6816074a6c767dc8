using PersonalTutoring.TestKit;

namespace PersonalTutoring.BuildingBlocks.Tests.Integration;

/// <summary>An integrator paging the global log with "after the last sequence I saw" must never skip a late commit.</summary>
public sealed class FeedTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task The_global_log_never_pages_past_an_event_still_being_committed()
    {
        await using var h = await EventStoreHarness.StartAsync(db.ConnectionString, o => Ledgers.Configure(o), runDaemon: false);
        await h.Store.StartStreamAsync("first", "account", [new Deposited("first", 1)]);
        var holding = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var slow = Task.Run(async () =>
        {
            await using var session = h.Store.OpenSession();
            session.StartStream("slow", "account", new Deposited("slow", 1));
            session.Enlist(async (_, _) => { holding.SetResult(); await release.Task; });
            await session.SaveChangesAsync();
        });
        await holding.Task;
        await h.Store.StartStreamAsync("later", "account", [new Deposited("later", 1)]);

        var page = await h.Store.ReadAllAsync(0, 100);
        page.Events.Select(e => e.StreamId).Should().Equal("first");
        release.SetResult();
        await slow;
        var rest = await h.Store.ReadAllAsync(page.NextAfter, 100);

        rest.Events.Select(e => e.StreamId).Should().Equal("slow", "later");
    }
}
