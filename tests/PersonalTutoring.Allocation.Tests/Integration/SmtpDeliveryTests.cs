using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using MimeKit;
using PersonalTutoring.Allocation.Notifications;

namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>The host sending its notifications to an in-process SMTP relay that wants a login, with the tests' clock.</summary>
public sealed class SmtpDeliveryApi : ClockedDeliveryApi
{
    public TestSmtpServer Relay { get; } = new(login: ("tutoring", "relay-secret"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Allocation:Mail:PickupFolder", "");
        builder.UseSetting("Allocation:Mail:From", "personal-tutoring@uni.test");
        builder.UseSetting("Allocation:Mail:FromName", "Tutorat — Université de Test");
        builder.UseSetting("Allocation:Mail:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Allocation:Mail:Smtp:Port", Relay.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Allocation:Mail:Smtp:Security", "None");
        builder.UseSetting("Allocation:Mail:Smtp:UserName", "tutoring");
        builder.UseSetting("Allocation:Mail:Smtp:Password", "relay-secret");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Relay.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>A student with a name and an address of the test's choosing.</summary>
    public async Task StudentNamedAsync(string id, string given, string family, string email)
    {
        var body = Students.Body();
        (body["givenName"], body["familyName"], body["email"]) = (given, family, email);
        await ClientFor(Roles.Integration, "registry").PutJson($"/api/students/{id}", body).ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
    }
}

/// <summary>
/// AL-5 over SMTP (docs/adr/0050): the emails of an allocation go through the relay with encoded headers, the Registry
/// still gets its signed webhook, and a relay that keeps refusing ends in the dead letters an Admin sees.
/// </summary>
public sealed class SmtpDeliveryTests(SmtpDeliveryApi api) : IClassFixture<SmtpDeliveryApi>
{
    private static MimeMessage Parse(ReceivedMail mail) => MimeMessage.Load(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(mail.Data)));

    [Fact]
    public async Task An_allocation_emails_tutee_and_tutor_through_the_relay_with_names_encoded_and_signs_the_registry_message()
    {
        await api.SchoolAsync("MED");
        await api.TutorAsync("sm-t1");
        await api.StudentNamedAsync("sm-s1", "Zoë", "Ó Súilleabháin", "zoe@students.test");

        await api.AllocateAsync("sm-s1", "sm-t1");

        var messages = await api.WaitForAsync("sm-s1", list => list.Count == 3 && list.All(m => ClockedDeliveryApi.Status(m) == "Delivered"));
        var mails = (await api.Relay.WaitForAsync(2)).Where(m => m.Data.Contains("sm-s1") || m.Recipients.Contains("zoe@students.test")).ToList();
        mails.Should().OnlyContain(m => m.User == "tutoring" && m.MailFrom == "personal-tutoring@uni.test" && m.Data.All(c => c < 128));
        var tutorMail = mails.Single(m => m.Recipients.SequenceEqual(["sm-t1@uni.test"]));
        tutorMail.Data.Should().MatchRegex(@"(?m)^Subject: New tutee: =\?utf-8\?[bq]\?", "the raw header carries encoded words");
        var toTutor = Parse(tutorMail);
        toTutor.Subject.Should().Be("New tutee: Zoë Ó Súilleabháin");
        toTutor.From.Mailboxes.Single().Name.Should().Be("Tutorat — Université de Test");
        toTutor.TextBody.Should().Contain("Zoë Ó Súilleabháin (sm-s1, zoe@students.test)");
        var email = messages.Single(m => m.GetProperty("recipient").GetString() == "sm-t1@uni.test");
        toTutor.MessageId.Should().Be(email.GetProperty("id").GetString() + "@uni.test");
        Parse(mails.Single(m => m.Recipients.SequenceEqual(["zoe@students.test"]))).Subject.Should().Be("Your personal tutor");

        var (request, body) = api.Registry.Received.Single(r => r.Body.Contains("\"sm-s1\""));
        var timestamp = request.Headers.GetValues(RegistryWebhook.TimestampHeader).Single();
        request.Headers.GetValues(RegistryWebhook.SignatureHeader).Single().Should().Be("sha256=" + RegistryWebhook.Sign(FakeRegistry.Secret, timestamp, body));
    }

    [Fact]
    public async Task A_relay_that_keeps_refusing_a_recipient_is_retried_then_dead_lettered_where_an_admin_sees_it()
    {
        await api.SchoolAsync("MED");
        await api.TutorAsync("sf-t1");
        await api.StudentNamedAsync("sf-s1", "Bo", "Chen", "bo.refused@students.test");
        api.Relay.RefuseRecipient = to => to == "bo.refused@students.test" ? "451 4.3.2 Mailbox temporarily unavailable" : null;
        var admin = api.Admin();
        var before = (await admin.GetAsync("/api/admin/message-dead-letters").ShouldBe(HttpStatusCode.OK)).EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ToList();
        var connections = api.Relay.Connections;

        await api.AllocateAsync("sf-s1", "sf-t1");

        var messages = await api.WaitForAsync("sf-s1", list => list.Any(m => ClockedDeliveryApi.Status(m) == "DeadLettered"));
        var dead = messages.Single(m => ClockedDeliveryApi.Status(m) == "DeadLettered");
        dead.GetProperty("recipient").GetString().Should().Be("bo.refused@students.test");
        dead.GetProperty("attempts").GetInt32().Should().Be(4, "the first attempt, two quick retries and one scheduled retry");
        dead.GetProperty("lastError").GetString().Should().Contain("451").And.Contain("Mailbox temporarily unavailable");
        dead.GetProperty("deliveredAt").ValueKind.Should().Be(JsonValueKind.Null);
        messages.Where(m => m.GetProperty("recipient").GetString() == "sf-t1@uni.test").Should().ContainSingle()
            .Which.GetProperty("status").GetString().Should().Be("Delivered", "one refused recipient holds up nobody else");
        api.Relay.Connections.Should().BeGreaterThanOrEqualTo(connections + 4 + 1, "each attempt, and the tutor's email, connect to the relay");
        api.Relay.Received.Should().NotContain(m => m.Recipients.Contains("bo.refused@students.test"));

        var letters = new List<JsonElement>();
        for (var deadline = DateTime.UtcNow.AddSeconds(15); letters.Count == 0 && DateTime.UtcNow < deadline; await Task.Delay(100))
            letters = (await admin.GetAsync("/api/admin/message-dead-letters").ShouldBe(HttpStatusCode.OK)).EnumerateArray()
                .Where(d => !before.Contains(d.GetProperty("id").GetGuid())).ToList();
        var letter = letters.Should().ContainSingle().Subject;
        letter.GetProperty("messageType").GetString().Should().Be("allocation.deliver_notification");
        letter.GetProperty("exceptionMessage").GetString().Should().Contain("451");
        (await admin.GetAsync("/api/notifications?status=DeadLettered&studentId=sf-s1").ShouldBe(HttpStatusCode.OK)).GetArrayLength().Should().Be(1);
    }
}
