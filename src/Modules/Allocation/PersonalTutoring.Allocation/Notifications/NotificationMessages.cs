using Marten;
using Wolverine;
using Wolverine.Attributes;

namespace PersonalTutoring.Allocation.Notifications;

// Public because Wolverine's generated handler code (compiled outside this assembly) names them. The identities are
// stable, like event aliases: they are stored in Wolverine's envelope and dead-letter tables.

/// <summary>
/// Notifications a command wrote (at most <see cref="NotificationOutbox.ChunkSize"/> ids). One or a few of these go
/// into the command's transaction instead of one envelope per notification: auto-allocation writes 15,000.
/// </summary>
[MessageIdentity("allocation.notifications_written")]
public sealed record NotificationsWritten(IReadOnlyList<string> Ids);

/// <summary>Deliver one notification; retried with backoff and dead-lettered on its own (docs/adr/0023).</summary>
[MessageIdentity("allocation.deliver_notification")]
public sealed record DeliverNotification(string Id);

/// <summary>Wolverine finds handlers by the class-name suffix <c>Handler</c>.</summary>
public static class NotificationDeliveryHandler
{
    /// <summary>
    /// Fans a command's notifications out to one delivery message each. The session is what makes the handler
    /// transactional (Wolverine's Marten middleware): the delivery messages are stored in the transaction that marks
    /// this one handled, so a crash never loses or repeats the fan-out. Nothing else is written through it.
    /// </summary>
    public static OutgoingMessages Handle(NotificationsWritten written, IDocumentSession session)
    {
        _ = session;
        var deliveries = new OutgoingMessages();
        deliveries.AddRange(written.Ids.Select(id => new DeliverNotification(id)));
        return deliveries;
    }

    /// <summary><see cref="Envelope.Attempts"/> tells the courier where this attempt stands in the retry policy.</summary>
    public static Task Handle(DeliverNotification message, NotificationCourier courier, Envelope envelope, CancellationToken ct) =>
        courier.DeliverAsync(message.Id, envelope.Attempts, ct);
}
