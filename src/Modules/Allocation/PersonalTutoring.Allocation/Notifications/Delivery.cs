using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace PersonalTutoring.Allocation.Notifications;

internal sealed record MailEnvelope(string MessageId, string From, string To, string Subject, string Body, DateTimeOffset Date);

/// <summary>Sends email. Production plugs in an SMTP relay; the development default drops <c>.eml</c> files in a folder.</summary>
internal interface ISmtp
{
    Task SendAsync(MailEnvelope mail, CancellationToken ct);
}

/// <summary>
/// Writes each message as <c>{id}.eml</c> under <c>Allocation:Mail:PickupFolder</c> (default <c>.data/mail-outbox</c>).
/// A redelivery overwrites the same file, so at-least-once delivery never shows a tutee two copies.
/// </summary>
internal sealed class PickupFolderSmtp(IConfiguration configuration) : ISmtp
{
    public async Task SendAsync(MailEnvelope mail, CancellationToken ct)
    {
        var folder = Path.GetFullPath(configuration["Allocation:Mail:PickupFolder"] is { Length: > 0 } f ? f : Path.Combine(".data", "mail-outbox"));
        Directory.CreateDirectory(folder);
        var eml = $"""
            Message-ID: <{mail.MessageId}@personal-tutoring>
            Date: {mail.Date:r}
            From: {mail.From}
            To: {mail.To}
            Subject: {mail.Subject}
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8

            {mail.Body}
            """;
        var path = Path.Combine(folder, mail.MessageId + ".eml");
        await File.WriteAllTextAsync(path + ".tmp", eml.ReplaceLineEndings("\r\n"), ct);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}

/// <summary>
/// Posts a message to the Registry's webhook, signed so the receiver can check origin and freshness:
/// <c>X-Tutoring-Signature: sha256=HEX(HMAC-SHA256(secret, timestamp + "." + body))</c> and <c>X-Tutoring-Timestamp</c> (Unix seconds).
/// <c>X-Tutoring-Message-Id</c> lets the receiver drop the duplicates at-least-once delivery may produce.
/// </summary>
internal sealed class RegistryWebhook(IHttpClientFactory clients, IOptionsMonitor<RegistrySettings> settings, TimeProvider clock)
{
    public const string ClientName = "allocation-registry";
    public const string SignatureHeader = "X-Tutoring-Signature";
    public const string TimestampHeader = "X-Tutoring-Timestamp";
    public const string MessageIdHeader = "X-Tutoring-Message-Id";

    public string? Url => settings.CurrentValue.Url;

    public async Task SendAsync(Notification message, CancellationToken ct)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new StringContent(message.Body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, "sha256=" + Sign(settings.CurrentValue.WebhookSecret ?? "", timestamp, message.Body));
        request.Headers.Add(MessageIdHeader, message.Id);
        using var response = await clients.CreateClient(ClientName).SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
    }

    public static string Sign(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}
