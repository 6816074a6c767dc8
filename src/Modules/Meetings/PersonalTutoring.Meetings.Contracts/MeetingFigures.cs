namespace PersonalTutoring.Meetings.Contracts;

/// <summary>
/// A school's meetings in a window (a term) as known at the end of a date (ME-1, ME-3; the Governance KPI report,
/// issue 14): arranged meetings and the tutee places offered in them and at clinics, and the places attended. Counts only.
/// </summary>
public sealed record MeetingWindowFigures(int MeetingsArranged, int Invitations, int InvitationsAttended, int ClinicSlots, int ClinicPlaces, int ClinicBookings);

/// <summary>What Meetings tells the Governance KPI report.</summary>
public interface IMeetingFigures
{
    /// <summary>Meetings and clinic slots of the school starting in [from, until) and by <paramref name="heldBy"/>, as known then.</summary>
    Task<MeetingWindowFigures> WindowFiguresAsync(string schoolCode, DateTimeOffset from, DateTimeOffset until, DateTimeOffset heldBy, CancellationToken ct);
}
