using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Wolverine;

namespace PersonalTutoring.Allocation.Notifications;

/// <summary>
/// Registry messages written while no webhook URL was configured wait as <see cref="DeliveryStatus.NotConfigured"/>.
/// When the host starts with a URL, or the configuration is reloaded with one, they are sent: their ids go back
/// through <see cref="NotificationsWritten"/>, so delivery and retries are the same as for any other notification.
/// </summary>
internal sealed class RegistryBacklog(IDocumentStore store, IMessageBus bus, RegistryWebhook registry, IConfiguration configuration,
    ILogger<RegistryBacklog> logger) : IHostedService, IDisposable
{
    private IDisposable? watch;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        watch = ChangeToken.OnChange(configuration.GetReloadToken, () => _ = SendSafelyAsync());
        await SendAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => watch?.Dispose();

    /// <summary>Publishes every waiting Registry message; returns how many.</summary>
    internal async Task<int> SendAsync(CancellationToken ct)
    {
        if (registry.Url is null) return 0;
        await using var session = store.QuerySession();
        var waiting = await session.Query<Notification>().Where(n => n.Status == DeliveryStatus.NotConfigured)
            .Select(n => n.Id).ToListAsync(ct);
        foreach (var chunk in waiting.Chunk(NotificationOutbox.ChunkSize))
            await bus.PublishAsync(new NotificationsWritten(chunk));
        if (waiting.Count > 0) logger.LogInformation("A Registry webhook is configured: sending {Count} waiting Registry messages.", waiting.Count);
        return waiting.Count;
    }

    private async Task SendSafelyAsync()
    {
        try { await SendAsync(CancellationToken.None); }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException)
        {
            logger.LogWarning(e, "Could not send the waiting Registry messages; they are sent at the next start or configuration reload.");
        }
    }
}
