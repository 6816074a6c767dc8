using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Governance.Appointments;

/// <summary>GO-2: a Senior Tutor for a school, with a remit when the role is split; no end date means open-ended.</summary>
internal sealed record SeniorTutorAppointed(Guid AppointmentId, string SchoolCode, string StaffId, string Name, string? Remit,
    DateOnly StartsOn, DateOnly? EndsOn, string AppointedBy, DateTimeOffset AppointedAt);

/// <summary>GO-1: the Dean of Personal Tutoring, for a term that normally runs four years.</summary>
internal sealed record DeanAppointed(Guid AppointmentId, string StaffId, string Name, DateOnly StartsOn, DateOnly EndsOn,
    string AppointedBy, DateTimeOffset AppointedAt);

/// <summary>An appointment ends before it was due to (the holder left, stepped down, or a successor starts).</summary>
internal sealed record AppointmentEndedEarly(Guid AppointmentId, string? SchoolCode, DateOnly EndsOn, string Reason, string EndedBy, DateTimeOffset EndedAt);

internal static class AppointmentEvents
{
    public static void Register(StoreOptions options)
    {
        options.Events.MapEventType<SeniorTutorAppointed>("governance.senior_tutor_appointed");
        options.Events.MapEventType<DeanAppointed>("governance.dean_appointed");
        options.Events.MapEventType<AppointmentEndedEarly>("governance.appointment_ended_early");
        options.AddWriteModel<AppointmentRegister>();
    }
}
