using PersonalTutoring.Meetings.Tests.Support;
using static PersonalTutoring.TestKit.HandWorkedCalendar;
using static PersonalTutoring.Meetings.Tests.Support.MeetingsWorld;

namespace PersonalTutoring.Meetings.Tests.Integration;

/// <summary>
/// ME-5 and the booking cut-off per school (ADR 0072): the school's tutoring policy in force states them; where it is
/// silent the Meetings settings apply (15–20 minutes one-to-one, 30–60 group, 12 hours).
/// </summary>
public sealed class ClinicPolicyTests(MeetingsApi api) : IClassFixture<MeetingsApi>
{
    private static readonly DateTimeOffset Now = London(2025, 10, 1, 9);
    private static readonly DateOnly Day = new(2025, 10, 20);

    [Fact]
    public async Task Slot_lengths_follow_the_schools_policy_and_the_settings_where_it_is_silent()
    {
        api.SetClock(Now);
        api.Governance.Policies["LNG"] = Policy("LNG") with { OneToOneMinMinutes = 25, OneToOneMaxMinutes = 45, GroupMaxMinutes = 90 };
        var (own, _) = api.NewTutor(1, school: "LNG");
        var (other, _) = api.NewTutor(1, school: "DFL");

        await api.Tutor(own).PostJson($"/api/tutors/{own}/slots", SlotsBody(Day, new TimeOnly(10, 0), length: 40)).ShouldBe(HttpStatusCode.Created);
        await api.Tutor(own).PostJson($"/api/tutors/{own}/slots", SlotsBody(Day, new TimeOnly(14, 0), length: 90, capacity: 5)).ShouldBe(HttpStatusCode.Created);
        (await api.Tutor(own).PostJson($"/api/tutors/{own}/slots", SlotsBody(Day, new TimeOnly(16, 0), length: 20)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity))
            .GetProperty("code").GetString().Should().Be("slot-length-outside-policy");
        (await api.Tutor(other).PostJson($"/api/tutors/{other}/slots", SlotsBody(Day, new TimeOnly(10, 0), length: 40)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity))
            .GetProperty("detail").GetString().Should().Contain("15 to 20 minutes", "a school whose policy is silent keeps the settings' lengths");
        await api.Tutor(other).PostJson($"/api/tutors/{other}/slots", SlotsBody(Day, new TimeOnly(10, 0), length: 20)).ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_cancellation_cut_off_is_the_schools()
    {
        api.SetClock(Now);
        api.Governance.Policies["CUT"] = Policy("CUT") with { BookingCancellationCutoffHours = 48 };
        var (strict, strictTutees) = api.NewTutor(1, school: "CUT");
        var (lenient, lenientTutees) = api.NewTutor(1, school: "DFT");
        var strictSlot = (await api.PublishAsync(strict, SlotsBody(Day, new TimeOnly(14, 0), count: 2)));
        var lenientSlot = (await api.PublishAsync(lenient, SlotsBody(Day, new TimeOnly(14, 0))))[0];
        var strictBooking = await api.BookAsync(strictTutees[0], strictSlot[0]);
        var lenientBooking = await api.BookAsync(lenientTutees[0], lenientSlot);
        api.SetClock(London(2025, 10, 19, 9)); // 29 hours before both slots

        (await api.Student(strictTutees[0]).PostJson($"/api/slots/{strictSlot[0]}/bookings/{strictBooking}/cancel", new { reason = "Lab" })
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity)).GetProperty("detail").GetString().Should().Contain("48 hours");
        (await api.Student(strictTutees[0]).PostJson($"/api/slots/{strictSlot[0]}/bookings/{strictBooking}/reschedule", new { toSlotId = strictSlot[1] })
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString().Should().Be("past-cutoff");
        await api.Student(lenientTutees[0]).PostJson($"/api/slots/{lenientSlot}/bookings/{lenientBooking}/cancel", new { reason = "Lab" }).ShouldBe(HttpStatusCode.NoContent);
    }
}
