using PersonalTutoring.Governance.Appointments;
using PersonalTutoring.Governance.Appointments.Appointing;
using PersonalTutoring.Governance.Appointments.Ending;
using PersonalTutoring.Governance.Appointments.ReadModels;

namespace PersonalTutoring.Governance.Tests.Unit;

/// <summary>GO-1 (Dean, four-year term) and GO-2 (Senior Tutors, possibly split, three years recommended).</summary>
public sealed class AppointmentSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id1 = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid Id2 = Guid.Parse("00000000-0000-0000-0000-000000000002");

    private static DeanAppointed Dean(Guid id, DateOnly start) => new(id, "dean-1", "Prof Carter", start, AppointDean.FourYearTermEnd(start), "admin", Now);

    [Fact]
    public void A_dean_term_defaults_to_four_years() =>
        Spec<AppointmentRegister>.Given()
            .When(s => AppointDean.Decide(s, Id1, new("dean-1", "Prof Carter", new(2024, 8, 1), null), "admin", Now))
            .Then(new DeanAppointed(Id1, "dean-1", "Prof Carter", new(2024, 8, 1), new(2028, 7, 31), "admin", Now));

    [Fact]
    public void Overlapping_dean_appointments_are_refused() =>
        Spec<AppointmentRegister>.Given(Dean(Id1, new(2024, 8, 1)))
            .When(s => AppointDean.Decide(s, Id2, new("dean-2", "Prof Shah", new(2028, 7, 31), null), "admin", Now))
            .ThenRefused("dean-appointments-overlap");

    [Fact]
    public void A_successor_may_start_on_the_fourth_anniversary() =>
        Spec<AppointmentRegister>.Given(Dean(Id1, new(2024, 8, 1)))
            .When(s => AppointDean.Decide(s, Id2, new("dean-2", "Prof Shah", new(2028, 8, 1), null), "admin", Now))
            .Then(new DeanAppointed(Id2, "dean-2", "Prof Shah", new(2028, 8, 1), new(2032, 7, 31), "admin", Now));

    [Fact]
    public void A_school_may_have_several_senior_tutors_with_split_remits() =>
        Spec<AppointmentRegister>.Given(new SeniorTutorAppointed(Id1, "MED", "st-1", "Dr Okafor", "Years 1-3", new(2025, 9, 1), null, "admin", Now))
            .When(s => AppointSeniorTutor.Decide(s, Id2, "MED", new("st-2", "Dr Whitfield", "Years 4-6", new(2025, 9, 1), null), "admin", Now))
            .Then(new SeniorTutorAppointed(Id2, "MED", "st-2", "Dr Whitfield", "Years 4-6", new(2025, 9, 1), null, "admin", Now));

    [Fact]
    public void The_same_person_cannot_hold_two_overlapping_appointments_in_one_school() =>
        Spec<AppointmentRegister>.Given(new SeniorTutorAppointed(Id1, "MED", "st-1", "Dr Okafor", "Years 1-3", new(2025, 9, 1), null, "admin", Now))
            .When(s => AppointSeniorTutor.Decide(s, Id2, "MED", new("st-1", "Dr Okafor", "Years 4-6", new(2026, 9, 1), null), "admin", Now))
            .ThenRefused("senior-tutor-already-appointed");

    [Fact]
    public void The_same_appointment_again_decides_nothing() =>
        Spec<AppointmentRegister>.Given(new SeniorTutorAppointed(Id1, "MED", "st-1", "Dr Okafor", "Years 1-3", new(2025, 9, 1), null, "admin", Now))
            .When(s => AppointSeniorTutor.Decide(s, Id2, "MED", new("st-1", "Dr Okafor", "Years 1-3", new(2025, 9, 1), null), "admin", Now))
            .ThenNothing();

    [Fact]
    public void An_appointment_ends_early_with_a_reason() =>
        Spec<AppointmentRegister>.Given(Dean(Id1, new(2024, 8, 1)))
            .When(s => EndAppointment.Decide(s, Id1, null, new(2026, 12, 31), "Retired", "admin", Now))
            .Then(new AppointmentEndedEarly(Id1, null, new(2026, 12, 31), "Retired", "admin", Now));

    [Fact]
    public void Ending_cannot_extend_an_appointment() =>
        Spec<AppointmentRegister>.Given(Dean(Id1, new(2024, 8, 1)))
            .When(s => EndAppointment.Decide(s, Id1, null, new(2029, 1, 1), "Extended", "admin", Now))
            .ThenRefused("appointment-end-not-earlier");

    [Theory]
    [InlineData("SeniorTutor", "2025-09-01", "2027-08-31", true)]
    [InlineData("SeniorTutor", "2025-09-01", "2028-08-31", false)]
    [InlineData("SeniorTutor", "2025-09-01", null, false)]
    [InlineData("Dean", "2024-08-01", "2028-07-31", false)]
    [InlineData("Dean", "2024-08-01", "2027-07-31", true)]
    public void Terms_shorter_than_recommended_are_flagged(string role, string start, string? end, bool flagged) =>
        AppointmentView.IsShort(Enum.Parse<AppointmentRole>(role), DateOnly.Parse(start), end is null ? null : DateOnly.Parse(end)).Should().Be(flagged);
}
