using Marten;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Meetings.ReadModels.Slots;
using PersonalTutoring.Meetings.Shared;
using Wolverine;
using Wolverine.Attributes;

namespace PersonalTutoring.Meetings.Slots.Booking;

/// <summary>A booking's reminder is due (scheduled when it was made). Public: Wolverine's generated code names it; the identity is stable.</summary>
[MessageIdentity("meetings.booking_reminder_due")]
public sealed record BookingReminderDue(Guid SlotId, Guid BookingId);

/// <summary>
/// Reminds both sides of a booking before the slot (issue 12 item 4): the tutee and the tutor, through Allocation's
/// notification path. A booking cancelled or moved since, or a cancelled slot, is reminded of nothing.
/// </summary>
public static class BookingReminderHandler
{
    public static async Task<OutgoingMessages> Handle(BookingReminderDue due, IDocumentSession session, IAllocationQueries allocation, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var slot = await session.LoadAsync<SlotView>(SlotView.IdOf(due.SlotId), ct);
        var booking = slot?.Bookings.FirstOrDefault(b => b.BookingId == due.BookingId);
        if (slot is null || slot.Cancelled || booking is not { Status: BookingStatus.Booked }) return messages;

        var student = await allocation.StudentAsync(booking.StudentId, ct);
        var name = student is null ? booking.StudentId : $"{student.GivenName} {student.FamilyName}";
        var when = MeetingNotices.Local(slot.StartsAt);
        var where = string.Join(" or ", new[] { slot.Room is null ? null : $"in {slot.Room}", slot.OnlineLink is null ? null : $"online: {slot.OnlineLink}" }.OfType<string>());
        var agenda = booking.Agenda is null ? "" : $"\n\nAgenda: {booking.Agenda}";
        messages.Add(new EmailRequested(booking.StudentId, booking.StudentId, student?.Email, "Reminder: your meeting with your personal tutor",
            $"Dear {name},\n\nA reminder of your meeting with your personal tutor on {when}, {where}.{agenda}\n"));
        messages.Add(new EmailRequested(booking.StudentId, slot.TutorId, null, $"Reminder: clinic meeting with {name}",
            $"A reminder that {name} ({booking.StudentId}) booked your clinic slot on {when}, {where}.{agenda}\n"));
        return messages;
    }
}
