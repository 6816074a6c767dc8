using MimeKit;

namespace PersonalTutoring.Allocation.Notifications.Mail;

/// <summary>One email of a notification; <see cref="MessageId"/> is the notification's id, so a resend is recognisable.</summary>
internal sealed record MailEnvelope(string MessageId, string To, string Subject, string Body, DateTimeOffset Date);

/// <summary>Sends email: <see cref="SmtpMailer"/> in production, <see cref="PickupFolderMailer"/> in Development.</summary>
internal interface IMailer
{
    Task SendAsync(MailEnvelope mail, CancellationToken ct);
}

/// <summary>The relay refused the message or could not be reached; the courier records it and Wolverine retries.</summary>
internal sealed class MailNotSentException(string message, Exception inner) : Exception(message, inner);

internal static class MailMessages
{
    /// <summary>
    /// The MIME message as both mailers send it. MimeKit encodes what is not ASCII: the subject and the sender's
    /// display name as RFC 2047 encoded words, the UTF-8 body with a content transfer encoding.
    /// </summary>
    public static MimeMessage Build(MailEnvelope mail, MailOptions options)
    {
        var from = new MailboxAddress(options.FromName, string.IsNullOrWhiteSpace(options.From) ? "personal-tutoring@localhost" : options.From);
        var message = new MimeMessage
        {
            MessageId = $"{mail.MessageId}@{from.Domain}",
            Date = mail.Date,
            Subject = mail.Subject,
            Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = mail.Body },
        };
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(mail.To));
        return message;
    }
}
