using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wolverine.Marten;

namespace PersonalTutoring.Allocation.Notifications;

/// <summary>
/// Registry messages written while no webhook URL was configured wait as <see cref="DeliveryStatus.NotConfigured"/>.
/// When the host starts with a URL, or the configuration is reloaded with one, they become Pending again and their
/// ids go back through <see cref="NotificationsWritten"/> in the same transaction, so delivery and retries are those of
/// any other notification, and a second look (a reload fires more than once) finds nothing left to send.
/// </summary>
internal sealed class RegistryBacklog(IServiceScopeFactory scopes, RegistryWebhook registry, IOptionsMonitor<RegistrySettings> settings, ILogger<RegistryBacklog> logger)
    : IHostedService, IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private IDisposable? watch;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        watch = settings.OnChange((_, _) => _ = SendSafelyAsync());
        await SendAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        watch?.Dispose();
        gate.Dispose();
    }

    /// <summary>Queues every waiting Registry message for delivery; returns how many.</summary>
    internal async Task<int> SendAsync(CancellationToken ct)
    {
        if (registry.Url is null) return 0;
        await gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
            var waiting = await session.Query<Notification>().Where(n => n.Status == DeliveryStatus.NotConfigured).ToListAsync(ct);
            if (waiting.Count == 0) return 0;
            await NotificationOutbox.EnlistAsync(session, scope.ServiceProvider.GetRequiredService<IMartenOutbox>(),
                waiting.Select(n => n with { Status = DeliveryStatus.Pending }).ToList());
            await session.SaveChangesAsync(ct);
            logger.LogInformation("A Registry webhook is configured: sending {Count} waiting Registry messages.", waiting.Count);
            return waiting.Count;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task SendSafelyAsync()
    {
        try { await SendAsync(CancellationToken.None); }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException or ObjectDisposedException)
        {
            logger.LogWarning(e, "Could not send the waiting Registry messages; they are sent at the next start or configuration reload.");
        }
    }
}
