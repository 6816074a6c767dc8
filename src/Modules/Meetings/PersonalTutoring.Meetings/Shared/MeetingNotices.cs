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
            var booking = slot.LiveBookingOf(studentId);
            var ics = booking is null ? null
                : Calendars.Ics.Invitation(Calendars.Ics.ForBooking(slot, booking.BookingId, booking.Agenda, cancelled: true), cancelled.CancelledAt);
            await PublishAsync(new EmailRequested(studentId, studentId, student?.Email, "Your personal tutor meeting is cancelled",
                $"Dear {NameOf(student)},\n\nYour meeting with your personal tutor on {Local(slot.StartsAt)} is cancelled.\n\nReason: {cancelled.Reason}\n\n{rebook}\n", ics));
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

    /// <summary>
    /// A new booking: the tutee's confirmation carries the invitation (<c>invite.ics</c>, METHOD:REQUEST), and the reminder
    /// to both sides is scheduled <see cref="MeetingsSettings.BookingReminderHours"/> before the slot (none when that is past).
    /// </summary>
    public async Task BookedAsync(SlotView slot, Guid bookingId, string studentId, string? agenda, CancellationToken ct)
    {
        var student = await context.Allocation.StudentAsync(studentId, ct);
        await PublishAsync(new EmailRequested(studentId, studentId, student?.Email, "Your meeting with your personal tutor is booked",
            $"Dear {NameOf(student)},\n\nYour meeting with your personal tutor on {Local(slot.StartsAt)} is booked ({Where(slot)}). The invitation is attached.\n",
            Calendars.Ics.Invitation(Calendars.Ics.ForBooking(slot, bookingId, agenda, cancelled: false), context.Clock.GetUtcNow())));
        var due = slot.StartsAt.AddHours(-context.Settings.BookingReminderHours) - context.Clock.GetUtcNow();
        if (due > TimeSpan.Zero) await ScheduleAsync(new BookingReminderDue(slot.SlotId, bookingId), due);
    }

    /// <summary>A booking given up: the tutee is told, with METHOD:CANCEL for the invitation they were sent.</summary>
    public async Task BookingCancelledAsync(SlotView slot, Guid bookingId, string studentId, string? agenda, CancellationToken ct)
    {
        var student = await context.Allocation.StudentAsync(studentId, ct);
        await PublishAsync(new EmailRequested(studentId, studentId, student?.Email, "Your meeting with your personal tutor is cancelled",
            $"Dear {NameOf(student)},\n\nYour booking for {Local(slot.StartsAt)} is cancelled.\n",
            Calendars.Ics.Invitation(Calendars.Ics.ForBooking(slot, bookingId, agenda, cancelled: true), context.Clock.GetUtcNow())));
    }

    private static string NameOf(StudentProfile? student) => student is null ? "student" : $"{student.GivenName} {student.FamilyName}";

    private static string Where(SlotView slot) =>
        string.Join(" or ", new[] { slot.Room is null ? null : $"in {slot.Room}", slot.OnlineLink is null ? null : $"online: {slot.OnlineLink}" }.OfType<string>());

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
