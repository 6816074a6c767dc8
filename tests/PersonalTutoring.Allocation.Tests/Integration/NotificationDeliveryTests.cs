using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Allocation.Allocations;
using PersonalTutoring.Allocation.Notifications;
using PersonalTutoring.Allocation.ReadModels.StudentViews;
using PersonalTutoring.Allocation.Students;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using Wolverine.Marten;
using Wolverine.Runtime;

namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>
/// AL-5 on Wolverine (docs/adr/0023): the notification documents a command writes with its events, the delivery
/// messages in its transaction, and what delivery records on each document (status, attempts, error, next attempt).
/// </summary>
public sealed class NotificationDeliveryTests(ClockedDeliveryApi api) : IClassFixture<ClockedDeliveryApi>
{
    // calendar: the iCalendar attachment other modules may ask for (Meetings' invite.ics, docs/adr/0055); null here.
    private static readonly string[] Fields =
        ["id", "channel", "recipient", "subject", "body", "studentId", "createdAt", "status", "attempts", "nextAttemptAt", "deliveredAt", "lastError", "calendar"];

    private static string Status(JsonElement m) => ClockedDeliveryApi.Status(m);

    private static JsonElement Registry(List<JsonElement> messages) => ClockedDeliveryApi.RegistryMessage(messages);

