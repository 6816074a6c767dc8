using System.Text.Json.Serialization;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Governance.Appointments.Appointing;

namespace PersonalTutoring.Governance.Appointments.ReadModels;

internal enum AppointmentRole { SeniorTutor, Dean }

/// <summary>
/// One appointment as readers see it. <c>ShorterThanRecommended</c> flags a Senior Tutor appointed for less than
/// three years (GO-2) or a Dean's term shorter than four (GO-1); open-ended appointments are never flagged.
/// </summary>
internal sealed record AppointmentView(
    Guid AppointmentId,
    AppointmentRole Role,
    string? SchoolCode,
    string StaffId,
    string Name,
    string? Remit,
    DateOnly StartsOn,
    DateOnly? EndsOn,
    string? EndedEarlyReason,
    bool ShorterThanRecommended)
{
    public const int RecommendedSeniorTutorYears = 3;

    /// <summary>The Marten identity. Not part of the API's JSON, which has the appointment id itself.</summary>
    [JsonIgnore]
    public string Id => IdOf(AppointmentId);

    public static string IdOf(Guid appointmentId) => $"appointment-{appointmentId}";

    public static bool IsShort(AppointmentRole role, DateOnly startsOn, DateOnly? endsOn) => endsOn is { } end && role switch
    {
        AppointmentRole.Dean => end < AppointDean.FourYearTermEnd(startsOn),
        _ => end < startsOn.AddYears(RecommendedSeniorTutorYears).AddDays(-1),
    };
}

/// <summary>Inline: the appointing endpoints answer with the view they just created.</summary>
internal sealed class AppointmentViewProjection : FoldProjection<AppointmentView>
{
    public override ProjectionLifecycle Lifecycle => ProjectionLifecycle.Inline;

    public override string Name => "governance-appointments";

    public override IReadOnlyCollection<Type> EventTypes => [typeof(SeniorTutorAppointed), typeof(DeanAppointed), typeof(AppointmentEndedEarly)];

    protected override IEnumerable<string> Identities(IEvent e) => e.Data switch
    {
        SeniorTutorAppointed a => [AppointmentView.IdOf(a.AppointmentId)],
        DeanAppointed a => [AppointmentView.IdOf(a.AppointmentId)],
        AppointmentEndedEarly a => [AppointmentView.IdOf(a.AppointmentId)],
        _ => [],
    };

    protected override AppointmentView? Evolve(AppointmentView? current, string id, IEvent e) => e.Data switch
    {
        SeniorTutorAppointed a => new(a.AppointmentId, AppointmentRole.SeniorTutor, a.SchoolCode, a.StaffId, a.Name, a.Remit, a.StartsOn, a.EndsOn, null,
            AppointmentView.IsShort(AppointmentRole.SeniorTutor, a.StartsOn, a.EndsOn)),
        DeanAppointed a => new(a.AppointmentId, AppointmentRole.Dean, null, a.StaffId, a.Name, null, a.StartsOn, a.EndsOn, null,
            AppointmentView.IsShort(AppointmentRole.Dean, a.StartsOn, a.EndsOn)),
        AppointmentEndedEarly a when current is not null => current with
        {
            EndsOn = a.EndsOn,
            EndedEarlyReason = a.Reason,
            ShorterThanRecommended = AppointmentView.IsShort(current.Role, current.StartsOn, a.EndsOn),
        },
        _ => current,
    };

    /// <summary>One document per appointment, across the role streams; the school code is indexed.</summary>
    public static void Register(StoreOptions options)
    {
        options.Schema.For<AppointmentView>().DatabaseSchemaName(GovernanceModule.Schema).Identity(v => v.Id).Index(v => v.SchoolCode);
        options.AddFold(new AppointmentViewProjection());
    }
}
