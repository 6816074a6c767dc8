using PersonalTutoring.Meetings.Tests.Support;
using static PersonalTutoring.TestKit.HandWorkedCalendar;
using static PersonalTutoring.Meetings.Tests.Support.MeetingsWorld;

namespace PersonalTutoring.Meetings.Tests.Integration;

/// <summary>ME-6/ME-5: tutors publish clinic slots against the school's calendar in London time; tutees see their tutor's free ones.</summary>
public sealed class AvailabilityTests(MeetingsApi api) : IClassFixture<MeetingsApi>
{
    private static readonly DateTimeOffset Now = London(2025, 10, 1, 9);

    [Fact]
    public async Task A_weekly_clinic_is_published_at_the_same_London_time_across_the_clock_change()
    {
        api.SetClock(Now);
        var (tutor, tutees) = api.NewTutor();

        var published = await api.Tutor(tutor).PostJson($"/api/tutors/{tutor}/slots",
            SlotsBody(new DateOnly(2025, 10, 20), new TimeOnly(10, 0), weeklyUntil: new DateOnly(2025, 11, 3), link: "https://teams.example/meet/1"))
            .ShouldBe(HttpStatusCode.Created);

        published.GetProperty("slots").GetArrayLength().Should().Be(3);
        var seen = await api.Student(tutees[0]).SlotsOf(tutor);
        seen.Select(s => s.GetProperty("startsAt").GetDateTimeOffset().UtcDateTime.Hour).Should().Equal(9, 10, 10);
        seen.Should().OnlyContain(s => s.GetProperty("freePlaces").GetInt32() == 1 && s.GetProperty("room").GetString() == "G01"
            && s.GetProperty("onlineLink").GetString() == "https://teams.example/meet/1");
        seen.Should().OnlyContain(s => s.GetProperty("bookings").ValueKind == System.Text.Json.JsonValueKind.Null, "tutees never see who booked");
    }

