using Marten;
using Microsoft.Extensions.Logging;
using PersonalTutoring.Allocation.Notifications.Mail;

namespace PersonalTutoring.Allocation.Notifications;

/// <summary>
/// Delivers one notification and records the outcome on its document (status, attempts, last error, next attempt,
/// delivered at). At least once: a crash between sending and recording sends again, which the pickup folder
/// overwrites and the Registry de-duplicates by message id. A failure is recorded in a session of its own (the
/// attempt's outcome must survive the exception that asks Wolverine to retry) and then rethrown.
/// </summary>
/// <remarks>Public only because Wolverine's generated handler code names it; built by the module's registration.</remarks>
public sealed class NotificationCourier
{
    private readonly IDocumentStore store;
    private readonly IMailer mailer;
    private readonly RegistryWebhook registry;
    private readonly NotificationRetries retries;
    private readonly TimeProvider clock;
    private readonly ILogger logger;

    internal NotificationCourier(IDocumentStore store, IMailer mailer, RegistryWebhook registry, NotificationRetries retries,
        TimeProvider clock, ILogger<NotificationCourier> logger)
    {
        (this.store, this.mailer, this.registry, this.retries, this.clock, this.logger) = (store, mailer, registry, retries, clock, logger);
    }

    /// <param name="attempt">Wolverine's attempt number for this message (1 the first time), which says whether
    /// the retry policy has another attempt after this one.</param>
    internal async Task DeliverAsync(string id, int attempt, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var notification = await session.LoadAsync<Notification>(id, ct);
        if (notification is null)
        {
            logger.LogWarning("Notification {Id} has no document; nothing to deliver.", id);
            return;
        }
        if (notification.Status == DeliveryStatus.Delivered) return; // delivered by an earlier copy of this message
        if (notification.Status == DeliveryStatus.Erased) return; // its student was erased before it went: never sent
        if (notification.Channel == Channel.Registry && registry.Url is null)
        {
            // Kept, never reported delivered; RegistryBacklog sends it once a webhook URL is configured.
            if (notification.Status != DeliveryStatus.NotConfigured)
            {
                session.Store(notification with { Status = DeliveryStatus.NotConfigured });
                await session.SaveChangesAsync(ct);
            }
            return;
        }

        try
        {
            await SendAsync(notification, ct);
        }
        catch (Exception e) when (e is MailNotSentException or HttpRequestException or IOException or TimeoutException
            || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            var now = clock.GetUtcNow();
            var wait = retries.DelayAfter(attempt);
            session.Store(notification with
            {
                Status = wait is null ? DeliveryStatus.DeadLettered : DeliveryStatus.Pending,
                Attempts = notification.Attempts + 1,
                NextAttemptAt = now + (wait ?? TimeSpan.Zero),
                LastError = e.Message,
            });
            await session.SaveChangesAsync(CancellationToken.None);
            logger.LogWarning("Notification {Id} to {Recipient} failed (attempt {Attempt}): {Error}", id, notification.Recipient, attempt, e.Message);
            throw new NotificationNotDeliveredException(id, e);
        }
        session.Store(notification with
        {
            Status = DeliveryStatus.Delivered,
            Attempts = notification.Attempts + 1,
            DeliveredAt = clock.GetUtcNow(),
            LastError = null,
        });
        await session.SaveChangesAsync(ct);
    }

    private Task SendAsync(Notification message, CancellationToken ct) => message.Channel switch
    {
        Channel.Email => mailer.SendAsync(new MailEnvelope(message.Id, message.Recipient, message.Subject, message.Body, message.CreatedAt, message.Calendar), ct),
        _ => registry.SendAsync(message, ct),
    };
}
