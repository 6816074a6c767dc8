using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace PersonalTutoring.Allocation.Notifications.Mail;

/// <summary>
/// Sends each message through the configured SMTP relay with MailKit: connect (STARTTLS unless configured otherwise),
/// authenticate when credentials are set, send, quit. Whatever the relay or the network does wrong becomes a
/// <see cref="MailNotSentException"/> carrying the relay's reply, which the notification shows as its last error.
/// </summary>
internal sealed class SmtpMailer(IOptionsMonitor<MailOptions> options) : IMailer
{
    public async Task SendAsync(MailEnvelope mail, CancellationToken ct)
    {
        var settings = options.CurrentValue;
        var smtp = settings.Smtp;
        using var message = MailMessages.Build(mail, settings);
        using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.Security, ct);
            if (!string.IsNullOrEmpty(smtp.UserName)) await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(quit: true, ct);
        }
        catch (Exception e) when (e is CommandException or ProtocolException or AuthenticationException or SocketException or IOException or TimeoutException
            || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            var reply = e is SmtpCommandException command ? $"{(int)command.StatusCode} {command.Message}" : e.Message;
            throw new MailNotSentException($"SMTP {smtp.Host}:{smtp.Port}: {reply}", e);
        }
    }
}
