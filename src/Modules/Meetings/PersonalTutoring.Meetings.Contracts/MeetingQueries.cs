namespace PersonalTutoring.Meetings.Contracts;

/// <summary>A tutee's place on a tutor's clinic slot, as other modules and reports see it (no agenda text).</summary>
public sealed record ClinicBooking(string StudentId, string TutorId, Guid SlotId, Guid BookingId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status);

/// <summary>
/// A meeting a tutee is recorded as having attended (on time or late) with a tutor: an arranged meeting
/// (<see cref="AtClinic"/> false) or a booked clinic slot whose attendance the tutor recorded. No notes, no agenda.
/// </summary>
public sealed record AttendedMeeting(string StudentId, string TutorId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool AtClinic, bool Group, bool Late);

/// <summary>What the Meetings module tells others: a tutee's clinic bookings (for engagement panels and meeting monitoring, ME-3).</summary>
public interface IMeetingQueries
{
    /// <summary>The student's bookings of slots starting in [from, to), live and cancelled, oldest first.</summary>
    Task<IReadOnlyList<ClinicBooking>> BookingsOfAsync(string studentId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    /// <summary>
    /// The meetings starting in [from, to) the student attended with the tutor, oldest first: recorded attendance only
    /// (a clinic booking whose attendance was never recorded is not evidence of a meeting). For a referee's evidence (RE-1).
    /// </summary>
    Task<IReadOnlyList<AttendedMeeting>> AttendedMeetingsAsync(string studentId, string tutorId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);
}
