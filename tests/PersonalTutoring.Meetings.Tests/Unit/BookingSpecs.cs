using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Meetings.Slots;
using PersonalTutoring.Meetings.Slots.Booking;
using PersonalTutoring.Meetings.Slots.Cancelling;
using static PersonalTutoring.TestKit.HandWorkedCalendar;

namespace PersonalTutoring.Meetings.Tests.Unit;

public sealed class BookingSpecs
{
    private static readonly DateTimeOffset Now = London(2025, 11, 3, 9);
    private static readonly DateTimeOffset Starts = London(2025, 11, 4, 10);
    private static readonly Guid Slot = Guid.NewGuid(), Other = Guid.NewGuid(), B1 = Guid.NewGuid(), B2 = Guid.NewGuid(), B3 = Guid.NewGuid();
    private static readonly MeetingsSettings Settings = new() { CancellationCutoffHours = 12 };

    private static SlotPublished Published(int capacity = 1, Guid? id = null, DateTimeOffset? at = null) =>
        new(id ?? Slot, "t-tom", "MED", at ?? Starts, (at ?? Starts).AddMinutes(20), capacity, "G01", null, Guid.Empty, false, "t-tom", Now.AddDays(-7));

    private static SlotBooked Booked(Guid booking, string student, Guid? slot = null) => new(slot ?? Slot, booking, student, "t-tom", null, null, student, Now.AddDays(-1));

    [Fact]
    public void A_tutee_books_a_free_slot_with_an_agenda() =>
        Spec<ClinicSlot>.Given(Published())
            .When(s => BookSlot.Decide(s, Slot, B1, "s1", "  Exam worries ", "s1", Now))
            .Then(new SlotBooked(Slot, B1, "s1", "t-tom", "Exam worries", null, "s1", Now));

    [Fact]
    public void A_booked_one_to_one_slot_is_a_conflict() =>
        Spec<ClinicSlot>.Given(Published(), Booked(B1, "s1"))
            .When(s => BookSlot.Decide(s, Slot, B2, "s2", null, "s2", Now))
            .ThenThrows<ConflictException>();

    [Fact]
    public void A_group_slot_takes_tutees_up_to_its_capacity()
    {
        Spec<ClinicSlot>.Given(Published(3), Booked(B1, "s1"))
            .When(s => BookSlot.Decide(s, Slot, B2, "s2", null, "s2", Now))
            .Then(new SlotBooked(Slot, B2, "s2", "t-tom", null, null, "s2", Now));
        Spec<ClinicSlot>.Given(Published(2), Booked(B1, "s1"), Booked(B2, "s2"))
            .When(s => BookSlot.Decide(s, Slot, B3, "s3", null, "s3", Now))
            .ThenThrows<ConflictException>();
    }

    [Fact]
    public void A_tutee_holds_one_place_on_a_slot() =>
        Spec<ClinicSlot>.Given(Published(3), Booked(B1, "s1"))
            .When(s => BookSlot.Decide(s, Slot, B2, "s1", null, "s1", Now))
            .ThenThrows<ConflictException>();

    [Fact]
    public void A_cancelled_slot_cannot_be_booked() =>
        Spec<ClinicSlot>.Given(Published(), new SlotCancelled(Slot, "t-tom", "Ill", [], "t-tom", Now))
            .When(s => BookSlot.Decide(s, Slot, B1, "s1", null, "s1", Now))
            .ThenRefused("slot-cancelled");

    [Fact]
    public void A_slot_that_has_started_cannot_be_booked() =>
        Spec<ClinicSlot>.Given(Published())
            .When(s => BookSlot.Decide(s, Slot, B1, "s1", null, "s1", Starts))
            .ThenRefused("slot-in-past");

    [Fact]
    public void A_retried_booking_books_nothing_more() =>
        Spec<ClinicSlot>.Given(Published(), Booked(B1, "s1"))
            .When(s => BookSlot.Decide(s, Slot, B1, "s1", null, "s1", Now))
            .ThenNothing();

