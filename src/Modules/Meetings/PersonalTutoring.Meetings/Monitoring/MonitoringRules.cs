using PersonalTutoring.Meetings.Arranged;
using PersonalTutoring.Meetings.ReadModels.Meetings;
using PersonalTutoring.Meetings.ReadModels.Slots;

namespace PersonalTutoring.Meetings.Monitoring;

/// <summary>A tutee in scope of the meeting rules, their tutor in the term, or why they are excluded (AL-9 final year, AL-2 away).</summary>
internal sealed record MonitoredTutee(string StudentId, string? TutorId, string? Excluded);

/// <summary>The windows of one term and its academic year, as instants.</summary>
internal sealed record MonitoringWindow(DateTimeOffset YearFrom, DateTimeOffset YearUntil, DateTimeOffset TermFrom, DateTimeOffset TermUntil)
{
    public bool InYear(DateTimeOffset at) => at >= YearFrom && at < YearUntil;

    public bool InTerm(DateTimeOffset at) => at >= TermFrom && at < TermUntil;
}

internal sealed record TuteeMeetings(string StudentId, string? TutorId, string? Excluded, int InvitationsInYear, bool InvitedToWelcome, int InvitationsInTerm,
    int AttendedInTerm, int NoShowsInTerm, int ClinicBookingsInTerm)
{
    /// <summary>ME-3: met their tutor this term, at an arranged meeting or a booked clinic.</summary>
    public bool MetThisTerm => AttendedInTerm + ClinicBookingsInTerm > 0;
}

internal sealed record MonitoringFigures(
    int Tutees, int Excluded, int SlotsOffered, int SlotPlaces, int ClinicBookings, int MeetingsArranged, int Invitations, int WelcomeInvitations, int Attended,
    int NoShows, int MetThisTerm, decimal? PercentMetThisTerm, int BelowMinimumInvitations, IReadOnlyList<string>? StudentsBelowMinimumInvitations,
    int MetNoneThisTerm, IReadOnlyList<string>? StudentsMetNoneThisTerm);

/// <summary>
/// ME-1, ME-3, ME-4 monitoring, pure: invitations in the academic year against the policy minimum (Welcome-Week invitations
/// count), meetings attended and clinics booked in the term per tutee, slots offered and meetings arranged per tutor.
/// A clinic booking that was not cancelled counts as a meeting held (clinic attendance is not recorded).
/// </summary>
internal static class MonitoringRules
{
    public static IReadOnlyList<TuteeMeetings> PerTutee(IEnumerable<MonitoredTutee> tutees, IReadOnlyCollection<MeetingView> meetings, IReadOnlyCollection<SlotView> slots,
        MonitoringWindow window, DateTimeOffset now) =>
        [.. tutees.Select(t =>
        {
            var invited = meetings.Where(m => window.InYear(m.StartsAt))
                .SelectMany(m => m.Invitations.Where(i => i.StudentId == t.StudentId).Select(i => (Meeting: m, Invitation: i))).ToList();
            var inTerm = invited.Where(x => window.InTerm(x.Meeting.StartsAt)).ToList();
            var booked = slots.Where(s => window.InTerm(s.StartsAt) && s.StartsAt <= now && !s.Cancelled)
                .Count(s => s.Bookings.Any(b => b.StudentId == t.StudentId && b.Status == BookingStatus.Booked));
            return new TuteeMeetings(t.StudentId, t.TutorId, t.Excluded, invited.Count, invited.Any(x => x.Meeting.Purpose == MeetingPurpose.Welcome), inTerm.Count,
                inTerm.Count(x => x.Invitation.Attendance is Attendance.Attended or Attendance.Late),
                inTerm.Count(x => x.Invitation.Attendance is Attendance.NoShow), booked);
        })];

    public static MonitoringFigures Figures(IReadOnlyCollection<TuteeMeetings> rows, IReadOnlyCollection<MeetingView> meetings, IReadOnlyCollection<SlotView> slots,
        MonitoringWindow window, int minimumInvitations, bool withStudents)
    {
        var tutees = rows.Where(r => r.Excluded is null).ToList();
        var below = tutees.Where(t => t.InvitationsInYear < minimumInvitations).Select(t => t.StudentId).Order(StringComparer.Ordinal).ToList();
        var none = tutees.Where(t => !t.MetThisTerm).Select(t => t.StudentId).Order(StringComparer.Ordinal).ToList();
        var termSlots = slots.Where(s => window.InTerm(s.StartsAt) && !s.Cancelled).ToList();
        var termMeetings = meetings.Where(m => window.InTerm(m.StartsAt)).ToList();
        var met = tutees.Count(t => t.MetThisTerm);
        return new MonitoringFigures(tutees.Count, rows.Count - tutees.Count, termSlots.Count, termSlots.Sum(s => s.Capacity),
            termSlots.Sum(s => s.Booked()), termMeetings.Count, termMeetings.Sum(m => m.Invitations.Count),
            meetings.Where(m => window.InYear(m.StartsAt) && m.Purpose == MeetingPurpose.Welcome).Sum(m => m.Invitations.Count),
            tutees.Sum(t => t.AttendedInTerm), tutees.Sum(t => t.NoShowsInTerm), met, tutees.Count == 0 ? null : Math.Round(100m * met / tutees.Count, 1),
            below.Count, withStudents ? below : null, none.Count, withStudents ? none : null);
    }
}
