using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Meetings.Tests.Support;
using static PersonalTutoring.TestKit.HandWorkedCalendar;

namespace PersonalTutoring.Meetings.Tests.Integration;

/// <summary>ME-2, ME-9: the tutor's office hours beside the school's published meeting schedule and policy (the guide's, read through Governance).</summary>
public sealed class ScheduleTests(MeetingsApi api) : IClassFixture<MeetingsApi>
{
    private static readonly DateTimeOffset Now = London(2025, 10, 1, 9);

    private static object Hours(params (string Day, string From, string To)[] hours) =>
        new { hours = hours.Select(h => new { day = h.Day, from = h.From, to = h.To, where = "Room 2.14" }) };

    [Fact]
    public async Task ME2_ME9_a_tutee_reads_their_tutors_office_hours_with_the_schools_published_schedule_and_policy()
    {
        api.SetClock(Now);
        var (tutor, tutees) = api.NewTutor(1, school: "SCH");
        var (_, strangers) = api.NewTutor(1, school: "SCH");
        api.Governance.Schedules["SCH"] = new SchoolMeetingSchedule("SCH", "2025-26", 2,
            [new ScheduledMeetingWindow("Welcome meeting", new DateOnly(2025, 9, 22), new DateOnly(2025, 10, 3), true)], "Open door on Tuesday afternoons.");

        await api.Tutor(tutor).PutJson($"/api/tutors/{tutor}/office-hours", Hours(("Tuesday", "14:00", "16:00"), ("Thursday", "10:00", "11:00")))
            .ShouldBe(HttpStatusCode.NoContent);

        var schedule = await api.Student(tutees[0]).GetAsync($"/api/tutors/{tutor}/schedule").ShouldBe(HttpStatusCode.OK);
        schedule.GetProperty("officeHours").EnumerateArray().Select(h => h.GetProperty("day").GetString()).Should().Equal("Tuesday", "Thursday");
        schedule.GetProperty("school").GetProperty("officeHoursPolicy").GetString().Should().Be("Open door on Tuesday afternoons.");
        schedule.GetProperty("school").GetProperty("windows")[0].GetProperty("group").GetBoolean().Should().BeTrue();
        await api.Student(strangers[0]).GetAsync($"/api/tutors/{tutor}/schedule").ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.Tutor(tutor).GetAsync($"/api/tutors/{tutor}/schedule?academicYear=2026-27").ShouldBe(HttpStatusCode.OK))
            .GetProperty("school").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null, "no guide is published for that year");
    }

    [Fact]
    public async Task Overlapping_or_inverted_office_hours_are_refused()
    {
        api.SetClock(Now);
        var (tutor, _) = api.NewTutor(1, school: "SCH");

        (await api.Tutor(tutor).PutJson($"/api/tutors/{tutor}/office-hours", Hours(("Monday", "10:00", "12:00"), ("Monday", "11:00", "13:00")))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString().Should().Be("overlapping-office-hours");
        await api.Tutor(tutor).PutJson($"/api/tutors/{tutor}/office-hours", Hours(("Monday", "12:00", "10:00"))).ShouldBeProblem(HttpStatusCode.BadRequest);
        await api.Tutor(tutor).GetAsync($"/api/tutors/{tutor}/schedule?academicYear=2025").ShouldBeProblem(HttpStatusCode.BadRequest);
    }
}
