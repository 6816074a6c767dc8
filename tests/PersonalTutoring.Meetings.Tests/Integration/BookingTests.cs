using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Meetings.Contracts;
using PersonalTutoring.Meetings.Tests.Support;
using static PersonalTutoring.TestKit.HandWorkedCalendar;
using static PersonalTutoring.Meetings.Tests.Support.MeetingsWorld;

namespace PersonalTutoring.Meetings.Tests.Integration;

/// <summary>ME-6 self-booking: own tutor only (or the stand-in, AL-11), 409 on a taken place, 422 past or cancelled, cut-off for changes.</summary>
public sealed class BookingTests(MeetingsApi api) : IClassFixture<MeetingsApi>
{
    private static readonly DateTimeOffset Now = London(2025, 10, 1, 9);
    private static readonly DateOnly Day = new(2025, 10, 20);

    [Fact]
    public async Task A_tutee_books_their_tutors_free_slot_and_both_see_it()
    {
        api.SetClock(Now);
        var (tutor, tutees) = api.NewTutor(2);
        var slot = (await api.PublishAsync(tutor, Day, new TimeOnly(10, 0)))[0];

        var booked = await api.Book(tutees[0], slot, "Placement worries").ShouldBe(HttpStatusCode.Created);

        booked.GetProperty("agenda").GetString().Should().Be("Placement worries");
        var mine = await api.Student(tutees[0]).GetAsync($"/api/students/{tutees[0]}/bookings").ShouldBe(HttpStatusCode.OK);
        mine.EnumerateArray().Should().ContainSingle().Which.GetProperty("status").GetString().Should().Be("Booked");
        var tutorsView = await api.Tutor(tutor).SlotsOf(tutor);
        tutorsView.Single().GetProperty("bookings")[0].GetProperty("studentId").GetString().Should().Be(tutees[0]);
        (await api.Student(tutees[0]).SlotsOf(tutor)).Single().GetProperty("yourBookingId").GetGuid().Should().Be(booked.GetProperty("bookingId").GetGuid());
        (await api.Student(tutees[1]).SlotsOf(tutor)).Should().BeEmpty("a booked one-to-one slot is not free");
        await api.Student(tutees[1]).GetAsync($"/api/students/{tutees[0]}/bookings").ShouldBeProblem(HttpStatusCode.NotFound);
        await api.Tutor(tutor).GetAsync($"/api/students/{tutees[0]}/bookings").ShouldBe(HttpStatusCode.OK);

        var meetings = api.Services.GetRequiredService<IMeetingQueries>();
        (await meetings.BookingsOfAsync(tutees[0], Now, Now.AddDays(60), CancellationToken.None)).Should().ContainSingle().Which.SlotId.Should().Be(slot);
    }

