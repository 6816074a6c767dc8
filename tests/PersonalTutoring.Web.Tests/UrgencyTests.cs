using PersonalTutoring.Web.Api;

namespace PersonalTutoring.Web.Tests;

public sealed class UrgencyTests
{
    private static TuteeDue Tutee(string id, bool month = false, bool checkIn = false, int flags = 0, params AwaitedReply[] replies) =>
        new(id, "A", id, "T1", month, checkIn, false, false, replies, flags, [], []);

    private static readonly DateTimeOffset Noon = new(2025, 10, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_overdue_reply_comes_before_a_flag_a_reply_awaited_and_a_monthly_contact()
    {
        var sorted = Urgency.Sort([
            Tutee("nothing"), Tutee("month", month: true), Tutee("awaited", replies: new AwaitedReply(Guid.NewGuid(), Noon, Noon.AddDays(2), false)),
            Tutee("flag", flags: 1), Tutee("overdue", replies: new AwaitedReply(Guid.NewGuid(), Noon, Noon.AddDays(-1), true)), Tutee("checkin", checkIn: true),
        ]);

        sorted.Select(t => t.StudentId).Should().Equal("overdue", "flag", "awaited", "month", "checkin", "nothing");
    }

    [Fact]
    public void Replies_awaited_are_ordered_by_the_nearest_deadline()
    {
        var sorted = Urgency.Sort([
            Tutee("later", replies: new AwaitedReply(Guid.NewGuid(), Noon, Noon.AddDays(3), false)),
            Tutee("sooner", replies: new AwaitedReply(Guid.NewGuid(), Noon, Noon.AddDays(1), false)),
        ]);

        sorted.Select(t => t.StudentId).Should().Equal("sooner", "later");
    }

    [Fact]
    public void What_is_due_is_said_in_words()
    {
        Urgency.Items(Tutee("x", month: true, flags: 2)).Should().Equal("2 open support flags", "Contact this month");
    }
}
