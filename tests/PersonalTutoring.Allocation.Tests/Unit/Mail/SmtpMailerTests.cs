using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using PersonalTutoring.Allocation.Notifications.Mail;

namespace PersonalTutoring.Allocation.Tests.Unit.Mail;

/// <summary>The SMTP path (docs/adr/0050) against an in-process relay: what arrives, how it is encoded, how refusals surface.</summary>
public sealed class SmtpMailerTests
{
    private const string Subject = "New tutee: Zoë Ó Súilleabháin";
    private const string FromName = "Université de Test — Tutorat personnel";
    private const string Body = "Dear Dr Ng,\n\nFrom 1 October 2025 you are the personal tutor of Zoë Ó Súilleabháin (s-1, zoe@students.test).\n";
    private static readonly MailEnvelope Mail = new("0193a7c0e0b97a1fbd4c2f3e5a6b7c8d", "ng@uni.test", Subject, Body, new DateTimeOffset(2025, 10, 1, 9, 0, 0, TimeSpan.Zero));

    private static SmtpMailer Mailer(int port, string? user = "relay-user", string? password = "relay-pass") =>
        new(new ServiceCollection().AddOptions<MailOptions>().Configure(o =>
        {
            o.From = "noreply@uni.test";
            o.FromName = FromName;
            o.Smtp = new SmtpOptions { Host = "127.0.0.1", Port = port, Security = SecureSocketOptions.None, UserName = user, Password = password, TimeoutSeconds = 5 };
        }).Services.BuildServiceProvider().GetRequiredService<IOptionsMonitor<MailOptions>>());

    [Fact]
    public async Task A_message_arrives_with_its_envelope_and_the_subject_and_sender_name_encoded_as_rfc_2047_words()
    {
        await using var relay = new TestSmtpServer(login: ("relay-user", "relay-pass"));

        await Mailer(relay.Port).SendAsync(Mail, CancellationToken.None);

        var received = relay.Received.Should().ContainSingle().Subject;
        (received.MailFrom, received.Recipients.Single(), received.User).Should().Be(("noreply@uni.test", "ng@uni.test", "relay-user"));
        var headers = System.Text.RegularExpressions.Regex.Replace(received.Data[..received.Data.IndexOf("\r\n\r\n", StringComparison.Ordinal)], "\r\n[ \t]+", " ");
        headers.Should().MatchRegex(@"(?m)^Subject: New tutee: =\?utf-8\?[bq]\?[^?]+\?=\r?$", "the non-ASCII words of the subject travel as encoded words");
        headers.Should().MatchRegex(@"(?m)^From: =\?utf-8\?[bq]\?[^?]+\?= .*<noreply@uni\.test>\r?$", "so do those of the sender's display name");
        received.Data.Should().Match(d => d.All(c => c < 128), "nothing but 7-bit ASCII goes on the wire when the relay offers no 8BITMIME");
        var message = MimeMessage.Load(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(received.Data)));
        message.Subject.Should().Be(Subject);
        message.From.Mailboxes.Single().Should().Match<MailboxAddress>(m => m.Name == FromName && m.Address == "noreply@uni.test");
        message.To.Mailboxes.Single().Address.Should().Be("ng@uni.test");
        message.MessageId.Should().Be("0193a7c0e0b97a1fbd4c2f3e5a6b7c8d@uni.test", "the notification's id, so a resend is recognisable");
        message.Date.Should().Be(Mail.Date);
        message.TextBody!.Replace("\r\n", "\n").Should().Be(Body);
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("LOGIN")]
    public async Task The_relay_login_works_with_the_mechanism_it_offers(string mechanism)
    {
        await using var relay = new TestSmtpServer([mechanism], login: ("relay-user", "relay-pass"));

        await Mailer(relay.Port).SendAsync(Mail, CancellationToken.None);

        relay.Received.Should().ContainSingle().Which.Should().Match<ReceivedMail>(m => m.Mechanism == mechanism && m.User == "relay-user");
    }

    [Fact]
    public async Task Without_credentials_configured_no_login_is_attempted()
    {
        await using var relay = new TestSmtpServer();

        await Mailer(relay.Port, user: null, password: null).SendAsync(Mail, CancellationToken.None);

        relay.Received.Should().ContainSingle().Which.User.Should().BeNull();
    }

    [Fact]
    public async Task Wrong_credentials_fail_with_the_relays_reply()
    {
        await using var relay = new TestSmtpServer(login: ("relay-user", "relay-pass"));

        var send = () => Mailer(relay.Port, password: "wrong").SendAsync(Mail, CancellationToken.None);

        (await send.Should().ThrowAsync<MailNotSentException>()).Which.Message.Should().Contain("127.0.0.1").And.Contain("535");
        relay.Received.Should().BeEmpty();
    }

    [Fact]
    public async Task A_refused_recipient_fails_with_the_relays_status_code()
    {
        await using var relay = new TestSmtpServer(login: ("relay-user", "relay-pass")) { RefuseRecipient = to => to == "ng@uni.test" ? "451 4.3.2 Mailbox busy, try later" : null };

        var send = () => Mailer(relay.Port).SendAsync(Mail, CancellationToken.None);

        (await send.Should().ThrowAsync<MailNotSentException>()).Which.Message.Should().Contain("451");
        relay.Received.Should().BeEmpty();
    }

    [Fact]
    public async Task A_relay_that_is_not_listening_fails_as_not_sent()
    {
        int port;
        await using (var gone = new TestSmtpServer()) port = gone.Port;

        var send = () => Mailer(port).SendAsync(Mail, CancellationToken.None);

        await send.Should().ThrowAsync<MailNotSentException>();
    }
}
