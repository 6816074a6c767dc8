using Marten;
using PersonalTutoring.Meetings.Contracts;
using PersonalTutoring.Meetings.ReadModels.Slots;

namespace PersonalTutoring.Meetings;

/// <summary>What other modules may ask of Meetings. A singleton, so it reads through a short query session of its own.</summary>
internal sealed class MeetingQueries(IDocumentStore store) : IMeetingQueries
{
    public async Task<IReadOnlyList<ClinicBooking>> BookingsOfAsync(string studentId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var slots = await session.Query<SlotView>()
            .Where(v => v.StartsAt >= from && v.StartsAt < to && v.Bookings.Any(b => b.StudentId == studentId))
            .OrderBy(v => v.StartsAt).ToListAsync(ct);
        return slots.SelectMany(v => v.Bookings.Where(b => b.StudentId == studentId)
            .Select(b => new ClinicBooking(studentId, v.TutorId, v.SlotId, b.BookingId, v.StartsAt, v.EndsAt, b.Status.ToString()))).ToList();
    }
}