    [Fact]
    public void A_freed_place_can_be_booked_again() =>
        Spec<ClinicSlot>.Given(Published(), Booked(B1, "s1"), new BookingCancelled(Slot, B1, "s1", null, null, "s1", Now))
            .When(s => BookSlot.Decide(s, Slot, B2, "s2", null, "s2", Now))
            .Then(new SlotBooked(Slot, B2, "s2", "t-tom", null, null, "s2", Now));

    [Fact]
    public void A_tutee_cancels_before_the_cutoff_but_not_after_it()
    {
        Spec<ClinicSlot>.Given(Published(), Booked(B1, "s1"))
            .When(s => CancelBooking.Decide(s, Slot, B1, byTutee: true, "Clash", Settings, "s1", Starts.AddHours(-12)))
            .Then(new BookingCancelled(Slot, B1, "s1", "Clash", null, "s1", Starts.AddHours(-12)));
        Spec<ClinicSlot>.Given(Published(), Booked(B1, "s1"))
            .When(s => CancelBooking.Decide(s, Slot, B1, byTutee: true, null, Settings, "s1", Starts.AddHours(-11)))
            .ThenRefused("past-cutoff");
    }

    [Fact]
    public void The_tutor_releases_a_place_after_the_cutoff() =>
        Spec<ClinicSlot>.Given(Published(), Booked(B1, "s1"))
            .When(s => CancelBooking.Decide(s, Slot, B1, byTutee: false, null, Settings, "t-tom", Starts.AddHours(-1)))
            .Then(new BookingCancelled(Slot, B1, "s1", null, null, "t-tom", Starts.AddHours(-1)));

    [Fact]
    public void A_cancelled_booking_is_not_cancelled_twice() =>
        Spec<ClinicSlot>.Given(Published(), Booked(B1, "s1"), new BookingCancelled(Slot, B1, "s1", null, null, "s1", Now))
            .When(s => CancelBooking.Decide(s, Slot, B1, byTutee: true, null, Settings, "s1", Now))
            .ThenRefused("booking-not-live");

    [Fact]
    public void Rescheduling_moves_the_place_and_its_agenda_to_the_other_slot()
    {
        var from = Spec<ClinicSlot>.Given(Published(), Booked(B1, "s1")).State;
        var to = Spec<ClinicSlot>.Given(Published(id: Other, at: Starts.AddDays(1))).State;

        var (cancelled, booked) = RescheduleBooking.Decide(from, to, Slot, Other, B1, B2, "Agenda", Settings, "s1", Now);

        cancelled.Should().BeEquivalentTo(new object[] { new BookingCancelled(Slot, B1, "s1", "Rescheduled", Other, "s1", Now) }, o => o.RespectingRuntimeTypes());
        booked.Should().BeEquivalentTo(new object[] { new SlotBooked(Other, B2, "s1", "t-tom", "Agenda", Slot, "s1", Now) }, o => o.RespectingRuntimeTypes());
    }

    [Fact]
    public void Rescheduling_to_a_full_slot_is_a_conflict_and_keeps_the_place()
    {
        var from = Spec<ClinicSlot>.Given(Published(), Booked(B1, "s1")).State;
        var to = Spec<ClinicSlot>.Given(Published(id: Other, at: Starts.AddDays(1)), Booked(B3, "s3", Other)).State;

        FluentActions.Invoking(() => RescheduleBooking.Decide(from, to, Slot, Other, B1, B2, null, Settings, "s1", Now)).Should().Throw<ConflictException>();
    }

    [Fact]
    public void Cancelling_a_slot_names_the_tutees_booked_on_it() =>
        Spec<ClinicSlot>.Given(Published(3), Booked(B1, "s2"), Booked(B2, "s1"), new BookingCancelled(Slot, B1, "s2", null, null, "s2", Now))
            .When(s => CancelSlot.Decide(s, Slot, " Ill ", "t-tom", Now))
            .Then(new SlotCancelled(Slot, "t-tom", "Ill", ["s1"], "t-tom", Now));

    [Fact]
    public void A_cancelled_slot_is_not_cancelled_twice() =>
        Spec<ClinicSlot>.Given(Published(), new SlotCancelled(Slot, "t-tom", "Ill", [], "t-tom", Now))
            .When(s => CancelSlot.Decide(s, Slot, "Again", "t-tom", Now))
            .ThenRefused("slot-cancelled");
}
