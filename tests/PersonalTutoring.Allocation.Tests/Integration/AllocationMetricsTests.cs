using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PersonalTutoring.Allocation.Notifications;
using PersonalTutoring.BuildingBlocks.Telemetry;

namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>No Registry URL, so Registry messages wait; and no projection daemon, so async projections fall behind.</summary>
public sealed class StalledApi : AllocationApi
{
    protected override string? WebhookUrl => null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Projections:DaemonEnabled", "false");
    }
}

/// <summary>Our meters as an operator reads them: allocation runs, the notification backlog, projection lag.</summary>
public sealed class AllocationMetricsTests(StalledApi api) : IClassFixture<StalledApi>
{
    private MeterCapture Capture() => new(api.Services.GetRequiredService<TutoringMetrics>().Meter);

    [Fact]
    public async Task An_auto_allocation_run_is_counted_and_timed_with_its_outcome()
    {
        await api.SchoolAsync("MTR");
        await api.TutorAsync("mtr-t1", school: "MTR");
        using var capture = Capture();

        await api.SeniorTutor("MTR").PostJson("/api/allocations/auto", new { schoolCode = "MTR", dryRun = true }).ShouldBe(HttpStatusCode.OK);
        await api.ClientFor(Roles.Admin, "admin-1").PostJson("/api/allocations/auto", new { schoolCode = "NONE", dryRun = true });

        var runs = capture.Of("tutoring.allocation.runs");
        runs.Should().ContainSingle(r => Equals(r.Tags["outcome"], "completed") && Equals(r.Tags["dry_run"], true)).Which.Value.Should().Be(1);
        capture.Of("tutoring.allocation.run.duration").Should().HaveCount(runs.Count).And.OnlyContain(d => d.Value >= 0);
    }

    [Fact]
    public async Task Registry_messages_waiting_for_a_webhook_show_in_the_notification_backlog()
    {
        await api.SchoolAsync("MED");
        await api.StudentAsync("mtr-s1");
        await api.TutorAsync("mtr-t2");
        await api.AllocateAsync("mtr-s1", "mtr-t2");
        await Notifications.WaitUntilDeliveredAsync(api.Admin(), "mtr-s1", 2);
        using var capture = Capture();

        await api.Services.GetRequiredService<NotificationMetrics>().RefreshAsync();
        capture.Collect();

        var backlog = capture.Of("tutoring.notification.backlog").ToDictionary(b => (string)b.Tags["status"]!, b => b.Value);
        backlog.Should().Equal(new Dictionary<string, double> { ["pending"] = 0, ["not_configured"] = 1, ["dead_lettered"] = 0 });
        capture.Of("tutoring.notification.oldest_age").Should().ContainSingle().Which.Value.Should().Be(0, "nothing is pending");
    }

    [Fact]
    public async Task Projection_lag_is_the_events_appended_that_an_async_projection_has_not_applied()
    {
        await api.SchoolAsync("LAG");
        await api.StudentAsync("lag-s1", school: "LAG");
        using var capture = Capture();

        await api.Services.GetRequiredService<ProjectionMetrics>().RefreshAsync();
        capture.Collect();

        var lag = capture.Of("tutoring.projection.lag").ToDictionary(l => (string)l.Tags["projection"]!, l => l.Value);
        lag.Should().ContainKey("allocation-history").And.NotContainKey("governance-schools", "inline projections never lag");
        lag["allocation-history"].Should().Be(await HighestSequenceAsync(), "the daemon is off here: nothing appended was applied");
        capture.Of("tutoring.projection.dead_letters").Should().Contain(d => Equals(d.Tags["projection"], "allocation-history") && d.Value == 0);
        capture.Of("tutoring.message.dead_letters").Should().ContainSingle().Which.Value.Should().Be(0);
    }

    private async Task<long> HighestSequenceAsync()
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT max(seq_id) FROM events.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
