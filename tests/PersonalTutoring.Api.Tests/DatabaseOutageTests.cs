using Microsoft.AspNetCore.Hosting;
using Npgsql;
using PersonalTutoring.BuildingBlocks.Hosting;

namespace PersonalTutoring.Api.Tests;

/// <summary>
/// A database outage is the server's temporary state, not a client's error or a bug: 503 with Retry-After, no stack
/// trace, readiness turns unready, and everything answers again once PostgreSQL is back (issue 10 item 8). The host
/// gets a PostgreSQL server of its own so the test can stop it mid-request.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"pt-outage-{Guid.NewGuid():N}");
    private LocalPostgres cluster = null!;
    private OwnServerApi api = null!;

    private sealed class OwnServerApi(string connectionString) : TutoringApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ConnectionStrings:Tutoring", connectionString);
        }
    }

    public async Task InitializeAsync()
    {
        cluster = LocalPostgres.StartOrReuse(folder, new Dictionary<string, string> { ["fsync"] = "off", ["synchronous_commit"] = "off" });
        await LocalPostgres.EnsureDatabaseAsync(cluster.ConnectionString(), "tutoring");
        api = new OwnServerApi(cluster.ConnectionString("tutoring") + ";Timeout=5");
        await api.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)api).DisposeAsync();
        cluster.Stop(immediate: true);
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task A_database_outage_answers_503_with_retry_after_readiness_turns_unready_and_the_api_recovers()
    {
        var admin = api.Admin();
        await admin.PutJson("/api/schools/OUT", new { name = "Before" }).ShouldBe(HttpStatusCode.Created);
        await api.CreateClient().GetAsync("/health/ready").ShouldBe(HttpStatusCode.OK);

        // A write waits on a lock; the server shuts down under it ("terminating connection due to administrator command").
        await using (var blocker = new NpgsqlConnection(cluster.ConnectionString("tutoring")))
        {
            await blocker.OpenAsync();
            await using var tx = await blocker.BeginTransactionAsync();
            await using (var lockStreams = new NpgsqlCommand("LOCK TABLE events.mt_streams IN ACCESS EXCLUSIVE MODE", blocker, tx))
                await lockStreams.ExecuteNonQueryAsync();
            var midRequest = admin.PutJson("/api/schools/OUT", new { name = "During" });
            await Task.Delay(700);
            midRequest.IsCompleted.Should().BeFalse("the write is waiting on the lock when the server stops");
            cluster.Stop();
            await ShouldBeOutage(await midRequest);
        }

        await ShouldBeOutage(await admin.PutJson("/api/schools/OUT", new { name = "While down" }));
        await ShouldBeOutage(await admin.GetAsync("/api/schools/OUT"));
        (await api.CreateClient().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "readiness follows the database");
        (await api.CreateClient().GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK, "the process itself is alive");

        cluster = LocalPostgres.StartOrReuse(folder);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await api.CreateClient().GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline) await Task.Delay(200);
        await api.CreateClient().GetAsync("/health/ready").ShouldBe(HttpStatusCode.OK);
        await admin.PutJson("/api/schools/OUT", new { name = "After" }).ShouldBe(HttpStatusCode.OK);
        (await admin.GetAsync("/api/schools/OUT").ShouldBe(HttpStatusCode.OK)).GetProperty("name").GetString().Should().Be("After");
    }

    private static async Task ShouldBeOutage(HttpResponseMessage response)
    {
        var problem = await response.ShouldBeProblem(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter.Should().NotBeNull("a client is told when to try again");
        response.Headers.RetryAfter!.Delta.Should().BePositive();
        var body = problem.ToString();
        body.Should().NotContainAny(["Npgsql", "Exception", "   at ", "127.0.0.1"], "no internals leave the server");
    }
}
