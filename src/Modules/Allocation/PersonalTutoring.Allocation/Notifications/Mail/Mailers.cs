using MimeKit;

namespace PersonalTutoring.Allocation.Notifications.Mail;

/// <summary>One email of a notification; <see cref="MessageId"/> is the notification's id, so a resend is recognisable.
/// <see cref="Calendar"/>: an iCalendar text attached as <c>invite.ics</c> (Meetings' invitations and cancellations).</summary>
internal sealed record MailEnvelope(string MessageId, string To, string Subject, string Body, DateTimeOffset Date, string? Calendar = null);

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
        var text = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = mail.Body };
        var message = new MimeMessage
        {
            MessageId = $"{mail.MessageId}@{from.Domain}",
            Date = mail.Date,
            Subject = mail.Subject,
            Body = mail.Calendar is null ? text : new Multipart("mixed") { text, Invite(mail.Calendar) },
        };
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(mail.To));
        return message;
    }

    /// <summary>The iCalendar part: text/calendar with the METHOD of its text (RFC 6047), as the attachment invite.ics.</summary>
    private static MimePart Invite(string calendar)
    {
        var part = new TextPart("calendar") { Text = calendar, ContentTransferEncoding = ContentEncoding.Base64 };
        var method = calendar.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("METHOD:", StringComparison.OrdinalIgnoreCase))?[7..];
        if (!string.IsNullOrEmpty(method)) part.ContentType.Parameters.Add("method", method);
        part.ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = "invite.ics" };
        return part;
    }
}
