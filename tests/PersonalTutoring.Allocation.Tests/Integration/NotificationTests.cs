using System.Text.Json;
using PersonalTutoring.Allocation.Notifications;

namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>AL-5: tutee, tutors and Registry hear of every allocation change, through the outbox, at least once.</summary>
public sealed class NotificationTests(AllocationApi api) : IClassFixture<AllocationApi>
{
    [Fact]
    public async Task An_allocation_emails_tutee_and_tutor_and_posts_a_signed_message_to_registry_despite_failures()
    {
        await api.SchoolAsync("MED");
        await api.StudentAsync("n-s1");
        await api.TutorAsync("n-t1");
        api.Registry.FailuresToSimulate = 2;
        await api.AllocateAsync("n-s1", "n-t1");

        var messages = await Notifications.WaitUntilDeliveredAsync(api.Admin(), "n-s1", 3);
        messages.Select(m => m.GetProperty("channel").GetString()).Should().BeEquivalentTo(["Email", "Email", "Registry"]);
        var mails = Directory.GetFiles(api.MailFolder, "*.eml").Select(File.ReadAllText).ToList();
        mails.Should().Contain(m => m.Contains("To: ada@students.test") && m.Contains("n-t1@uni.test"));
        mails.Should().Contain(m => m.Contains("To: n-t1@uni.test") && m.Contains("n-s1"));

        var (request, body) = api.Registry.Received.Single(r => r.Body.Contains("\"n-s1\""));
        api.Registry.Calls.Should().BeGreaterThanOrEqualTo(3, "two failures were retried");
        var timestamp = request.Headers.GetValues(RegistryWebhook.TimestampHeader).Single();
        request.Headers.GetValues(RegistryWebhook.SignatureHeader).Single().Should().Be("sha256=" + RegistryWebhook.Sign(FakeRegistry.Secret, timestamp, body));
        JsonDocument.Parse(body).RootElement.GetProperty("toTutorId").GetString().Should().Be("n-t1");
    }

    [Theory]
    [InlineData(Roles.Student)]
    [InlineData(Roles.Tutor)]
    [InlineData(Roles.SeniorTutor)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Dean)]
    [InlineData(Roles.Governance)]
    [InlineData(Roles.Integration)]
    public async Task Only_admins_and_auditors_list_notifications(string role) =>
        await api.ClientFor(role, "x", "MED").GetAsync("/api/notifications").ShouldBeProblem(HttpStatusCode.Forbidden);
}

public sealed class UnconfiguredRegistryApi : AllocationApi
{
    protected override string? WebhookUrl => null;
}

/// <summary>With no Registry webhook configured, Registry messages stay undelivered and say so; email still goes.</summary>
public sealed class UnconfiguredRegistryTests(UnconfiguredRegistryApi api) : IClassFixture<UnconfiguredRegistryApi>
{
    [Fact]
    public async Task Registry_messages_are_kept_as_not_configured_rather_than_marked_delivered()
    {
        await api.SchoolAsync("MED");
        await api.StudentAsync("u-s1");
        await api.TutorAsync("u-t1");
        await api.AllocateAsync("u-s1", "u-t1");
        var messages = await Notifications.WaitUntilDeliveredAsync(api.ClientFor(Roles.Auditor, "aud"), "u-s1", 2);
        var registry = messages.Single(m => m.GetProperty("channel").GetString() == "Registry");
        registry.GetProperty("status").GetString().Should().Be("NotConfigured");
        api.Registry.Calls.Should().Be(0);
    }
}

internal static class Notifications
{
    /// <summary>Polls the list until <paramref name="emails"/> emails are delivered; returns every message of the student.</summary>
    public static async Task<List<JsonElement>> WaitUntilDeliveredAsync(HttpClient client, string studentId, int delivered)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var list = (await client.GetAsync($"/api/notifications?studentId={studentId}").ShouldBe(HttpStatusCode.OK)).EnumerateArray().ToList();
            if (list.Count(m => m.GetProperty("status").GetString() == "Delivered") >= delivered && list.All(m => m.GetProperty("status").GetString() != "Pending")) return list;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not delivered in time: {string.Join(", ", list.Select(m => m.GetRawText()))}");
            await Task.Delay(100);
        }
    }
}

public sealed class LateRegistryApi : AllocationApi
{
    protected override string? WebhookUrl => null;
}

/// <summary>Registry messages kept while no webhook was configured go out once one is (configuration reloaded).</summary>
public sealed class LateRegistryTests(LateRegistryApi api) : IClassFixture<LateRegistryApi>
{
    [Fact]
    public async Task Registry_messages_waiting_for_a_webhook_are_sent_once_one_is_configured()
    {
        await api.SchoolAsync("MED");
        await api.StudentAsync("lr-s1");
        await api.TutorAsync("lr-t1");
        await api.AllocateAsync("lr-s1", "lr-t1");
        await Notifications.WaitUntilDeliveredAsync(api.Admin(), "lr-s1", 2);
        api.Registry.Calls.Should().Be(0);

        var configuration = (Microsoft.Extensions.Configuration.IConfigurationRoot)
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>(api.Services);
        configuration["Allocation:Registry:WebhookUrl"] = "https://registry.test/hooks/allocation";
        configuration.Reload();

        var messages = await Notifications.WaitUntilDeliveredAsync(api.Admin(), "lr-s1", 3);
        messages.Single(m => m.GetProperty("channel").GetString() == "Registry").GetProperty("status").GetString().Should().Be("Delivered");
        api.Registry.Received.Should().ContainSingle(r => r.Body.Contains("\"lr-s1\""));
    }
}