    [Fact]
    public async Task Every_notification_of_an_auto_allocation_is_written_with_its_events_listed_with_its_fields_and_delivered_once()
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
        // Listed as soon as the command answers: the documents commit with the events, delivery only updates them.
        var messages = (await api.NotificationsAsync("limit=1000")).Where(m => m.GetProperty("studentId").GetString()!.StartsWith("ox-", StringComparison.Ordinal)).ToList();
        messages.Should().HaveCount(90, "each placement tells the tutee, the new tutor and Registry");
        messages.Should().AllSatisfy(m =>
        {
            m.EnumerateObject().Select(p => p.Name).Should().Equal(Fields);
            m.GetProperty("id").GetString().Should().MatchRegex("^[0-9a-f]{32}$");
            Status(m).Should().BeOneOf("Pending", "Delivered");
            m.GetProperty("createdAt").GetDateTimeOffset().Should().Be(api.Clock.GetUtcNow());
            m.GetProperty("nextAttemptAt").GetDateTimeOffset().Should().Be(api.Clock.GetUtcNow());
        });
        messages.Select(m => m.GetProperty("id").GetString()).Should().OnlyHaveUniqueItems().And.BeInDescendingOrder(StringComparer.Ordinal);
        var ox07 = messages.Where(m => m.GetProperty("studentId").GetString() == "ox-07").ToList();
        ox07.Select(m => (m.GetProperty("channel").GetString(), m.GetProperty("recipient").GetString())).Should().BeEquivalentTo(
            [("Email", "ada@students.test"), ("Email", TutorOf(run, "ox-07") + "@uni.test"), ("Registry", "registry")]);
        var registry = JsonDocument.Parse(Registry(ox07).GetProperty("body").GetString()!).RootElement;
        registry.GetProperty("studentId").GetString().Should().Be("ox-07");
        registry.GetProperty("toTutorId").GetString().Should().Be(TutorOf(run, "ox-07"));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await api.NotificationsAsync("status=Pending&limit=1000")).Any(m => m.GetProperty("studentId").GetString()!.StartsWith("ox-", StringComparison.Ordinal)))
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "every notification is delivered");
            await Task.Delay(100);
        }
        var delivered = (await api.NotificationsAsync("limit=1000")).Where(m => m.GetProperty("studentId").GetString()!.StartsWith("ox-", StringComparison.Ordinal)).ToList();
        delivered.Should().HaveCount(90).And.AllSatisfy(m =>
        {
            Status(m).Should().Be("Delivered");
            m.GetProperty("attempts").GetInt32().Should().Be(1);
            m.GetProperty("deliveredAt").GetDateTimeOffset().Should().Be(api.Clock.GetUtcNow());
            m.GetProperty("lastError").ValueKind.Should().Be(JsonValueKind.Null);
        });
        Directory.GetFiles(api.MailFolder, "*.eml").Select(Path.GetFileNameWithoutExtension).Should().Contain(
            delivered.Where(m => m.GetProperty("channel").GetString() == "Email").Select(m => m.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_command_puts_one_delivery_message_per_thousand_notifications_into_its_transaction()
    {
        await using var scope = api.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
        var outbox = scope.ServiceProvider.GetRequiredService<IMartenOutbox>();
        var now = api.Clock.GetUtcNow();
        var notifications = Enumerable.Range(0, 2_500).Select(i => Notices.Email($"chunk-{i}", "x@uni.test", "s", "b", now)).ToList();

        await NotificationOutbox.EnlistAsync(session, outbox, notifications);

        var outstanding = ((MessageBus)outbox).Outstanding.Select(e => e.Message).ToList();
        outstanding.Should().HaveCount(3).And.AllBeOfType<NotificationsWritten>();
        outstanding.Cast<NotificationsWritten>().SelectMany(w => w.Ids).Should().Equal(notifications.Select(n => n.Id));
        // Never saved: nothing was written or sent.
        (await api.NotificationsAsync("studentId=chunk-0")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_command_refused_for_a_stale_stream_writes_no_events_no_view_and_no_notification()
    {
        await api.SchoolAsync("MED");
        await api.TutorAsync("os-t1");
        await api.StudentAsync("os-fresh");
        await api.StudentAsync("os-moved");
        await api.StudentAsync("os-moved", year: 2); // now at version 2
        var now = api.Clock.GetUtcNow();
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
            var allocated = new TutorAllocated("os-fresh", "MED", "os-t1", null, Dates.UkDate(now), 1, AllocationKind.Allocation, "x", null, now);
            var changes = new ChangeSet()
                .Append(new StreamRef(Student.StreamId("os-fresh"), 1), allocated)
                .Append(new StreamRef(Student.StreamId("os-moved"), 1), allocated with { StudentId = "os-moved" }) // decided on a stale read
                .Notify([Notices.Email("os-fresh", "ada@students.test", "Your personal tutor", "…", now)]);

            var commit = () => changes.CommitAsync(session, scope.ServiceProvider.GetRequiredService<IMartenOutbox>(), CancellationToken.None);

            await commit.Should().ThrowAsync<Exception>();
        }

        (await api.EventCountAsync(Student.StreamId("os-fresh"))).Should().Be(1);
        await using var query = api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        (await query.LoadAsync<StudentView>("os-fresh"))!.CurrentTutorId.Should().BeNull();
        await Task.Delay(500); // had a delivery message gone out, its handler would have run by now
        (await api.NotificationsAsync("studentId=os-fresh")).Should().BeEmpty();
    }

    [Fact]
    public async Task The_list_filters_by_status_and_student_and_returns_the_newest_first_up_to_the_limit()
    {
        await api.SchoolAsync("MED");
        await api.TutorAsync("ol-t1");
        await api.StudentAsync("ol-s1");
        await api.StudentAsync("ol-s2");
        await api.AllocateAsync("ol-s1", "ol-t1");
        await api.WaitForAsync("ol-s1", list => list.Count == 3 && list.All(m => Status(m) == "Delivered"));
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        var release = api.Registry.HoldFor("ol-s2"); // ol-s2's Registry message stays undelivered while the test reads
        try
        {
            await api.AllocateAsync("ol-s2", "ol-t1");
            await api.WaitForAsync("ol-s2", list => list.Count(m => Status(m) == "Delivered") == 2);

            var first = await api.NotificationsAsync("studentId=ol-s1");
            first.Should().HaveCount(3).And.OnlyContain(m => m.GetProperty("studentId").GetString() == "ol-s1");
            (await api.NotificationsAsync("studentId=ol-s1&status=Delivered")).Should().HaveCount(3);
            (await api.NotificationsAsync("studentId=ol-s1&status=Pending")).Should().BeEmpty();
            (await api.NotificationsAsync("studentId=ol-s2&status=Pending")).Should().ContainSingle()
                .Which.GetProperty("channel").GetString().Should().Be("Registry");
            (await api.NotificationsAsync("status=Pending")).Select(m => m.GetProperty("studentId").GetString()).Should().AllBe("ol-s2");

            var both = (await api.NotificationsAsync("limit=1000")).Where(m => m.GetProperty("studentId").GetString()!.StartsWith("ol-", StringComparison.Ordinal));
            both.Select(m => m.GetProperty("studentId").GetString()).Should().Equal("ol-s2", "ol-s2", "ol-s2", "ol-s1", "ol-s1", "ol-s1");
            var newestTwo = await api.NotificationsAsync("studentId=ol-s1&limit=2");
            newestTwo.Select(m => m.GetProperty("id").GetString()).Should().Equal(first.Take(2).Select(m => m.GetProperty("id").GetString()));
            (await api.NotificationsAsync("limit=1")).Should().ContainSingle();
        }
        finally
        {
            release();
        }
    }

    [Fact]
    public async Task Migrating_again_keeps_the_notifications()
    {
        await api.SchoolAsync("MED");
        await api.TutorAsync("om-t1");
        await api.StudentAsync("om-s1");
        await api.AllocateAsync("om-s1", "om-t1");

        await api.Services.GetRequiredService<StoreSchema>().MigrateAsync();
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

    private static string TutorOf(JsonElement run, string studentId) =>
        run.GetProperty("placements").EnumerateArray().Single(p => p.GetProperty("studentId").GetString() == studentId).GetProperty("tutorId").GetString()!;
}
