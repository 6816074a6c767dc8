using PersonalTutoring.Meetings.Calendars;
using static PersonalTutoring.TestKit.HandWorkedCalendar;

namespace PersonalTutoring.Meetings.Tests.Unit;

public sealed class IcsSpecs
{
    private static readonly DateTimeOffset Now = London(2025, 10, 1, 9);
    private static readonly IcsItem Booked = new("booking-1@personal-tutoring", London(2025, 10, 27, 10), London(2025, 10, 27, 10, 20), "Personal tutor meeting", "G01", "Exams", false);

    [Fact]
    public void A_feed_publishes_its_meetings_in_UTC_and_marks_cancelled_ones()
    {
        var text = Ics.Feed("Personal tutoring", [Booked, Booked with { Uid = "booking-2@personal-tutoring", Cancelled = true }], Now);

        text.Should().Contain("METHOD:PUBLISH").And.Contain("BEGIN:VEVENT").And.Contain("UID:booking-1@personal-tutoring");
        text.Should().Contain("DTSTART:20251027T100000Z", "10:00 in London after the clocks went back is 10:00Z");
        text.Should().Contain("STATUS:CONFIRMED").And.Contain("STATUS:CANCELLED").And.Contain("LOCATION:G01");
    }

    [Fact]
    public void A_booking_is_an_invitation_and_its_cancellation_a_METHOD_CANCEL_of_the_same_UID()
    {
        Ics.Invitation(Booked with { StartsAt = London(2025, 10, 20, 10), EndsAt = London(2025, 10, 20, 10, 20) }, Now)
            .Should().Contain("METHOD:REQUEST").And.Contain("DTSTART:20251020T090000Z");
        Ics.Invitation(Booked with { Cancelled = true }, Now).Should().Contain("METHOD:CANCEL").And.Contain("UID:booking-1@personal-tutoring");
    }

    [Fact]
    public void A_feed_token_is_stored_only_as_its_hash_and_a_new_one_replaces_the_old()
    {
        var token = CalendarFeed.NewToken();
        var hash = CalendarFeed.Hash(token);
        hash.Should().NotContain(token).And.HaveLength(64);
        var issued = Spec<CalendarFeed>.Given(new CalendarFeedIssued("t1", FeedOwner.Tutor, "old", Now));
        issued.When(s => CalendarFeed.Issue(s, "t1", FeedOwner.Tutor, hash, Now))
            .Then(new CalendarFeedRevoked("t1", "old", Now), new CalendarFeedIssued("t1", FeedOwner.Tutor, hash, Now));
        Spec<CalendarFeed>.Given().When(s => CalendarFeed.Revoke(s, "t1", Now)).ThenNothing();
    }
}
