using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PersonalTutoring.Meetings.Arranged.NoShows;
using PersonalTutoring.Meetings.Slots.Booking;
using PersonalTutoring.Meetings.Tests.Support;
using Wolverine;
using static PersonalTutoring.Meetings.Tests.Support.ArrangedWorld;
using static PersonalTutoring.TestKit.HandWorkedCalendar;
using static PersonalTutoring.Meetings.Tests.Support.MeetingsWorld;

namespace PersonalTutoring.Meetings.Tests.Integration;

/// <summary>
/// ME-7 / CO-5: a no-show is recorded, reminded at the policy interval by Wolverine scheduled messages, then escalated to
/// the Support Team with Contact's CO-5 flag. The due steps are handled here as Wolverine would when their time comes.
/// </summary>
public sealed class NoShowTests(MeetingsApi api) : IClassFixture<MeetingsApi>
{
    private static readonly DateTimeOffset Now = London(2025, 10, 1, 9);
    private static readonly DateTimeOffset At = London(2025, 10, 6, 11);

    private async Task<(string Tutor, string[] Tutees, Guid Meeting)> NoShowsAsync()
    {
        api.SetClock(Now);
        var (tutor, tutees) = api.NewTutor(2);
        var meeting = await api.ArrangeAsync(tutor, At, tutees);
        api.SetClock(At.AddHours(1));
        await api.Tutor(tutor).PostJson($"/api/meetings/{meeting}/attendance", new
        {
            attendance = tutees.Select(t => new { studentId = t, attendance = "NoShow" }),
        }).ShouldBe(HttpStatusCode.NoContent);
        return (tutor, tutees, meeting);
    }

    private async Task Due(object message)
    {
        using var scope = api.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(message);
    }

    [Fact]
    public async Task ME7_a_no_show_schedules_its_first_reminder_durably()
    {
        await NoShowsAsync();

        (await api.ScheduledCount("meetings.no_show_step_due")).Should().BeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task ME7_CO5_after_two_unanswered_reminders_the_tutee_is_told_to_get_in_touch_and_the_Support_Team_sees_the_CO5_flag()
    {
        var (_, tutees, meeting) = await NoShowsAsync();
        var tutee = tutees[0];

        await Due(new NoShowStepDue(meeting, tutee, 1, 2, 72));
        await Due(new NoShowStepDue(meeting, tutee, 1, 2, 72)); // delivered again: nothing twice
        await Due(new NoShowStepDue(meeting, tutee, 2, 2, 72));
        var reminded = await api.WaitForEmailsTo($"{tutee}@example.ac.uk", 3);
        reminded.Should().HaveCount(3, "the invitation and two reminders").And.NotContain(e => e.Contains("You must get in touch"));
        await Due(new NoShowStepDue(meeting, tutee, 3, 2, 72));

        var emails = await api.WaitForEmailsTo($"{tutee}@example.ac.uk", 4);
        emails.Should().HaveCount(4);
        emails.Should().ContainSingle(e => e.Contains("You must get in touch"));
        var worklist = await WaitForWorklist(tutee);
        worklist.Should().BeTrue("Contact's CO-5 flag puts the tutee on the Support Team's worklist");
        (await api.WaitForContactEvents(tutee, 1)).Should().Be(1, "one SupportFlagRaised, the same flag CO-5 raises");
        await Due(new NoShowStepDue(meeting, tutee, 3, 2, 72));
        (await api.EventCount($"contact-{tutee}")).Should().Be(1);
    }

    [Fact]
    public async Task ME7_a_resolved_no_show_gets_no_more_reminders_and_is_not_escalated()
    {
        var (tutor, tutees, meeting) = await NoShowsAsync();
        var tutee = tutees[1];

        await api.Tutor(tutor).PostJson($"/api/meetings/{meeting}/no-shows/{tutee}/resolve", new { note = "Emailed back, ill that day" }).ShouldBe(HttpStatusCode.NoContent);
        await Due(new NoShowStepDue(meeting, tutee, 1, 2, 72));
        await Due(new NoShowStepDue(meeting, tutee, 3, 2, 72));

        await Task.Delay(500);
        (await api.EmailsTo($"{tutee}@example.ac.uk")).Should().ContainSingle("only the invitation");
        (await api.EventCount($"contact-{tutee}")).Should().Be(0);
        await api.Tutor(tutor).PostJson($"/api/meetings/{meeting}/no-shows/{tutee}/resolve", new { note = "again" }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Both_sides_of_a_booking_are_reminded_before_it_unless_it_was_cancelled()
    {
        api.SetClock(Now);
        var (tutor, tutees) = api.NewTutor(2);
        var slots = await api.PublishAsync(tutor, SlotsBody(new DateOnly(2025, 10, 20), new TimeOnly(10, 0), count: 2));
        var kept = await api.BookAsync(tutees[0], slots[0], "Revision plan");
        var dropped = await api.BookAsync(tutees[1], slots[1]);
        await api.Student(tutees[1]).PostJson($"/api/slots/{slots[1]}/bookings/{dropped}/cancel", new { }).ShouldBe(HttpStatusCode.NoContent);
        (await api.ScheduledCount("meetings.booking_reminder_due")).Should().BeGreaterThanOrEqualTo(2);

        await Due(new BookingReminderDue(slots[0], kept));
        await Due(new BookingReminderDue(slots[1], dropped));

        var sent = await api.WaitForEmailsTo($"{tutees[0]}@example.ac.uk", 2);
        sent.Should().HaveCount(2, "the confirmation and the reminder");
        sent.Should().ContainSingle(e => e.Contains("Reminder")).Which.Should().Contain("Revision plan").And.Contain("Monday 20 October 2025 at 10:00");
        await Task.Delay(300);
        (await api.EmailsTo($"{tutees[1]}@example.ac.uk")).Should().HaveCount(2, "the confirmation and the cancellation, no reminder")
            .And.NotContain(e => e.Contains("Reminder"));
    }

    private async Task<bool> WaitForWorklist(string studentId)
    {
        var support = api.ClientFor(Roles.SupportTeam, "support-1");
        for (var i = 0; i < 50; i++)
        {
            var list = await support.GetAsync("/api/support-team/worklist").ShouldBe(HttpStatusCode.OK);
            if (list.EnumerateArray().Any(item => item.GetProperty("studentId").GetString() == studentId)) return true;
            await Task.Delay(100);
        }
        return false;
    }
}
