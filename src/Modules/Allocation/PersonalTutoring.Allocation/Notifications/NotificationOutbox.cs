using Marten;
using PersonalTutoring.BuildingBlocks.Projections;
using Wolverine.Marten;

namespace PersonalTutoring.Allocation.Notifications;

/// <summary>
/// Puts a command's notifications into its session: the documents (one set-based upsert) and the delivery messages
/// (Wolverine's durable outbox, enrolled in the same session). Both commit with the command's events or not at all.
/// </summary>
internal static class NotificationOutbox
{
    /// <summary>Ids per <see cref="NotificationsWritten"/>: a 5,000-student auto-allocation puts 15 envelopes in its transaction.</summary>
    public const int ChunkSize = 1_000;

    public static async Task EnlistAsync(IDocumentSession session, IMartenOutbox outbox, IReadOnlyCollection<Notification> notifications)
    {
        if (notifications.Count == 0) return;
        DocumentWrites.Upsert(session, notifications.Select(n => (n.Id, n)).ToList());
        // The scoped outbox is created enrolled in the scoped session; enrolling twice would flush twice.
        if (!ReferenceEquals(outbox.Session, session)) outbox.Enroll(session);
        foreach (var chunk in notifications.Select(n => n.Id).Chunk(ChunkSize))
            await outbox.PublishAsync(new NotificationsWritten(chunk));
    }
}
