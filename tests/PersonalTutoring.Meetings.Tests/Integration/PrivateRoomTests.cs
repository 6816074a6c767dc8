using PersonalTutoring.Meetings.Tests.Support;
using static PersonalTutoring.Meetings.Tests.Support.ArrangedWorld;
using static PersonalTutoring.TestKit.HandWorkedCalendar;

namespace PersonalTutoring.Meetings.Tests.Integration;

/// <summary>ME-8: a tutor requests a private room; the Support Team grants one (the meeting shows it) or declines.</summary>
public sealed class PrivateRoomTests(MeetingsApi api) : IClassFixture<MeetingsApi>
{
    private static readonly DateTimeOffset Now = London(2025, 10, 1, 9);

    [Fact]
    public async Task ME8_the_Support_Team_sees_a_tutors_room_request_and_grants_a_room_the_meeting_then_shows()
    {
        api.SetClock(Now);
        var (tutor, tutees) = api.NewTutor(1);
        var meeting = await api.ArrangeAsync(tutor, London(2025, 10, 8, 15), tutees);
        var support = api.ClientFor(Roles.SupportTeam, "support-1");

        await api.Tutor(tutor).PostJson($"/api/meetings/{meeting}/room-request", new { size = 2, accessibilityNeeds = "Step-free access" }).ShouldBe(HttpStatusCode.NoContent);
        (await api.Tutor(tutor).PostJson($"/api/meetings/{meeting}/room-request", new { size = 2 }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity))
            .GetProperty("code").GetString().Should().Be("room-already-requested");
        var pending = (await support.GetAsync("/api/support-team/room-requests").ShouldBe(HttpStatusCode.OK)).EnumerateArray()
            .Single(r => r.GetProperty("meetingId").GetGuid() == meeting);
        pending.GetProperty("accessibilityNeeds").GetString().Should().Be("Step-free access");
        pending.TryGetProperty("invitations", out _).Should().BeFalse("the Support Team needs no tutee names to find a room");

        await support.PostJson($"/api/meetings/{meeting}/room-request/grant", new { room = "Quiet Room 3.02" }).ShouldBe(HttpStatusCode.NoContent);

        var seen = await api.Student(tutees[0]).GetAsync($"/api/meetings/{meeting}").ShouldBe(HttpStatusCode.OK);
        seen.GetProperty("room").GetString().Should().Be("Quiet Room 3.02");
        seen.GetProperty("roomRequest").GetProperty("status").GetString().Should().Be("Granted");
        (await support.GetAsync("/api/support-team/room-requests").ShouldBe(HttpStatusCode.OK)).EnumerateArray()
            .Should().NotContain(r => r.GetProperty("meetingId").GetGuid() == meeting);
        await support.PostJson($"/api/meetings/{meeting}/room-request/decline", new { reason = "late" }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task ME8_a_declined_request_keeps_the_meetings_room_and_can_be_asked_again()
    {
        api.SetClock(Now);
        var (tutor, tutees) = api.NewTutor(1);
        var meeting = await api.ArrangeAsync(tutor, London(2025, 10, 9, 15), tutees);
        var support = api.ClientFor(Roles.SupportTeam, "support-1");
        await api.Tutor(tutor).PostJson($"/api/meetings/{meeting}/room-request", new { size = 8 }).ShouldBe(HttpStatusCode.NoContent);

        await support.PostJson($"/api/meetings/{meeting}/room-request/decline", new { reason = "No room free at that time" }).ShouldBe(HttpStatusCode.NoContent);

        var seen = await api.Tutor(tutor).GetAsync($"/api/meetings/{meeting}").ShouldBe(HttpStatusCode.OK);
        seen.GetProperty("room").GetString().Should().Be("Room 1.01");
        seen.GetProperty("roomRequest").GetProperty("declineReason").GetString().Should().Be("No room free at that time");
        await api.Tutor(tutor).PostJson($"/api/meetings/{meeting}/room-request", new { size = 6 }).ShouldBe(HttpStatusCode.NoContent);
        await api.Tutor(tutor).PostJson($"/api/meetings/{meeting}/room-request", new { size = 0 }).ShouldBeProblem(HttpStatusCode.BadRequest);
    }
}
