using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Meetings.Arranged;
using PersonalTutoring.Meetings.ReadModels.Meetings;
using PersonalTutoring.Meetings.ReadModels.Slots;

namespace PersonalTutoring.Meetings.Monitoring;

/// <summary>
/// A tutee in scope of the meeting rules: their tutor in the term, their cohort and its policy minimum of invitations,
/// or why they are excluded (AL-9 final year, AL-2 away).
/// </summary>
internal sealed record MonitoredTutee(string StudentId, string TutorId, CohortLevel Level, int MinimumInvitations, string? Excluded);

/// <summary>The windows of one term and its academic year, as instants.</summary>
internal sealed record MonitoringWindow(DateTimeOffset YearFrom, DateTimeOffset YearUntil, DateTimeOffset TermFrom, DateTimeOffset TermUntil)
{
    public bool InYear(DateTimeOffset at) => at >= YearFrom && at < YearUntil;

    public bool InTerm(DateTimeOffset at) => at >= TermFrom && at < TermUntil;
}

internal sealed record TuteeMeetings(MonitoredTutee Tutee, int InvitationsInYear, bool InvitedToWelcome, int InvitationsInTerm, int AttendedInTerm, int NoShowsInTerm,
    int ClinicBookingsInTerm, int ClinicsAttendedInTerm, int ClinicNoShowsInTerm)
{
    public string StudentId => Tutee.StudentId;

    /// <summary>
    /// ME-3: met their tutor this term, at an arranged meeting or a clinic. A past clinic booking counts unless the tutor
    /// recorded the tutee absent or a no-show there (ADR 0071); <see cref="ClinicBookingsInTerm"/> holds only those.
    /// </summary>
    public bool MetThisTerm => AttendedInTerm + ClinicBookingsInTerm > 0;
}

internal sealed record MonitoringFigures(
    int Tutees, int Excluded, int SlotsOffered, int SlotPlaces, int ClinicBookings, int ClinicsAttended, int ClinicNoShows, int MeetingsArranged, int Invitations,
    int WelcomeInvitations, int Attended, int NoShows, int MetThisTerm, decimal? PercentMetThisTerm, int BelowMinimumInvitations,
    IReadOnlyList<string>? StudentsBelowMinimumInvitations, int MetNoneThisTerm, IReadOnlyList<string>? StudentsMetNoneThisTerm);

/// <summary>
/// ME-1, ME-3, ME-4 monitoring, pure: invitations in the academic year against the cohort's policy minimum (Welcome-Week
/// invitations count), meetings and clinics attended in the term per tutee, slots offered and meetings arranged per tutor.
/// Set-based: the school's meetings and slots are indexed by tutee once, so 5,000 tutees cost one pass each.
/// </summary>
internal static class MonitoringRules
{
    public static IReadOnlyList<TuteeMeetings> PerTutee(IEnumerable<MonitoredTutee> tutees, IReadOnlyCollection<MeetingView> meetings, IReadOnlyCollection<SlotView> slots,
        MonitoringWindow window, DateTimeOffset now)
    {
        var invitations = meetings.Where(m => window.InYear(m.StartsAt))
            .SelectMany(m => m.Invitations.Select(i => (Meeting: m, Invitation: i))).ToLookup(x => x.Invitation.StudentId, StringComparer.Ordinal);
        var bookings = slots.Where(s => window.InTerm(s.StartsAt) && s.StartsAt <= now && !s.Cancelled)
            .SelectMany(s => s.Bookings.Where(b => b.Status == BookingStatus.Booked)).ToLookup(b => b.StudentId, StringComparer.Ordinal);
        return [.. tutees.Select(t =>
        {
            var invited = invitations[t.StudentId].ToList();
            var inTerm = invited.Where(x => window.InTerm(x.Meeting.StartsAt)).ToList();
            var booked = bookings[t.StudentId].ToList();
            var absent = booked.Count(b => b.Attendance is Attendance.AbsentWithReason or Attendance.NoShow);
            return new TuteeMeetings(t, invited.Count, invited.Any(x => x.Meeting.Purpose == MeetingPurpose.Welcome), inTerm.Count,
                inTerm.Count(x => x.Invitation.Attendance is Attendance.Attended or Attendance.Late),
                inTerm.Count(x => x.Invitation.Attendance is Attendance.NoShow), booked.Count - absent,
                booked.Count(b => b.Attendance is Attendance.Attended or Attendance.Late), booked.Count(b => b.Attendance is Attendance.NoShow));
        })];
    }

    /// <summary>
    /// The figures of a set of tutees (a school, a tutor's, a cohort's) with the meetings and slots that concern them:
    /// invitations and bookings are counted for <paramref name="rows"/>' tutees only when <paramref name="onlyTheirs"/>
    /// (a cohort shares group meetings and tutors with others), every one otherwise.
    /// </summary>
    public static MonitoringFigures Figures(IReadOnlyCollection<TuteeMeetings> rows, IReadOnlyCollection<MeetingView> meetings, IReadOnlyCollection<SlotView> slots,
        MonitoringWindow window, bool withStudents, bool onlyTheirs = false)
    {
        var theirs = onlyTheirs ? rows.Select(r => r.StudentId).ToHashSet(StringComparer.Ordinal) : null;
        bool Counts(string studentId) => theirs is null || theirs.Contains(studentId);
        var tutees = rows.Where(r => r.Tutee.Excluded is null).ToList();
        var below = tutees.Where(t => t.InvitationsInYear < t.Tutee.MinimumInvitations).Select(t => t.StudentId).Order(StringComparer.Ordinal).ToList();
        var none = tutees.Where(t => !t.MetThisTerm).Select(t => t.StudentId).Order(StringComparer.Ordinal).ToList();
        var termSlots = slots.Where(s => window.InTerm(s.StartsAt) && !s.Cancelled).ToList();
        var termMeetings = meetings.Where(m => window.InTerm(m.StartsAt) && m.Invitations.Any(i => Counts(i.StudentId))).ToList();
        var met = tutees.Count(t => t.MetThisTerm);
        return new MonitoringFigures(tutees.Count, rows.Count - tutees.Count, termSlots.Count, termSlots.Sum(s => s.Capacity),
            termSlots.Sum(s => s.Bookings.Count(b => b.Status == BookingStatus.Booked && Counts(b.StudentId))),
            rows.Sum(r => r.ClinicsAttendedInTerm), rows.Sum(r => r.ClinicNoShowsInTerm), termMeetings.Count,
            termMeetings.Sum(m => m.Invitations.Count(i => Counts(i.StudentId))),
            meetings.Where(m => window.InYear(m.StartsAt) && m.Purpose == MeetingPurpose.Welcome).Sum(m => m.Invitations.Count(i => Counts(i.StudentId))),
            tutees.Sum(t => t.AttendedInTerm), tutees.Sum(t => t.NoShowsInTerm), met, tutees.Count == 0 ? null : Math.Round(100m * met / tutees.Count, 1),
            below.Count, withStudents ? below : null, none.Count, withStudents ? none : null);
    }
}
