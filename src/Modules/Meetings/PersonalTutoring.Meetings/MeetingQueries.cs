using Marten;
using PersonalTutoring.Meetings.Arranged;
using PersonalTutoring.Meetings.Contracts;
using PersonalTutoring.Meetings.ReadModels.Meetings;
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

    public async Task<IReadOnlyList<AttendedMeeting>> AttendedMeetingsAsync(string studentId, string tutorId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var meetings = await session.Query<MeetingView>()
            .Where(m => m.TutorId == tutorId && m.StartsAt >= from && m.StartsAt < to && m.Invitations.Any(i => i.StudentId == studentId))
            .ToListAsync(ct);
        var slots = await session.Query<SlotView>()
            .Where(v => v.TutorId == tutorId && v.StartsAt >= from && v.StartsAt < to && v.Bookings.Any(b => b.StudentId == studentId))
            .ToListAsync(ct);
        static bool Came(Attendance? a) => a is Attendance.Attended or Attendance.Late;
        var arranged = meetings.SelectMany(m => m.Invitations.Where(i => i.StudentId == studentId && Came(i.Attendance))
            .Select(i => new AttendedMeeting(studentId, tutorId, m.StartsAt, m.EndsAt, false, m.Invitations.Count > 1, i.Attendance == Attendance.Late)));
        var clinics = slots.SelectMany(v => v.Bookings.Where(b => b.StudentId == studentId && b.Status == BookingStatus.Booked && Came(b.Attendance))
            .Select(b => new AttendedMeeting(studentId, tutorId, v.StartsAt, v.EndsAt, true, v.Capacity > 1, b.Attendance == Attendance.Late)));
        return [.. arranged.Concat(clinics).OrderBy(a => a.StartsAt)];
    }
}
