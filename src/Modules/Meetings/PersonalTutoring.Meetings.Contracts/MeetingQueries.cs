namespace PersonalTutoring.Meetings.Contracts;

/// <summary>A tutee's place on a tutor's clinic slot, as other modules and reports see it (no agenda text).</summary>
public sealed record ClinicBooking(string StudentId, string TutorId, Guid SlotId, Guid BookingId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status);

/// <summary>What the Meetings module tells others: a tutee's clinic bookings (for engagement panels and meeting monitoring, ME-3).</summary>
public interface IMeetingQueries
{
    /// <summary>The student's bookings of slots starting in [from, to), live and cancelled, oldest first.</summary>
    Task<IReadOnlyList<ClinicBooking>> BookingsOfAsync(string studentId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);
}
