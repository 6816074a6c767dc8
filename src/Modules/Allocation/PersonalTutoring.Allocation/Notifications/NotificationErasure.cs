using Marten;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Privacy;

namespace PersonalTutoring.Allocation.Notifications;

/// <summary>
/// Blanks the e-mails about an erased student (docs/adr/0086). A notification is a delivery record, not history: its
/// recipient, subject, body, calendar and error text hold the student's name and address in the clear, so they are
/// overwritten, while the record that a message was sent (or not) stays. One not yet delivered becomes
/// <see cref="DeliveryStatus.Erased"/>, which the courier never sends. Registry messages carry ids only and are left.
/// </summary>
internal sealed class NotificationErasure(IDocumentStore store) : IStudentErasure
{
    private const string Erased = PersonalText.ErasedText;

    public async Task<int> ForgetAsync(string studentId, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var emails = await session.Query<Notification>().Where(n => n.StudentId == studentId && n.Channel == Channel.Email).ToListAsync(ct);
        var blanked = emails.Where(n => n.Body != Erased || n.Status is DeliveryStatus.Pending or DeliveryStatus.DeadLettered).Select(n => n with
        {
            Recipient = Erased,
            Subject = Erased,
            Body = Erased,
            Calendar = null,
            LastError = n.LastError is null ? null : Erased,
            Status = n.Status == DeliveryStatus.Delivered ? DeliveryStatus.Delivered : DeliveryStatus.Erased,
        }).ToList();
        if (blanked.Count == 0) return 0;
        session.Store(blanked.ToArray());
        await session.SaveChangesAsync(ct);
        return blanked.Count;
    }
}
