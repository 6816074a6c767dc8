using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Meetings.Shared;

/// <summary>
/// A school's clinic rules (ADR 0072): the slot lengths of ME-5 and how late a tutee may cancel or move a booking. Each
/// comes from the school's tutoring policy in force at the slot's date; a policy that does not state one leaves the
/// deployment's <see cref="MeetingsSettings"/> value (15–20 minutes one-to-one, 30–60 group, 12 hours).
/// </summary>
internal sealed record ClinicRules(int OneToOneMinMinutes, int OneToOneMaxMinutes, int GroupMinMinutes, int GroupMaxMinutes, int CancellationCutoffHours)
{
    public static ClinicRules Of(TutoringPolicy? policy, MeetingsSettings defaults) => new(
        policy?.OneToOneMinMinutes ?? defaults.OneToOneMinMinutes,
        policy?.OneToOneMaxMinutes ?? defaults.OneToOneMaxMinutes,
        policy?.GroupMinMinutes ?? defaults.GroupMinMinutes,
        policy?.GroupMaxMinutes ?? defaults.GroupMaxMinutes,
        policy?.BookingCancellationCutoffHours ?? defaults.CancellationCutoffHours);
}
