using Marten;
using PersonalTutoring.DataProtection.Contracts;
using PersonalTutoring.Meetings.ReadModels.Meetings;
using PersonalTutoring.Meetings.ReadModels.Slots;

namespace PersonalTutoring.Meetings;

/// <summary>
/// What Meetings holds about a student (issue 16 item 3): the arranged meetings they were invited to with their answer
/// and attendance, and their clinic bookings with agenda and attendance. Other invitees and bookers are left out: their
/// data is not the subject's.
/// </summary>
internal sealed class MeetingSubjectData(IDocumentStore store) : ISubjectDataSource
{
    public string Module => "Meetings";

    public async Task<IReadOnlyList<SubjectRecord>> RecordsOfAsync(string studentId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var meetings = await session.Query<MeetingView>().Where(m => m.Invitations.Any(i => i.StudentId == studentId)).ToListAsync(ct);
        var slots = await session.Query<SlotView>().Where(v => v.Bookings.Any(b => b.StudentId == studentId)).ToListAsync(ct);
        return
        [
            .. meetings.OrderBy(m => m.StartsAt).Select(m => new SubjectRecord(SubjectRecordKinds.Meeting, m.MeetingId.ToString(), m.StartsAt,
                m with { Invitations = [.. m.Invitations.Where(i => i.StudentId == studentId)], RoomRequest = null })),
            .. slots.OrderBy(v => v.StartsAt).SelectMany(v => v.Bookings.Where(b => b.StudentId == studentId).Select(b => new SubjectRecord(
                SubjectRecordKinds.ClinicBooking, b.BookingId.ToString(), v.StartsAt,
                new { v.SlotId, v.TutorId, v.StartsAt, v.EndsAt, v.Room, v.OnlineLink, Booking = b }))),
        ];
    }
}
