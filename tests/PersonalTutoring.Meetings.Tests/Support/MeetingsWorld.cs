using System.Text.Json;

namespace PersonalTutoring.Meetings.Tests.Support;

/// <summary>Request bodies and the few steps most tests take: publish a tutor's slots, book one.</summary>
public static class MeetingsWorld
{
    public static object SlotsBody(DateOnly on, TimeOnly at, int length = 20, int capacity = 1, DateOnly? weeklyUntil = null, int count = 1,
        string? room = "G01", string? link = null, bool? onClosureDays = null) => new
        {
            on,
            repeatWeeklyUntil = weeklyUntil,
            startTime = at,
            lengthMinutes = length,
            count,
            capacity,
            room,
            onlineLink = link,
            onClosureDays,
        };

    /// <summary>Publishes as the tutor and returns the new slots' ids, in time order.</summary>
    public static async Task<Guid[]> PublishAsync(this MeetingsApi api, string tutor, object body)
    {
        var published = await api.Tutor(tutor).PostJson($"/api/tutors/{tutor}/slots", body).ShouldBe(HttpStatusCode.Created);
        return published.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("slotId").GetGuid()).ToArray();
    }

    public static Task<Guid[]> PublishAsync(this MeetingsApi api, string tutor, DateOnly on, TimeOnly at, int length = 20, int capacity = 1) =>
        api.PublishAsync(tutor, SlotsBody(on, at, length, capacity));

    public static Task<HttpResponseMessage> Book(this MeetingsApi api, string student, Guid slot, string? agenda = null) =>
        api.Student(student).PostJson($"/api/slots/{slot}/bookings", new { agenda });

    /// <summary>Books as the tutee and returns the booking id.</summary>
    public static async Task<Guid> BookAsync(this MeetingsApi api, string student, Guid slot, string? agenda = null) =>
        (await api.Book(student, slot, agenda).ShouldBe(HttpStatusCode.Created)).GetProperty("bookingId").GetGuid();

    public static async Task<JsonElement[]> SlotsOf(this HttpClient client, string tutor, string from = "2025-10-01", string to = "2025-12-31") =>
        (await client.GetAsync($"/api/tutors/{tutor}/slots?from={from}&to={to}").ShouldBe(HttpStatusCode.OK)).EnumerateArray().ToArray();
}

public static class ArrangedWorld
{
    public static object MeetingBody(DateTimeOffset at, string[] invitees, string format = "InPerson", string purpose = "Regular", int length = 30) => new
    {
        startsAt = at,
        lengthMinutes = length,
        format,
        purpose,
        room = format == "InPerson" ? "Room 1.01" : null,
        onlineLink = format == "Video" ? "https://teams.example/meet/2" : null,
        inviteeIds = invitees,
    };

    public static async Task<Guid> ArrangeAsync(this MeetingsApi api, string tutor, DateTimeOffset at, params string[] invitees) =>
        (await api.Tutor(tutor).PostJson($"/api/tutors/{tutor}/meetings", MeetingBody(at, invitees)).ShouldBe(HttpStatusCode.Created)).GetProperty("meetingId").GetGuid();
}
