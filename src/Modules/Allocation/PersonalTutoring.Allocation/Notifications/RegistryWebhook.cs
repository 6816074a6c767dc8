using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace PersonalTutoring.Allocation.Notifications;

/// <summary>
/// Posts a message to the Registry's webhook, signed so the receiver can check origin and freshness:
/// <c>X-Tutoring-Signature: sha256=HEX(HMAC-SHA256(secret, timestamp + "." + body))</c> and <c>X-Tutoring-Timestamp</c> (Unix seconds).
/// <c>X-Tutoring-Message-Id</c> lets the receiver drop the duplicates at-least-once delivery may produce.
/// </summary>
internal sealed class RegistryWebhook(IHttpClientFactory clients, IConfiguration configuration, TimeProvider clock)
{
    public const string ClientName = "allocation-registry";
    public const string SignatureHeader = "X-Tutoring-Signature";
    public const string TimestampHeader = "X-Tutoring-Timestamp";
    public const string MessageIdHeader = "X-Tutoring-Message-Id";

    public string? Url => configuration["Allocation:Registry:WebhookUrl"] is { Length: > 0 } url ? url : null;

    public async Task SendAsync(Notification message, CancellationToken ct)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new StringContent(message.Body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, "sha256=" + Sign(configuration["Allocation:Registry:WebhookSecret"] ?? "", timestamp, message.Body));
        request.Headers.Add(MessageIdHeader, message.Id);
        using var response = await clients.CreateClient(ClientName).SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
    }

    public static string Sign(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}
