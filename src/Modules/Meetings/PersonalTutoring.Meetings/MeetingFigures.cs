using Marten;
using PersonalTutoring.Meetings.Arranged;
using PersonalTutoring.Meetings.Contracts;
using PersonalTutoring.Meetings.ReadModels.Meetings;
using PersonalTutoring.Meetings.ReadModels.Slots;

namespace PersonalTutoring.Meetings;

/// <summary>
/// <see cref="IMeetingFigures"/> from the inline meeting and slot views: only meetings arranged, slots held and bookings
/// made by <c>heldBy</c> count, so a meeting arranged later does not change a term's figures already reported. Attended
/// counts "attended" and "late" (the tutee came).
/// </summary>
internal sealed class MeetingFigures(IDocumentStore store) : IMeetingFigures
{
    public async Task<MeetingWindowFigures> WindowFiguresAsync(string schoolCode, DateTimeOffset from, DateTimeOffset until, DateTimeOffset heldBy, CancellationToken ct)
    {
        var end = until < heldBy ? until : heldBy;
        await using var session = store.QuerySession();
        var meetings = await session.Query<MeetingView>()
            .Where(m => m.SchoolCode == schoolCode && m.StartsAt >= from && m.StartsAt < end && m.ArrangedAt <= heldBy).ToListAsync(ct);
        var slots = await session.Query<SlotView>()
            .Where(s => s.SchoolCode == schoolCode && s.StartsAt >= from && s.StartsAt < end && !s.Cancelled).ToListAsync(ct);
        return new MeetingWindowFigures(
            meetings.Count,
            meetings.Sum(m => m.Invitations.Count),
            meetings.Where(m => m.Held).Sum(m => m.Invitations.Count(i => i.Attendance is Attendance.Attended or Attendance.Late)),
            slots.Count,
            slots.Sum(s => s.Capacity),
            slots.Sum(s => s.Bookings.Count(b => b.BookedAt <= heldBy && (b.Status == BookingStatus.Booked || b.CancelledAt > heldBy))));
    }
}