    [Fact]
    public async Task Closure_days_are_skipped_in_a_series_and_refused_for_a_one_off_unless_marked()
    {
        api.SetClock(Now);
        var (tutor, _) = api.NewTutor();

        var series = await api.Tutor(tutor).PostJson($"/api/tutors/{tutor}/slots", SlotsBody(new DateOnly(2025, 10, 31), new TimeOnly(10, 0), weeklyUntil: new DateOnly(2025, 11, 14)))
            .ShouldBe(HttpStatusCode.Created);
        series.GetProperty("slots").GetArrayLength().Should().Be(2);
        series.GetProperty("skippedClosureDays")[0].GetString().Should().Be("2025-11-07");

        var refused = await api.Tutor(tutor).PostJson($"/api/tutors/{tutor}/slots", SlotsBody(new DateOnly(2025, 11, 7), new TimeOnly(12, 0)))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        refused.GetProperty("code").GetString().Should().Be("closure-day");
        await api.Tutor(tutor).PostJson($"/api/tutors/{tutor}/slots", SlotsBody(new DateOnly(2025, 11, 7), new TimeOnly(12, 0), onClosureDays: true))
            .ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Overlapping_and_out_of_policy_slots_are_refused()
    {
        api.SetClock(Now);
        var (tutor, _) = api.NewTutor();
        await api.PublishAsync(tutor, new DateOnly(2025, 10, 20), new TimeOnly(10, 0));

        (await api.Tutor(tutor).PostJson($"/api/tutors/{tutor}/slots", SlotsBody(new DateOnly(2025, 10, 20), new TimeOnly(10, 10)))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString().Should().Be("overlapping-slot");
        (await api.Tutor(tutor).PostJson($"/api/tutors/{tutor}/slots", SlotsBody(new DateOnly(2025, 10, 21), new TimeOnly(10, 0), length: 45))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString().Should().Be("slot-length-outside-policy");
    }

    [Fact]
    public async Task A_slot_is_in_a_room_online_or_both_and_bad_input_is_a_400()
    {
        api.SetClock(Now);
        var (tutor, _) = api.NewTutor();
        var before = await api.EventCount("meetings-slot-");

        var problem = await api.Tutor(tutor).PostJson($"/api/tutors/{tutor}/slots", SlotsBody(new DateOnly(2025, 10, 20), new TimeOnly(10, 0), room: null))
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Should().NotBeEmpty();
        await api.Tutor(tutor).PostJson($"/api/tutors/{tutor}/slots", SlotsBody(new DateOnly(2025, 10, 20), new TimeOnly(10, 0), link: "javascript:alert(1)"))
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        await api.Tutor(tutor).PostJson($"/api/tutors/{tutor}/slots", SlotsBody(new DateOnly(2025, 10, 20), new TimeOnly(10, 0), weeklyUntil: new DateOnly(2027, 1, 1)))
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        await api.Tutor(tutor).GetAsync($"/api/tutors/{tutor}/slots?from=2025-12-01&to=2025-11-01").ShouldBeProblem(HttpStatusCode.BadRequest);
        (await api.EventCount("meetings-slot-")).Should().Be(before, "nothing is published from a bad request");
    }

    [Fact]
    public async Task Only_the_tutor_and_the_Senior_Tutor_of_the_school_publish_and_only_the_tutors_tutees_see_the_slots()
    {
        api.SetClock(Now);
        var (tutor, tutees) = api.NewTutor();
        var (other, othersTutees) = api.NewTutor();
        var body = SlotsBody(new DateOnly(2025, 10, 22), new TimeOnly(11, 0));

        await api.Tutor(other).PostJson($"/api/tutors/{tutor}/slots", body).ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.ClientFor(Roles.SeniorTutor, "st-eng", "ENG").PostJson($"/api/tutors/{tutor}/slots", body).ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.ClientFor(Roles.SeniorTutor, "st-med", "MED").PostJson($"/api/tutors/{tutor}/slots", body).ShouldBe(HttpStatusCode.Created);
        await api.Tutor(tutor).PostJson($"/api/tutors/t-nobody/slots", body).ShouldBeProblem(HttpStatusCode.NotFound);

        (await api.Student(tutees[0]).SlotsOf(tutor)).Should().ContainSingle();
        await api.Student(othersTutees[0]).GetAsync($"/api/tutors/{tutor}/slots").ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.Tutor(other).GetAsync($"/api/tutors/{tutor}/slots").ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_cancelled_slot_tells_its_booked_tutee_by_email_and_offers_the_next_free_slots()
    {
        api.SetClock(Now);
        var (tutor, tutees) = api.NewTutor();
        var slots = await api.PublishAsync(tutor, SlotsBody(new DateOnly(2025, 10, 20), new TimeOnly(10, 0), weeklyUntil: new DateOnly(2025, 11, 3)));
        await api.BookAsync(tutees[0], slots[0]);

        var cancelled = await api.Tutor(tutor).PostJson($"/api/slots/{slots[0]}/cancel", new { reason = "Unwell" }).ShouldBe(HttpStatusCode.OK);

        cancelled.GetProperty("notifiedStudentIds").EnumerateArray().Select(e => e.GetString()).Should().Equal(tutees[0]);
        var emails = await api.WaitForEmailsTo($"{tutees[0]}@example.ac.uk", 2);
        emails.Should().HaveCount(2, "the booking's confirmation and the cancellation");
        emails.Should().ContainSingle(e => e.Contains("Unwell")).Which.Should().Contain(slots[1].ToString()).And.Contain("Monday 20 October 2025 at 10:00")
            .And.Contain("METHOD:CANCEL", "the cancellation withdraws the invitation the tutee was sent");
        var bookings = await api.Student(tutees[0]).GetAsync($"/api/students/{tutees[0]}/bookings").ShouldBe(HttpStatusCode.OK);
        bookings[0].GetProperty("status").GetString().Should().Be("SlotCancelled");
        (await api.Student(tutees[1]).SlotsOf(tutor)).Select(s => s.GetProperty("slotId").GetGuid()).Should().Equal(slots[1], slots[2]);
        await api.Tutor(tutor).PostJson($"/api/slots/{slots[0]}/cancel", new { reason = "Again" }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
    }
}
