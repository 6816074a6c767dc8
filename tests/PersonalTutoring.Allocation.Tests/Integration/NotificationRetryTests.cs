using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Allocation.Notifications;

namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>
/// Failed deliveries (docs/adr/0023): Wolverine retries them with the module's policy, each attempt recorded on the
/// notification; after the last retry the message is in Wolverine's dead letters, and an Admin's replay delivers it.
/// </summary>
public sealed class NotificationRetryTests(ClockedDeliveryApi api) : IClassFixture<ClockedDeliveryApi>
{
    private static string Status(JsonElement m) => ClockedDeliveryApi.Status(m);

    private static JsonElement Registry(List<JsonElement> messages) => ClockedDeliveryApi.RegistryMessage(messages);

    [Fact]
    public async Task A_failed_delivery_is_retried_with_each_attempt_recorded_until_it_is_delivered()
    {
        await api.SchoolAsync("MED");
        await api.StudentAsync("of-s1");
        await api.TutorAsync("of-t1");
        api.Registry.FailFor("of-s1", 2);

        await api.AllocateAsync("of-s1", "of-t1");

        var messages = await api.WaitForAsync("of-s1", list => list.Count == 3 && list.All(m => Status(m) == "Delivered"));
        var registry = Registry(messages);
        registry.GetProperty("attempts").GetInt32().Should().Be(3, "two failures, then the retry that went through");
        registry.GetProperty("lastError").ValueKind.Should().Be(JsonValueKind.Null);
        registry.GetProperty("deliveredAt").GetDateTimeOffset().Should().Be(api.Clock.GetUtcNow());
        api.Registry.CallsAbout("of-s1").Should().Be(3);
    }

    [Fact]
    public async Task A_delivery_that_fails_every_retry_is_dead_lettered_and_an_admin_replay_delivers_it()
    {
        await api.SchoolAsync("MED");
        await api.StudentAsync("od-s1");
        await api.TutorAsync("od-t1");
        api.Registry.FailFor("od-s1", int.MaxValue);
        var admin = api.Admin();
        var before = (await admin.GetAsync("/api/admin/message-dead-letters").ShouldBe(HttpStatusCode.OK)).EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ToList();

        await api.AllocateAsync("od-s1", "od-t1");

        // Between attempts the document says when the next one runs: the policy's delay after that attempt.
        var retries = new NotificationRetries(api.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>());
        var failing = await api.WaitForAsync("od-s1", list => list.Count == 3 && Registry(list).GetProperty("attempts").GetInt32() >= 1);
        var seen = Registry(failing);
        if (Status(seen) == "Pending")
            seen.GetProperty("nextAttemptAt").GetDateTimeOffset().Should().Be(api.Clock.GetUtcNow() + retries.DelayAfter(seen.GetProperty("attempts").GetInt32())!.Value);
        var dead = Registry(await api.WaitForAsync("od-s1", list => Status(Registry(list)) == "DeadLettered"));
        dead.GetProperty("attempts").GetInt32().Should().Be(4, "the first attempt, two quick retries and one scheduled retry");
        dead.GetProperty("lastError").GetString().Should().Contain("503");
        dead.GetProperty("deliveredAt").ValueKind.Should().Be(JsonValueKind.Null);
        api.Registry.CallsAbout("od-s1").Should().Be(4);

        // Wolverine moves the message to its dead letters once the handler's last failure is recorded.
        var letters = new List<JsonElement>();
        for (var deadline = DateTime.UtcNow.AddSeconds(15); letters.Count == 0 && DateTime.UtcNow < deadline; await Task.Delay(100))
            letters = (await admin.GetAsync("/api/admin/message-dead-letters").ShouldBe(HttpStatusCode.OK)).EnumerateArray()
                .Where(d => !before.Contains(d.GetProperty("id").GetGuid())).ToList();
        var letter = letters.Should().ContainSingle().Subject;
        letter.GetProperty("messageType").GetString().Should().Be("allocation.deliver_notification");
        letter.GetProperty("exceptionType").GetString().Should().Contain(nameof(NotificationNotDeliveredException));

        api.Registry.FailFor("od-s1", 0);
        await admin.PostJson("/api/admin/message-dead-letters/replay", new { ids = new[] { letter.GetProperty("id").GetGuid() } }).ShouldBe(HttpStatusCode.Accepted);

        var replayed = Registry(await api.WaitForAsync("od-s1", list => Status(Registry(list)) == "Delivered"));
        replayed.GetProperty("attempts").GetInt32().Should().Be(5);
        replayed.GetProperty("lastError").ValueKind.Should().Be(JsonValueKind.Null);
        api.Registry.Received.Should().ContainSingle(r => r.Body.Contains("\"od-s1\""));
    }
}
