using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Meetings.Contracts;
using PersonalTutoring.Meetings.Tests.Support;
using static PersonalTutoring.Meetings.Tests.Support.ArrangedWorld;
using static PersonalTutoring.TestKit.HandWorkedCalendar;
using static PersonalTutoring.Meetings.Tests.Support.MeetingsWorld;

namespace PersonalTutoring.Meetings.Tests.Integration;

/// <summary>The contract References reads for a referee's evidence (RE-1): a tutee's recorded attendance with one tutor in a period.</summary>
public sealed class AttendedMeetingsQueryTests(MeetingsApi api) : IClassFixture<MeetingsApi>
{
    [Fact]
    public async Task Only_meetings_and_clinics_recorded_as_attended_with_that_tutor_in_the_period_are_answered()
    {
        api.SetClock(London(2025, 10, 1, 9));
        var (tutor, tutees) = api.NewTutor(2);
        var (tutee, other) = (tutees[0], tutees[1]);
        var group = await api.ArrangeAsync(tutor, London(2025, 10, 6, 11), tutee, other);
        var missed = await api.ArrangeAsync(tutor, London(2025, 10, 7, 11), tutee);
        var slots = await api.PublishAsync(tutor, SlotsBody(new DateOnly(2025, 10, 20), new TimeOnly(10, 0), count: 2));
        await api.BookAsync(tutee, slots[0]);
        await api.BookAsync(other, slots[1]);
        var unrecorded = (await api.PublishAsync(tutor, SlotsBody(new DateOnly(2025, 10, 21), new TimeOnly(10, 0))))[0];
        await api.BookAsync(tutee, unrecorded);
        api.SetClock(London(2025, 10, 22, 9));
        await api.Tutor(tutor).PostJson($"/api/meetings/{group}/attendance", new
        {
            attendance = new object[] { new { studentId = tutee, attendance = "Late" }, new { studentId = other, attendance = "Attended" } },
        }).ShouldBe(HttpStatusCode.NoContent);
        await api.Tutor(tutor).PostJson($"/api/meetings/{missed}/attendance", new { attendance = new[] { new { studentId = tutee, attendance = "NoShow" } } })
            .ShouldBe(HttpStatusCode.NoContent);
        await api.Tutor(tutor).PostJson($"/api/slots/{slots[0]}/attendance", new { attendance = new[] { new { studentId = tutee, attendance = "Attended" } } })
            .ShouldBe(HttpStatusCode.NoContent);
        var queries = api.Services.GetRequiredService<IMeetingQueries>();

        var attended = await queries.AttendedMeetingsAsync(tutee, tutor, London(2025, 9, 1), London(2025, 11, 1), CancellationToken.None);

        attended.Should().Equal(
            new AttendedMeeting(tutee, tutor, London(2025, 10, 6, 11), London(2025, 10, 6, 11, 30), AtClinic: false, Group: true, Late: true),
            new AttendedMeeting(tutee, tutor, London(2025, 10, 20, 10), London(2025, 10, 20, 10, 20), AtClinic: true, Group: false, Late: false));
        (await queries.AttendedMeetingsAsync(tutee, tutor, London(2025, 10, 10), London(2025, 11, 1), CancellationToken.None)).Should().ContainSingle(a => a.AtClinic);
        (await queries.AttendedMeetingsAsync(tutee, "someone-else", London(2025, 9, 1), London(2025, 11, 1), CancellationToken.None)).Should().BeEmpty();
    }
}
