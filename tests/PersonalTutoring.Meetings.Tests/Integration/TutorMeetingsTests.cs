using System.Text.Json;
using PersonalTutoring.Meetings.Tests.Support;
using static PersonalTutoring.Meetings.Tests.Support.ArrangedWorld;
using static PersonalTutoring.TestKit.HandWorkedCalendar;

namespace PersonalTutoring.Meetings.Tests.Integration;

/// <summary>
/// ME-1/ME-3: the tutor's list of their arranged meetings, to pick one and record its attendance: filtered by dates and
/// status, paged, with each invitee's name, answer and attendance; for the tutor, their school's Senior Tutor and Admins.
/// </summary>
public sealed class TutorMeetingsTests(MeetingsApi api) : IClassFixture<MeetingsApi>
{
    private static readonly DateTimeOffset Now = London(2025, 10, 1, 9);

    private static async Task<JsonElement> ListAsync(HttpClient client, string tutor, string query = "") =>
        await client.GetAsync($"/api/tutors/{tutor}/meetings{query}").ShouldBe(HttpStatusCode.OK);

    private static Guid[] Ids(JsonElement page) => [.. page.GetProperty("meetings").EnumerateArray().Select(m => m.GetProperty("meetingId").GetGuid())];

    [Fact]
    public async Task The_tutor_sees_upcoming_meetings_those_awaiting_attendance_and_those_recorded_by_status_and_page()
    {
        api.SetClock(Now);
        var (tutor, tutees) = api.NewTutor(3);
        var (other, otherTutees) = api.NewTutor(1);
        var held = await api.ArrangeAsync(tutor, London(2025, 10, 2, 10), tutees[0], tutees[1]);
        var missed = await api.ArrangeAsync(tutor, London(2025, 10, 3, 10), tutees[2]);
        var later = await api.ArrangeAsync(tutor, London(2025, 10, 20, 14), tutees[0]);
        var farAway = await api.ArrangeAsync(tutor, London(2026, 3, 2, 10), tutees[1]);
        await api.ArrangeAsync(other, London(2025, 10, 2, 10), otherTutees[0]);
        await api.Student(tutees[0]).PostJson($"/api/meetings/{held}/answer", new { accept = true }).ShouldBe(HttpStatusCode.NoContent);
        api.SetClock(London(2025, 10, 6, 9));
        await api.Tutor(tutor).PostJson($"/api/meetings/{held}/attendance", new
        {
            attendance = new object[] { new { studentId = tutees[0], attendance = "Attended" }, new { studentId = tutees[1], attendance = "AbsentWithReason", reason = "Ill" } },
        }).ShouldBe(HttpStatusCode.NoContent);

        var all = await ListAsync(api.Tutor(tutor), tutor);
        Ids(all).Should().Equal([held, missed, later], "four weeks back to eight ahead by default, oldest first, the tutor's own only");
        all.GetProperty("from").GetString().Should().Be("2025-09-08");
        all.GetProperty("total").GetInt32().Should().Be(3);
        var first = all.GetProperty("meetings")[0];
        first.GetProperty("status").GetString().Should().Be("Recorded");
        first.GetProperty("attendanceRecorded").GetBoolean().Should().BeTrue();
        first.GetProperty("room").GetString().Should().Be("Room 1.01");
        first.GetProperty("format").GetString().Should().Be("InPerson");
        var invitees = first.GetProperty("invitees").EnumerateArray().ToList();
        invitees.Select(i => i.GetProperty("studentId").GetString()).Should().Equal(tutees[0], tutees[1]);
        invitees[0].GetProperty("name").GetString().Should().Be($"Given{tutees[0]} Family{tutees[0]}");
        invitees[0].GetProperty("answer").GetString().Should().Be("Accepted");
        invitees[0].GetProperty("attendance").GetString().Should().Be("Attended");
        invitees[1].GetProperty("absenceReason").GetString().Should().Be("Ill");
        all.GetProperty("meetings")[1].GetProperty("status").GetString().Should().Be("AwaitingAttendance");
        all.GetProperty("meetings")[1].GetProperty("attendanceRecorded").GetBoolean().Should().BeFalse();
        all.GetProperty("meetings")[2].GetProperty("status").GetString().Should().Be("Upcoming");

        Ids(await ListAsync(api.Tutor(tutor), tutor, "?status=AwaitingAttendance")).Should().Equal(missed);
        Ids(await ListAsync(api.Tutor(tutor), tutor, "?status=Recorded")).Should().Equal(held);
        Ids(await ListAsync(api.Tutor(tutor), tutor, "?status=Upcoming&to=2026-03-31")).Should().Equal(later, farAway);
        Ids(await ListAsync(api.Tutor(tutor), tutor, "?from=2025-10-03&to=2025-10-03")).Should().Equal(missed);

        var second = await ListAsync(api.Tutor(tutor), tutor, "?pageSize=2&page=2");
        Ids(second).Should().Equal(later);
        second.GetProperty("total").GetInt32().Should().Be(3);
        second.GetProperty("pageSize").GetInt32().Should().Be(2);
        Ids(await ListAsync(api.Tutor(tutor), tutor, "?pageSize=2&page=3")).Should().BeEmpty();
    }

    [Fact]
    public async Task The_schools_Senior_Tutor_and_an_Admin_see_the_list_other_staff_and_students_are_refused()
    {
        api.SetClock(Now);
        var (tutor, tutees) = api.NewTutor(1);
        var (other, _) = api.NewTutor(1);
        var meeting = await api.ArrangeAsync(tutor, London(2025, 10, 8, 10), tutees[0]);

        Ids(await ListAsync(api.ClientFor(Roles.SeniorTutor, "st-med", "MED"), tutor)).Should().Equal(meeting);
        Ids(await ListAsync(api.ClientFor(Roles.Admin, "admin-1"), tutor)).Should().Equal(meeting);
        await api.Tutor(other).GetAsync($"/api/tutors/{tutor}/meetings").ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.ClientFor(Roles.SeniorTutor, "st-eng", "ENG").GetAsync($"/api/tutors/{tutor}/meetings").ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.Student(tutees[0]).GetAsync($"/api/tutors/{tutor}/meetings").ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.ClientFor(Roles.Admin, "admin-1").GetAsync("/api/tutors/t-nobody/meetings").ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("?status=99", "status")]
    [InlineData("?status=Held", null)]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=201", "pageSize")]
    [InlineData("?page=0", "page")]
    [InlineData("?from=2025-10-10&to=2025-10-01", "to")]
    [InlineData("?from=2025-01-01&to=2026-06-01", "to")]
    [InlineData("?from=1999-12-31", "to")]
    public async Task Bad_filters_are_a_400(string query, string? field)
    {
        api.SetClock(Now);
        var (tutor, _) = api.NewTutor(1);

        var problem = await api.Tutor(tutor).GetAsync($"/api/tutors/{tutor}/meetings{query}").ShouldBeProblem(HttpStatusCode.BadRequest);

        if (field is not null) problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
    }
}
