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

    /// <summary>
    /// The figures of <see cref="WindowFiguresAsync"/> for each of <paramref name="windows"/> of one school, in the order
    /// given: what the KPI keeper's walks need for every day of a year (a window per term started, each day), from one read
    /// of the school's meetings and slots across the windows (docs/adr/0101). The default asks window by window.
    /// </summary>
    async Task<IReadOnlyList<MeetingWindowFigures>> WindowsFiguresAsync(string schoolCode,
        IReadOnlyList<(DateTimeOffset From, DateTimeOffset Until, DateTimeOffset HeldBy)> windows, CancellationToken ct)
    {
        var figures = new List<MeetingWindowFigures>(windows.Count);
        foreach (var (from, until, heldBy) in windows) figures.Add(await WindowFiguresAsync(schoolCode, from, until, heldBy, ct));
        return figures;
    }

    /// <summary>
    /// For each school's windows from one instant to each of several, a text that is the same while none of the school's
    /// meetings and clinic slots starting in [from, until) has changed (docs/adr/0098): what <see cref="WindowFiguresAsync"/>
    /// reads for any window inside it. A window's text is the same whichever other windows are asked alongside (a day's
    /// question and the keeper's walk over many days agree, docs/adr/0102). Null when the implementation cannot tell, as
    /// the default. Indexed by school, then until.
    /// </summary>
    Task<IReadOnlyList<IReadOnlyList<string?>>> WindowChangesAsync(IReadOnlyList<(string SchoolCode, DateTimeOffset From, IReadOnlyList<DateTimeOffset> Untils)> windows,
        CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<IReadOnlyList<string?>>>([.. windows.Select(w => (IReadOnlyList<string?>)[.. w.Untils.Select(_ => (string?)null)])]);
}
