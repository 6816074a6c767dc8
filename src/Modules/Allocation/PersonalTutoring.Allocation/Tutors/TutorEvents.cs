using System.Text.Json.Serialization;
using Marten;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Allocation.Tutors;

/// <summary>
/// A tutor as the staff record sends it. <see cref="CaseloadTarget"/> is what auto-allocation fills toward (null: the
/// policy's target); <see cref="CaseloadMaximum"/> is a personal cap, e.g. for a part-time tutor, that no allocation
/// passes without a Senior Tutor's justified override (null: only the school's maximum). The target was first stored
/// as <c>capacity</c> and still is: stored events keep their shape; the maximum is a field added later, null in
/// older events (docs/adr/0042).
/// </summary>
internal sealed record TutorDetails(string GivenName, string FamilyName, string Email, string SchoolCode, bool PermanentAcademicStaff,
    [property: JsonPropertyName("capacity")] int? CaseloadTarget, int? CaseloadMaximum = null)
{
    /// <summary>The cap that applies: the personal maximum when lower than the school's.</summary>
    public int MaximumUnder(TutoringPolicy policy) => Math.Min(CaseloadMaximum ?? int.MaxValue, policy.CaseloadMaximum);

    /// <summary>The target that applies, never above the cap.</summary>
    public int TargetUnder(TutoringPolicy policy) => Math.Min(CaseloadTarget ?? policy.CaseloadTarget, MaximumUnder(policy));
}

internal sealed record TutorRegistered(string StaffId, TutorDetails Details, DateTimeOffset RecordedAt);

internal sealed record TutorDetailsChanged(string StaffId, TutorDetails Details, DateTimeOffset RecordedAt);

/// <summary>The Dean agreed that a non-permanent member of staff may tutor (AL-10), with the justification.</summary>
internal sealed record DeanExceptionRecorded(string StaffId, string Justification, string ApprovedBy, DateTimeOffset RecordedAt);

/// <summary>A tutee joining or leaving a caseload, from <see cref="EffectiveOn"/>.</summary>
internal sealed record CaseloadEntry(string StudentId, DateOnly EffectiveOn);

/// <summary>
/// The caseload side of one command's allocations: one event per tutor however many tutees (auto-allocation of a
/// school, a handover), appended at the tutor stream's expected version so the hard maximum holds under races
/// (docs/adr/0020).
/// </summary>
internal sealed record TuteesAssigned(string StaffId, IReadOnlyList<CaseloadEntry> Tutees, DateTimeOffset At);

internal sealed record TuteesReleased(string StaffId, IReadOnlyList<CaseloadEntry> Tutees, DateTimeOffset At);

/// <summary>Retired shape (one event per tutee), still read from older streams as <see cref="TuteesAssigned"/>.</summary>
internal sealed record TuteeAssigned(string StaffId, string StudentId, DateOnly EffectiveOn, DateTimeOffset At);

/// <summary>Retired shape, read as <see cref="TuteesReleased"/>.</summary>
internal sealed record TuteeReleased(string StaffId, string StudentId, DateOnly EffectiveOn, DateTimeOffset At);

/// <summary>The tutor is away from <see cref="From"/> to <see cref="To"/> inclusive; tutees contact the alternative (AL-11).</summary>
internal sealed record TutorUnavailabilityRecorded(string StaffId, DateOnly From, DateOnly To, string Reason, string AlternativeStaffId, DateTimeOffset RecordedAt);

/// <summary>The tutor handed every current tutee over and left tutoring (AL-8); the notes are for the receiving tutors.</summary>
internal sealed record TutorHandedOver(
    string StaffId,
    string HandoverId,
    string SchoolCode,
    IReadOnlyList<string> ToTutorIds,
    bool Distributed,
    int TuteeCount,
    string? Notes,
    DateOnly EffectiveOn,
    DateTimeOffset RecordedAt);

internal static class TutorEvents
{
    public static void Register(StoreOptions options)
    {
        var events = options.Events;
        events.MapEventType<TutorRegistered>("allocation.tutor_registered");
        events.MapEventType<TutorDetailsChanged>("allocation.tutor_details_changed");
        events.MapEventType<DeanExceptionRecorded>("allocation.dean_exception_recorded");
        events.MapEventType<TuteesAssigned>("allocation.tutees_assigned");
        events.MapEventType<TuteesReleased>("allocation.tutees_released");
        // The retired one-per-tutee shapes are read as one-entry lists, so older streams fold and rebuild unchanged.
        events.Upcast<TuteeAssigned, TuteesAssigned>(RetiredAssigned, e => new(e.StaffId, [new(e.StudentId, e.EffectiveOn)], e.At));
        events.Upcast<TuteeReleased, TuteesReleased>(RetiredReleased, e => new(e.StaffId, [new(e.StudentId, e.EffectiveOn)], e.At));
        events.MapEventType<TutorUnavailabilityRecorded>("allocation.tutor_unavailability_recorded");
        events.MapEventType<TutorHandedOver>("allocation.tutor_handed_over");
        options.AddWriteModel<Tutor>();
    }

    public const string RetiredAssigned = "allocation.tutee_assigned";

    public const string RetiredReleased = "allocation.tutee_released";
}
