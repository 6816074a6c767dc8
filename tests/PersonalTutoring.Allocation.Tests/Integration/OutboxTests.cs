using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PersonalTutoring.Allocation.Notifications;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>
/// The host with the tests' clock and no background sender: each test delivers the outbox when it says so, so every
/// status, attempt count and time it reads is exact.
/// </summary>
public sealed class ManualDeliveryApi : AllocationApi
{
    protected override bool UseManualClock => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
            services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(NotificationSender))));
    }

    /// <summary>One round of the sender; returns how many messages it delivered.</summary>
    public Task<int> DeliverAsync() => ActivatorUtilities.CreateInstance<NotificationSender>(Services).DeliverBatchAsync(CancellationToken.None);

    public async Task<List<JsonElement>> NotificationsAsync(string query) =>
        (await Admin().GetAsync("/api/notifications?" + query).ShouldBe(HttpStatusCode.OK)).EnumerateArray().ToList();
}

/// <summary>AL-5's outbox table: what one command writes, what the sender records, what the list shows.</summary>
public sealed class OutboxTests(ManualDeliveryApi api) : IClassFixture<ManualDeliveryApi>
{
    private static readonly string[] Fields =
        ["id", "channel", "recipient", "subject", "body", "studentId", "createdAt", "status", "attempts", "nextAttemptAt", "deliveredAt", "lastError"];

    [Fact]
    public async Task Every_message_of_an_auto_allocation_is_written_with_its_events_and_listed_with_its_fields()
    {
        await api.SchoolAsync("OBX");
        api.Policies.Target = 20;
        api.Policies.Maximum = 20;
        await api.TutorAsync("ox-t1", school: "OBX");
        await api.TutorAsync("ox-t2", school: "OBX");
        var rows = Enumerable.Range(0, 30).Select(i => StudentUpsertTests.Row($"ox-{i:D2}", "OBX")).ToArray();
        await api.ClientFor(Roles.Integration, "registry").PostJson("/api/students/batch", new { students = rows }).ShouldBe(HttpStatusCode.OK);

        var run = await api.SeniorTutor("OBX").PostJson("/api/allocations/auto", new { schoolCode = "OBX", dryRun = false }).ShouldBe(HttpStatusCode.OK);

        run.GetProperty("placements").GetArrayLength().Should().Be(30);
        var messages = (await api.NotificationsAsync("limit=1000")).Where(m => m.GetProperty("studentId").GetString()!.StartsWith("ox-", StringComparison.Ordinal)).ToList();
        messages.Should().HaveCount(90, "each placement tells the tutee, the new tutor and Registry");
        messages.Should().AllSatisfy(m =>
        {
            m.EnumerateObject().Select(p => p.Name).Should().Equal(Fields);
            m.GetProperty("id").GetString().Should().MatchRegex("^[0-9a-f]{32}$");
            m.GetProperty("status").GetString().Should().Be("Pending");
            m.GetProperty("attempts").GetInt32().Should().Be(0);
            m.GetProperty("createdAt").GetDateTimeOffset().Should().Be(api.Clock.GetUtcNow());
            m.GetProperty("nextAttemptAt").GetDateTimeOffset().Should().Be(api.Clock.GetUtcNow());
            m.GetProperty("deliveredAt").ValueKind.Should().Be(JsonValueKind.Null);
            m.GetProperty("lastError").ValueKind.Should().Be(JsonValueKind.Null);
        });
        messages.Select(m => m.GetProperty("id").GetString()).Should().OnlyHaveUniqueItems().And.BeInDescendingOrder(StringComparer.Ordinal);
        var ox07 = messages.Where(m => m.GetProperty("studentId").GetString() == "ox-07").ToList();
        ox07.Select(m => (m.GetProperty("channel").GetString(), m.GetProperty("recipient").GetString())).Should().BeEquivalentTo(
            [("Email", "ada@students.test"), ("Email", TutorOf(run, "ox-07") + "@uni.test"), ("Registry", "registry")]);
        var registry = JsonDocument.Parse(ox07.Single(m => m.GetProperty("channel").GetString() == "Registry").GetProperty("body").GetString()!).RootElement;
        registry.GetProperty("studentId").GetString().Should().Be("ox-07");
        registry.GetProperty("toTutorId").GetString().Should().Be(TutorOf(run, "ox-07"));
    }

