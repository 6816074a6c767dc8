using PersonalTutoring.Meetings.Tests.Support;
using static PersonalTutoring.Meetings.Tests.Support.ArrangedWorld;
using static PersonalTutoring.TestKit.HandWorkedCalendar;
using static PersonalTutoring.Meetings.Tests.Support.MeetingsWorld;

namespace PersonalTutoring.Meetings.Tests.Integration;

/// <summary>Issue 12 item 8: private, revocable iCalendar feeds per tutor and tutee, and a booking's invitation.</summary>
public sealed class CalendarFeedTests(MeetingsApi api) : IClassFixture<MeetingsApi>
{
    private static readonly DateTimeOffset Now = London(2025, 10, 1, 9);

    private static async Task<string> IssueAsync(HttpClient client) =>
        (await client.PostAsync("/api/calendar-feed", null).ShouldBe(HttpStatusCode.Created)).GetProperty("feedUrl").GetString()!;

    [Fact]
    public async Task A_tutor_and_a_tutee_subscribe_without_a_bearer_token_and_see_their_own_meetings()
    {
        api.SetClock(Now);
        var (tutor, tutees) = api.NewTutor(2);
        var slots = await api.PublishAsync(tutor, SlotsBody(new DateOnly(2025, 10, 20), new TimeOnly(10, 0), count: 2));
        var booking = await api.BookAsync(tutees[0], slots[0], "Exams");
        var meeting = await api.ArrangeAsync(tutor, London(2025, 10, 22, 14), tutees[1]);
        var anonymous = api.CreateClient();

        var tutorFeed = await anonymous.GetAsync(await IssueAsync(api.Tutor(tutor)));
        tutorFeed.StatusCode.Should().Be(HttpStatusCode.OK);
        tutorFeed.Content.Headers.ContentType!.MediaType.Should().Be("text/calendar");
        var tutorText = await tutorFeed.Content.ReadAsStringAsync();
        tutorText.Should().Contain($"UID:slot-{slots[0]}@personal-tutoring").And.Contain($"UID:slot-{slots[1]}@personal-tutoring")
            .And.Contain($"UID:meeting-{meeting}@personal-tutoring").And.Contain("DTSTART:20251020T090000Z");

        var tuteeText = await anonymous.GetStringAsync(await IssueAsync(api.Student(tutees[0])));
        tuteeText.Should().Contain($"UID:booking-{booking}@personal-tutoring").And.NotContain($"slot-{slots[1]}").And.NotContain(meeting.ToString());
    }

    [Fact]
    public async Task A_revoked_or_replaced_feed_url_stops_answering()
    {
        api.SetClock(Now);
        var (tutor, _) = api.NewTutor(1);
        var anonymous = api.CreateClient();
        var first = await IssueAsync(api.Tutor(tutor));
        var second = await IssueAsync(api.Tutor(tutor));

        await anonymous.GetAsync(first).ShouldBeProblem(HttpStatusCode.NotFound);
        (await anonymous.GetAsync(second)).StatusCode.Should().Be(HttpStatusCode.OK);
        await api.Tutor(tutor).DeleteAsync("/api/calendar-feed").ShouldBe(HttpStatusCode.NoContent);
        await anonymous.GetAsync(second).ShouldBeProblem(HttpStatusCode.NotFound);
        await api.Tutor(tutor).DeleteAsync("/api/calendar-feed").ShouldBeProblem(HttpStatusCode.NotFound);
        await anonymous.GetAsync("/api/calendar-feeds/not-a-token").ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_booking_is_an_invitation_emailed_on_booking_until_cancelled_then_a_cancellation()
    {
        api.SetClock(Now);
        var (tutor, tutees) = api.NewTutor(2);
        var slot = (await api.PublishAsync(tutor, new DateOnly(2025, 10, 20), new TimeOnly(11, 0)))[0];
        var booking = await api.BookAsync(tutees[0], slot);
        var url = $"/api/slots/{slot}/bookings/{booking}/invite";

        (await api.Student(tutees[0]).GetStringAsync(url)).Should().Contain("METHOD:REQUEST").And.Contain($"UID:booking-{booking}@personal-tutoring");
        await api.Student(tutees[1]).GetAsync(url).ShouldBeProblem(HttpStatusCode.NotFound);
        await api.Student(tutees[0]).PostJson($"/api/slots/{slot}/bookings/{booking}/cancel", new { }).ShouldBe(HttpStatusCode.NoContent);
        (await api.Tutor(tutor).GetStringAsync(url)).Should().Contain("METHOD:CANCEL").And.Contain($"UID:booking-{booking}@personal-tutoring");

        var emails = await api.WaitForEmailsTo($"{tutees[0]}@example.ac.uk", 2);
        emails.Should().ContainSingle(e => e.Contains("is booked")).Which.Should().Contain("METHOD:REQUEST").And.Contain($"UID:booking-{booking}@personal-tutoring");
        emails.Should().ContainSingle(e => e.Contains("METHOD:CANCEL")).Which.Should().Contain($"UID:booking-{booking}@personal-tutoring");
    }
}
