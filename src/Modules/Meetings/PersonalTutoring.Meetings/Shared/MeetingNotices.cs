using System.Globalization;
using Marten;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Meetings.Arranged;
using PersonalTutoring.Meetings.ReadModels.Slots;
using PersonalTutoring.Meetings.Slots;
using PersonalTutoring.Meetings.Slots.Booking;
using Wolverine;
using Wolverine.Marten;

namespace PersonalTutoring.Meetings.Shared;

/// <summary>
/// The emails Meetings sends, through Allocation's notification path (<see cref="EmailRequested"/>, stored and retried
/// there). Published through the Wolverine outbox enrolled in the command's session: sent if and only if it commits.
/// </summary>
internal sealed class MeetingNotices(IDocumentSession session, IMartenOutbox outbox, MeetingsContext context)
{
    /// <summary>How many of the tutor's next free slots a cancellation notice offers instead.</summary>
    public const int RebookingOffers = 3;

    public async Task SlotCancelledAsync(SlotView slot, SlotCancelled cancelled, CancellationToken ct)
    {
        if (cancelled.BookedStudentIds.Count == 0) return;
        var offers = await session.Query<SlotView>()
            .Where(v => v.TutorId == slot.TutorId && !v.Cancelled && v.StartsAt > cancelled.CancelledAt && v.SlotId != slot.SlotId)
            .OrderBy(v => v.StartsAt).Take(20).ToListAsync(ct);
        var free = offers.Where(v => v.Booked() < v.Capacity).Take(RebookingOffers).ToList();
        var rebook = free.Count == 0
            ? "Your tutor has no other free slots at the moment; reply to this email or contact them to arrange another time."
            : "You can book one of your tutor's next free slots instead:\n" + string.Join("\n", free.Select(v => $"  - {Local(v.StartsAt)} (slot {v.SlotId})"));
        foreach (var studentId in cancelled.BookedStudentIds)
        {
            var student = await context.Allocation.StudentAsync(studentId, ct);
            var name = student is null ? "student" : $"{student.GivenName} {student.FamilyName}";
            await PublishAsync(new EmailRequested(studentId, studentId, student?.Email, "Your personal tutor meeting is cancelled",
                $"Dear {name},\n\nYour meeting with your personal tutor on {Local(slot.StartsAt)} is cancelled.\n\nReason: {cancelled.Reason}\n\n{rebook}\n"));
        }
    }

    /// <summary>Each invitee is told the time, the format and where (CO-1: in person or by video).</summary>
    public async Task InvitedAsync(MeetingArranged arranged, CancellationToken ct)
    {
        var where = arranged.Format == MeetingFormat.InPerson ? $"in person, in {arranged.Room}" : $"by video: {arranged.OnlineLink}";
        foreach (var studentId in arranged.InviteeIds)
        {
            var student = await context.Allocation.StudentAsync(studentId, ct);
            var name = student is null ? "student" : $"{student.GivenName} {student.FamilyName}";
            await PublishAsync(new EmailRequested(studentId, studentId, student?.Email, "A meeting with your personal tutor",
                $"Dear {name},\n\nYour personal tutor invites you to a meeting on {Local(arranged.StartsAt)}, {where}.\n\n"
                + $"Please accept or decline the invitation (meeting {arranged.MeetingId}).\n"));
        }
    }

    /// <summary>A message due after <paramref name="delay"/>: Wolverine holds it durably (scheduled envelope) and delivers it then.</summary>
    public async Task ScheduleAsync(object message, TimeSpan delay)
    {
        if (!ReferenceEquals(outbox.Session, session)) outbox.Enroll(session);
        await outbox.ScheduleAsync(message, delay);
    }

    /// <summary>The reminder to both sides, <see cref="MeetingsSettings.BookingReminderHours"/> before the slot; none when that is already past.</summary>
    public async Task BookedAsync(Guid slotId, Guid bookingId, DateTimeOffset startsAt)
    {
        var due = startsAt.AddHours(-context.Settings.BookingReminderHours) - context.Clock.GetUtcNow();
        if (due > TimeSpan.Zero) await ScheduleAsync(new BookingReminderDue(slotId, bookingId), due);
    }

    public async Task PublishAsync(object message)
    {
        // The scoped outbox may already be enrolled in the scoped session; enrolling twice would send twice.
        if (!ReferenceEquals(outbox.Session, session)) outbox.Enroll(session);
        await outbox.PublishAsync(message);
    }

    /// <summary>An instant as the tutee reads it: London wall-clock time.</summary>
    public static string Local(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(MeetingsContext.DefaultTimeZoneId)).ToString("dddd d MMMM yyyy 'at' HH:mm", CultureInfo.InvariantCulture);
}
