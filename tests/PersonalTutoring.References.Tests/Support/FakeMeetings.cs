using System.Collections.Concurrent;
using PersonalTutoring.Meetings.Contracts;

namespace PersonalTutoring.References.Tests.Support;

/// <summary>An in-memory Meetings contract: the attended meetings a test records, answered by tutee, tutor and period as Meetings does.</summary>
public sealed class FakeMeetings : IMeetingQueries
{
    private readonly ConcurrentBag<AttendedMeeting> attended = [];

    public void Attended(AttendedMeeting meeting) => attended.Add(meeting);

    public Task<IReadOnlyList<ClinicBooking>> BookingsOfAsync(string studentId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ClinicBooking>>([]);

    public Task<IReadOnlyList<AttendedMeeting>> AttendedMeetingsAsync(string studentId, string tutorId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<AttendedMeeting>>([.. attended.Where(a => a.StudentId == studentId && a.TutorId == tutorId && a.StartsAt >= from && a.StartsAt < to)
            .OrderBy(a => a.StartsAt)]);
}