    [Fact]
    public async Task The_sender_claims_fifty_at_a_time_and_records_each_delivery()
    {
        await api.SchoolAsync("OBY");
        api.Policies.Target = 30;
        api.Policies.Maximum = 30;
        await api.TutorAsync("oy-t1", school: "OBY");
        var rows = Enumerable.Range(0, 20).Select(i => StudentUpsertTests.Row($"oy-{i:D2}", "OBY")).ToArray();
        await api.ClientFor(Roles.Integration, "registry").PostJson("/api/students/batch", new { students = rows }).ShouldBe(HttpStatusCode.OK);
        await DeliverEverythingDueAsync();
        await api.SeniorTutor("OBY").PostJson("/api/allocations/auto", new { schoolCode = "OBY", dryRun = false }).ShouldBe(HttpStatusCode.OK);

        (await api.DeliverAsync()).Should().Be(50);
        (await api.DeliverAsync()).Should().Be(10);
        (await api.DeliverAsync()).Should().Be(0);

        var delivered = (await api.NotificationsAsync("limit=1000")).Where(m => m.GetProperty("studentId").GetString()!.StartsWith("oy-", StringComparison.Ordinal)).ToList();
        delivered.Should().HaveCount(60).And.AllSatisfy(m =>
        {
            m.GetProperty("status").GetString().Should().Be("Delivered");
            m.GetProperty("attempts").GetInt32().Should().Be(1);
            m.GetProperty("deliveredAt").GetDateTimeOffset().Should().Be(api.Clock.GetUtcNow());
            m.GetProperty("lastError").ValueKind.Should().Be(JsonValueKind.Null);
        });
        Directory.GetFiles(api.MailFolder, "*.eml").Select(Path.GetFileNameWithoutExtension).Should().Contain(
            delivered.Where(m => m.GetProperty("channel").GetString() == "Email").Select(m => m.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_failed_delivery_records_the_attempt_the_error_and_when_to_try_again()
    {
        await api.SchoolAsync("MED");
        await api.StudentAsync("of-s1");
        await api.TutorAsync("of-t1");
        await DeliverEverythingDueAsync();
        await api.AllocateAsync("of-s1", "of-t1");
        var failedAt = api.Clock.GetUtcNow();
        api.Registry.FailuresToSimulate = 4; // the first attempt and its three quick retries

        (await api.DeliverAsync()).Should().Be(2, "the emails go; Registry refuses");

        var failed = Registry(await api.NotificationsAsync("studentId=of-s1"));
        failed.GetProperty("status").GetString().Should().Be("Pending");
        failed.GetProperty("attempts").GetInt32().Should().Be(1);
        failed.GetProperty("lastError").GetString().Should().Contain("503");
        failed.GetProperty("nextAttemptAt").GetDateTimeOffset().Should().Be(failedAt.AddSeconds(2));
        failed.GetProperty("deliveredAt").ValueKind.Should().Be(JsonValueKind.Null);
        (await api.DeliverAsync()).Should().Be(0, "the next attempt is not due yet");

        api.Clock.Advance(TimeSpan.FromSeconds(2));
        (await api.DeliverAsync()).Should().Be(1);

        var delivered = Registry(await api.NotificationsAsync("studentId=of-s1"));
        delivered.GetProperty("status").GetString().Should().Be("Delivered");
        delivered.GetProperty("attempts").GetInt32().Should().Be(2);
        delivered.GetProperty("lastError").ValueKind.Should().Be(JsonValueKind.Null);
        delivered.GetProperty("deliveredAt").GetDateTimeOffset().Should().Be(failedAt.AddSeconds(2));
    }

    [Fact]
    public async Task The_list_filters_by_status_and_student_and_returns_the_newest_first_up_to_the_limit()
    {
        await api.SchoolAsync("MED");
        await api.TutorAsync("ol-t1");
        await api.StudentAsync("ol-s1");
        await api.StudentAsync("ol-s2");
        await DeliverEverythingDueAsync();
        await api.AllocateAsync("ol-s1", "ol-t1");
        await DeliverEverythingDueAsync();
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        await api.AllocateAsync("ol-s2", "ol-t1");

        var first = await api.NotificationsAsync("studentId=ol-s1");
        first.Should().HaveCount(3).And.OnlyContain(m => m.GetProperty("studentId").GetString() == "ol-s1");
        (await api.NotificationsAsync("studentId=ol-s1&status=Delivered")).Should().HaveCount(3);
        (await api.NotificationsAsync("studentId=ol-s1&status=Pending")).Should().BeEmpty();
        (await api.NotificationsAsync("studentId=ol-s2&status=Pending")).Should().HaveCount(3);
        (await api.NotificationsAsync("status=Pending")).Select(m => m.GetProperty("studentId").GetString()).Should().AllBe("ol-s2");

        var both = (await api.NotificationsAsync("limit=1000")).Where(m => m.GetProperty("studentId").GetString()!.StartsWith("ol-", StringComparison.Ordinal));
        both.Select(m => m.GetProperty("studentId").GetString()).Should().Equal("ol-s2", "ol-s2", "ol-s2", "ol-s1", "ol-s1", "ol-s1");
        var newestTwo = await api.NotificationsAsync("studentId=ol-s1&limit=2");
        newestTwo.Select(m => m.GetProperty("id").GetString()).Should().Equal(first.Take(2).Select(m => m.GetProperty("id").GetString()));
        (await api.NotificationsAsync("limit=1")).Should().ContainSingle();
    }

    [Fact]
    public async Task Migrating_again_keeps_the_outbox_and_its_messages()
    {
        await api.SchoolAsync("MED");
        await api.TutorAsync("om-t1");
        await api.StudentAsync("om-s1");
        await api.AllocateAsync("om-s1", "om-t1");

        await api.Services.GetRequiredService<EventStoreSchema>().MigrateAsync();
        await api.StudentAsync("om-s2");
        await api.AllocateAsync("om-s2", "om-t1");

        (await api.NotificationsAsync("studentId=om-s1")).Should().HaveCount(3);
        (await api.NotificationsAsync("studentId=om-s2")).Should().HaveCount(3);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    [InlineData(-5)]
    public async Task A_limit_outside_1_to_1000_is_refused(int limit) =>
        await api.Admin().GetAsync($"/api/notifications?limit={limit}").ShouldBeProblem(HttpStatusCode.BadRequest);

    private async Task DeliverEverythingDueAsync()
    {
        while (await api.DeliverAsync() > 0) { }
    }

    private static JsonElement Registry(List<JsonElement> messages) => messages.Single(m => m.GetProperty("channel").GetString() == "Registry");

    private static string TutorOf(JsonElement run, string studentId) =>
        run.GetProperty("placements").EnumerateArray().Single(p => p.GetProperty("studentId").GetString() == studentId).GetProperty("tutorId").GetString()!;
}
