using PersonalTutoring.Meetings.Tests.Support;
using static PersonalTutoring.Meetings.Tests.Support.ArrangedWorld;
using static PersonalTutoring.TestKit.HandWorkedCalendar;

namespace PersonalTutoring.Meetings.Tests.Integration;

/// <summary>ME-1/CO-1: arranged meetings, invitations answered, attendance recorded, notes kept by Contact (not duplicated here).</summary>
public sealed class ArrangedMeetingTests(MeetingsApi api) : IClassFixture<MeetingsApi>
{
    private static readonly DateTimeOffset Now = London(2025, 10, 1, 9);
    private static readonly DateTimeOffset At = London(2025, 10, 6, 11);

    [Fact]
    public async Task A_tutor_invites_a_group_who_are_emailed_and_each_answers_for_themselves()
    {
        api.SetClock(Now);
        var (tutor, tutees) = api.NewTutor(3);
        var meeting = await api.ArrangeAsync(tutor, At, tutees[0], tutees[1]);

        (await api.WaitForEmailsTo($"{tutees[0]}@example.ac.uk")).Should().ContainSingle().Which.Should().Contain("Room 1.01").And.Contain("Monday 6 October 2025 at 11:00");
        await api.Student(tutees[0]).PostJson($"/api/meetings/{meeting}/answer", new { accept = true }).ShouldBe(HttpStatusCode.NoContent);
        await api.Student(tutees[1]).PostJson($"/api/meetings/{meeting}/answer", new { accept = false, comment = "Lab" }).ShouldBe(HttpStatusCode.NoContent);
        await api.Student(tutees[2]).PostJson($"/api/meetings/{meeting}/answer", new { accept = true }).ShouldBeProblem(HttpStatusCode.NotFound);

        var seen = await api.Student(tutees[1]).GetAsync($"/api/meetings/{meeting}").ShouldBe(HttpStatusCode.OK);
        seen.GetProperty("invitations").EnumerateArray().Should().ContainSingle().Which.GetProperty("answer").GetString().Should().Be("Declined");
        var full = await api.Tutor(tutor).GetAsync($"/api/meetings/{meeting}").ShouldBe(HttpStatusCode.OK);
        full.GetProperty("invitations").EnumerateArray().Select(i => i.GetProperty("answer").GetString()).Should().BeEquivalentTo(["Accepted", "Declined"]);
        var mine = await api.Student(tutees[0]).GetAsync($"/api/students/{tutees[0]}/meetings").ShouldBe(HttpStatusCode.OK);
        mine.EnumerateArray().Should().ContainSingle().Which.GetProperty("meetingId").GetGuid().Should().Be(meeting);
    }

    [Fact]
    public async Task Only_the_tutors_own_tutees_are_invited_and_only_in_person_or_by_video_CO1()
    {
        api.SetClock(Now);
        var (tutor, tutees) = api.NewTutor(1);
        var (_, strangers) = api.NewTutor(1);

        await api.Tutor(tutor).PostJson($"/api/tutors/{tutor}/meetings", MeetingBody(At, [tutees[0], strangers[0]])).ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.Tutor(tutor).PostJson($"/api/tutors/{tutor}/meetings", MeetingBody(At, [tutees[0]], format: "Phone")).ShouldBeProblem(HttpStatusCode.BadRequest);
        await api.Tutor(tutor).PostJson($"/api/tutors/{tutor}/meetings", new { startsAt = At, lengthMinutes = 20, format = "InPerson", purpose = "Welcome", inviteeIds = new[] { tutees[0] } })
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        await api.ClientFor(Roles.SeniorTutor, "st-med", "MED").PostJson($"/api/tutors/{tutor}/meetings", MeetingBody(At, [tutees[0]], format: "Video", purpose: "Welcome"))
            .ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Attendance_is_recorded_for_every_invitee_once_the_meeting_has_started_and_those_who_came_become_contacts_with_the_note()
    {
        api.SetClock(Now);
        var (tutor, tutees) = api.NewTutor(3);
        var meeting = await api.ArrangeAsync(tutor, At, tutees);
        var attendance = new object[]
        {
            new { studentId = tutees[0], attendance = "Attended", note = "Discussed the anatomy exam." },
            new { studentId = tutees[1], attendance = "AbsentWithReason", reason = "Unwell" },
            new { studentId = tutees[2], attendance = "NoShow" },
        };

        (await api.Tutor(tutor).PostJson($"/api/meetings/{meeting}/attendance", new { attendance }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity))
            .GetProperty("code").GetString().Should().Be("meeting-not-started");
        api.SetClock(At.AddMinutes(40));
        (await api.Tutor(tutor).PostJson($"/api/meetings/{meeting}/attendance", new { attendance = attendance.Take(2) }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity))
            .GetProperty("code").GetString().Should().Be("attendance-incomplete");
        await api.Tutor(tutor).PostJson($"/api/meetings/{meeting}/attendance", new { attendance = new[] { new { studentId = tutees[1], attendance = "AbsentWithReason" } } })
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        await api.Tutor(tutor).PostJson($"/api/meetings/{meeting}/attendance", new { attendance }).ShouldBe(HttpStatusCode.NoContent);

        var seen = await api.Tutor(tutor).GetAsync($"/api/meetings/{meeting}").ShouldBe(HttpStatusCode.OK);
        seen.GetProperty("invitations").EnumerateArray().Select(i => i.GetProperty("attendance").GetString()).Should().Equal("Attended", "AbsentWithReason", "NoShow");
        (await api.WaitForContactEvents(tutees[0], 2)).Should().Be(2, "the contact and its note, recorded by Contact");
        (await api.EventCount($"contact-{tutees[1]}")).Should().Be(0);
        (await api.MeetingsDocumentsMention("anatomy exam")).Should().BeFalse("the note is Contact's alone");
        await api.Tutor(tutor).PostJson($"/api/meetings/{meeting}/attendance", new { attendance }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
    }
}
