using JasperFx.Events;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Governance.Appointments;

/// <summary>One appointment's dates: what overlap and ending decisions need. Both ends are included.</summary>
internal sealed record Appointment(Guid Id, string StaffId, string? Remit, DateOnly StartsOn, DateOnly? EndsOn)
{
    public bool Overlaps(DateOnly startsOn, DateOnly? endsOn) =>
        (EndsOn is null || startsOn <= EndsOn) && (endsOn is null || StartsOn <= endsOn);

    public bool HoldsOn(DateOnly date) => StartsOn <= date && (EndsOn is null || date <= EndsOn);
}

/// <summary>
/// The write model of a role's appointments: one stream per school for its Senior Tutors
/// (<c>senior-tutors-{school}</c>) and one university-wide stream for the Dean (<c>dean-appointments</c>).
/// </summary>
/// <remarks>
/// State is init-only properties, not a one-parameter positional record: JasperFx reads a public constructor with
/// one argument as a conventional "create from this event" and refuses the write model's Evolve beside it.
/// </remarks>
internal sealed record AppointmentRegister : IWriteModel<AppointmentRegister>
{
    public const string DeanStreamId = "dean-appointments";

    public string Id { get; init; } = "";

    public IReadOnlyList<Appointment> All { get; init; } = [];

    public static AppointmentRegister Initial => new();

    public static string SeniorTutorStreamId(string schoolCode) => $"senior-tutors-{schoolCode}";

    public Appointment? Find(Guid id) => All.FirstOrDefault(a => a.Id == id);

    public AppointmentRegister Evolve(IEvent @event) => @event.Data switch
    {
        SeniorTutorAppointed e => this with { All = [.. All, new Appointment(e.AppointmentId, e.StaffId, e.Remit, e.StartsOn, e.EndsOn)] },
        DeanAppointed e => this with { All = [.. All, new Appointment(e.AppointmentId, e.StaffId, null, e.StartsOn, e.EndsOn)] },
        AppointmentEndedEarly e => this with { All = All.Select(a => a.Id == e.AppointmentId ? a with { EndsOn = e.EndsOn } : a).ToList() },
        _ => this,
    };
}