    [Fact]
    public async Task Double_booking_a_one_to_one_slot_is_a_409()
    {
        api.SetClock(Now);
        var (tutor, tutees) = api.NewTutor(2);
        var slot = (await api.PublishAsync(tutor, Day, new TimeOnly(11, 0)))[0];
        await api.BookAsync(tutees[0], slot);

        await api.Book(tutees[1], slot).ShouldBeProblem(HttpStatusCode.Conflict);
        await api.Book(tutees[0], slot).ShouldBeProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Booking_someone_elses_tutor_is_a_403_and_writes_nothing()
    {
        api.SetClock(Now);
        var (tutor, _) = api.NewTutor(1);
        var (_, strangers) = api.NewTutor(1);
        var slot = (await api.PublishAsync(tutor, Day, new TimeOnly(12, 0)))[0];

        await api.Book(strangers[0], slot).ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.Book(strangers[0], Guid.NewGuid()).ShouldBeProblem(HttpStatusCode.NotFound);
        (await api.EventCount($"meetings-slot-{slot:N}")).Should().Be(1);
    }

    [Fact]
    public async Task A_past_or_cancelled_slot_is_a_422()
    {
        api.SetClock(Now);
        var (tutor, tutees) = api.NewTutor(1);
        var slots = await api.PublishAsync(tutor, SlotsBody(Day, new TimeOnly(13, 0), count: 2));
        await api.Tutor(tutor).PostJson($"/api/slots/{slots[1]}/cancel", new { reason = "Meeting clash" }).ShouldBe(HttpStatusCode.OK);

        (await api.Book(tutees[0], slots[1]).ShouldBeProblem(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString().Should().Be("slot-cancelled");
        api.SetClock(London(2025, 10, 20, 13, 5));
        (await api.Book(tutees[0], slots[0]).ShouldBeProblem(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString().Should().Be("slot-in-past");
    }

    [Fact]
    public async Task A_tutee_cancels_up_to_the_cutoff_and_the_tutor_after_it()
    {
        api.SetClock(Now);
        var (tutor, tutees) = api.NewTutor(1);
        var slots = await api.PublishAsync(tutor, SlotsBody(Day, new TimeOnly(14, 0), count: 2));
        var first = await api.BookAsync(tutees[0], slots[0]);

        await api.Student(tutees[0]).PostJson($"/api/slots/{slots[0]}/bookings/{first}/cancel", new { reason = "Lab moved" }).ShouldBe(HttpStatusCode.NoContent);
        var second = await api.BookAsync(tutees[0], slots[1]);
        api.SetClock(London(2025, 10, 20, 8));
        (await api.Student(tutees[0]).PostJson($"/api/slots/{slots[1]}/bookings/{second}/cancel", new { reason = "Late" })
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString().Should().Be("past-cutoff");
        await api.Tutor(tutor).PostJson($"/api/slots/{slots[1]}/bookings/{second}/cancel", new { reason = "Tutee asked by phone" }).ShouldBe(HttpStatusCode.NoContent);

        var statuses = await api.Student(tutees[0]).GetAsync($"/api/students/{tutees[0]}/bookings").ShouldBe(HttpStatusCode.OK);
        statuses.EnumerateArray().Select(b => b.GetProperty("status").GetString()).Should().Equal("Cancelled", "Cancelled");
    }

    [Fact]
    public async Task A_tutee_reschedules_to_another_free_slot_of_their_tutor_only()
    {
        api.SetClock(Now);
        var (tutor, tutees) = api.NewTutor(1);
        var (other, _) = api.NewTutor(1);
        var slots = await api.PublishAsync(tutor, SlotsBody(Day, new TimeOnly(15, 0), count: 2));
        var elsewhere = (await api.PublishAsync(other, Day, new TimeOnly(15, 0)))[0];
        var booking = await api.BookAsync(tutees[0], slots[0], "Careers");

        await api.Student(tutees[0]).PostJson($"/api/slots/{slots[0]}/bookings/{booking}/reschedule", new { toSlotId = elsewhere }).ShouldBeProblem(HttpStatusCode.Forbidden);
        var moved = await api.Student(tutees[0]).PostJson($"/api/slots/{slots[0]}/bookings/{booking}/reschedule", new { toSlotId = slots[1] }).ShouldBe(HttpStatusCode.OK);

        moved.GetProperty("slotId").GetGuid().Should().Be(slots[1]);
        var bookings = (await api.Student(tutees[0]).GetAsync($"/api/students/{tutees[0]}/bookings").ShouldBe(HttpStatusCode.OK)).EnumerateArray().ToList();
        bookings.Select(b => (b.GetProperty("slotId").GetGuid(), b.GetProperty("status").GetString())).Should().Equal((slots[0], "Cancelled"), (slots[1], "Booked"));
        bookings[1].GetProperty("agenda").GetString().Should().Be("Careers");
    }

    [Fact]
    public async Task While_the_tutor_is_away_the_tutee_books_the_stand_in_AL11()
    {
        api.SetClock(Now);
        var (tutor, tutees) = api.NewTutor(1);
        var (standIn, _) = api.NewTutor(1);
        api.Allocation.Unavailable(tutor, new DateOnly(2025, 10, 13), new DateOnly(2025, 10, 24), standIn);
        var during = (await api.PublishAsync(standIn, Day, new TimeOnly(16, 0)))[0];
        var after = (await api.PublishAsync(standIn, new DateOnly(2025, 10, 27), new TimeOnly(16, 0)))[0];

        await api.Book(tutees[0], during).ShouldBe(HttpStatusCode.Created);
        await api.Book(tutees[0], after).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Of_eight_tutees_booking_the_last_place_at_once_exactly_one_wins()
    {
        api.SetClock(Now);
        var (tutor, tutees) = api.NewTutor(10);
        var slot = (await api.PublishAsync(tutor, Day, new TimeOnly(12, 0), length: 45, capacity: 3))[0];
        await api.BookAsync(tutees[0], slot);
        await api.BookAsync(tutees[1], slot);
        var clients = tutees.Skip(2).Select(api.Student).ToList();

        using var start = new SemaphoreSlim(0);
        var racing = clients.Select(async c =>
        {
            await start.WaitAsync();
            using var response = await c.PostJson($"/api/slots/{slot}/bookings", new { agenda = (string?)null });
            return response.StatusCode;
        }).ToList();
        start.Release(clients.Count);
        var statuses = await Task.WhenAll(racing);

        statuses.Count(s => s == HttpStatusCode.Created).Should().Be(1);
        statuses.Count(s => s == HttpStatusCode.Conflict).Should().Be(7);
        var listed = await api.Tutor(tutor).SlotsOf(tutor);
        listed.Single().GetProperty("bookings").EnumerateArray().Count(b => b.GetProperty("status").GetString() == "Booked").Should().Be(3);
        (await api.EventCount($"meetings-slot-{slot:N}")).Should().Be(4);
    }
}
