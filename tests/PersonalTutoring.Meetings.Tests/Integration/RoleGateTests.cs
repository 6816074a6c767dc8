using System.Net.Http.Json;
using PersonalTutoring.Meetings.Tests.Support;
using static PersonalTutoring.TestKit.HandWorkedCalendar;
using static PersonalTutoring.Meetings.Tests.Support.ArrangedWorld;
using static PersonalTutoring.Meetings.Tests.Support.MeetingsWorld;

namespace PersonalTutoring.Meetings.Tests.Integration;

/// <summary>Issue 12 item 9: every route refuses, with a 403 and no write, each role the issue does not name for it.</summary>
public sealed class RoleGateTests(MeetingsApi api) : IClassFixture<MeetingsApi>
{
    private static readonly DateTimeOffset Now = London(2025, 10, 1, 9);

    /// <summary>Each route with the roles that may use it; every other role is refused.</summary>
    private static readonly (string Method, string Route, string[] Allowed)[] Routes =
    [
        ("POST", "/api/tutors/{t}/slots", [Roles.Tutor, Roles.SeniorTutor]),
        ("GET", "/api/tutors/{t}/slots", [Roles.Student, Roles.Tutor, Roles.SeniorTutor]),
        ("POST", "/api/slots/{slot}/cancel", [Roles.Tutor, Roles.SeniorTutor]),
        ("POST", "/api/slots/{slot}/bookings", [Roles.Student]),
        ("POST", "/api/slots/{slot}/bookings/{booking}/cancel", [Roles.Student, Roles.Tutor, Roles.SeniorTutor]),
        ("POST", "/api/slots/{slot}/bookings/{booking}/reschedule", [Roles.Student]),
        ("GET", "/api/students/{s}/bookings", [Roles.Student, Roles.Tutor, Roles.SeniorTutor]),
        ("POST", "/api/tutors/{t}/meetings", [Roles.Tutor, Roles.SeniorTutor]),
        ("POST", "/api/meetings/{m}/answer", [Roles.Student]),
        ("POST", "/api/meetings/{m}/attendance", [Roles.Tutor, Roles.SeniorTutor]),
        ("GET", "/api/meetings/{m}", [Roles.Student, Roles.Tutor, Roles.SeniorTutor]),
        ("GET", "/api/students/{s}/meetings", [Roles.Student, Roles.Tutor, Roles.SeniorTutor]),
        ("GET", "/api/tutors/{t}/meetings", [Roles.Tutor, Roles.SeniorTutor, Roles.Admin]),
        ("POST", "/api/meetings/{m}/no-shows/{s}/resolve", [Roles.Tutor, Roles.SeniorTutor]),
        ("POST", "/api/slots/{slot}/attendance", [Roles.Tutor, Roles.SeniorTutor]),
        ("POST", "/api/slots/{slot}/no-shows/{s}/resolve", [Roles.Tutor, Roles.SeniorTutor]),
        ("POST", "/api/calendar-feed", [Roles.Student, Roles.Tutor, Roles.SeniorTutor]),
        ("DELETE", "/api/calendar-feed", [Roles.Student, Roles.Tutor, Roles.SeniorTutor]),
        ("GET", "/api/slots/{slot}/bookings/{booking}/invite", [Roles.Student, Roles.Tutor, Roles.SeniorTutor]),
        ("POST", "/api/meetings/{m}/room-request", [Roles.Tutor, Roles.SeniorTutor]),
        ("POST", "/api/meetings/{m}/room-request/grant", [Roles.SupportTeam]),
        ("POST", "/api/meetings/{m}/room-request/decline", [Roles.SupportTeam]),
        ("GET", "/api/support-team/room-requests", [Roles.SupportTeam]),
        ("PUT", "/api/tutors/{t}/office-hours", [Roles.Tutor, Roles.SeniorTutor]),
        ("GET", "/api/tutors/{t}/schedule", [Roles.Student, Roles.Tutor, Roles.SeniorTutor]),
        ("GET", "/api/schools/MED/meeting-monitoring", [Roles.SeniorTutor, Roles.Dean, Roles.Admin, Roles.Governance, Roles.Auditor]),
    ];

    public static TheoryData<string, string, string> Refusals()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (method, route, allowed) in Routes)
            foreach (var role in Roles.All.Except(allowed))
                data.Add(method, route, role);
        return data;
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Roles_the_issue_does_not_name_are_refused(string method, string route, string role)
    {
        api.SetClock(Now);
        var (tutor, tutees) = api.NewTutor(2);
        var slots = await api.PublishAsync(tutor, SlotsBody(new DateOnly(2025, 10, 20), new TimeOnly(10, 0), count: 2));
        var booking = await api.BookAsync(tutees[0], slots[0]);
        var meeting = await api.ArrangeAsync(tutor, London(2025, 10, 21, 10), tutees[0]);
        var url = route.Replace("{m}", meeting.ToString()).Replace("{t}", tutor).Replace("{slot}", slots[0].ToString()).Replace("{booking}", booking.ToString()).Replace("{s}", tutees[0]);
        var before = await api.EventCount("meetings-");
        // The caller is the very tutor, tutee or school the route names, so only the role can be what refuses them.
        var subject = role == Roles.Student ? tutees[0] : tutor;
        var client = api.ClientFor(role, subject, "MED");

        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT")
            request.Content = JsonContent.Create(new
            {
                on = "2025-10-27", startTime = "10:00", lengthMinutes = 20, capacity = 1, room = "G01", reason = "x", toSlotId = slots[1], agenda = "x",
                startsAt = "2025-10-28T10:00:00Z", format = "InPerson", purpose = "Regular", inviteeIds = new[] { tutees[0] }, accept = true,
                attendance = new[] { new { studentId = tutees[0], attendance = "Attended" } }, size = 4, hours = new[] { new { day = "Tuesday", from = "14:00", to = "15:00", where = "Room 2.14" } },
            });
        await (await client.SendAsync(request)).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.EventCount("meetings-")).Should().Be(before);
    }
}
