namespace PersonalTutoring.Governance.Contracts;

/// <summary>A window of the school's meeting schedule (ME-2): when, and whether the meetings are in groups or one-to-one.</summary>
public sealed record ScheduledMeetingWindow(string Name, DateOnly From, DateOnly To, bool Group);

/// <summary>
/// The meeting schedule and office-hours / open-door policy (ME-2, ME-9) of the school's current published tutee guide
/// for a year — the guide's own text, not a copy.
/// </summary>
public sealed record SchoolMeetingSchedule(string SchoolCode, string AcademicYear, int GuideVersion, IReadOnlyList<ScheduledMeetingWindow> Windows, string OfficeHoursPolicy);

/// <summary>What other modules (Meetings) read of the published tutee guide.</summary>
public interface IMeetingSchedules
{
    /// <summary>The schedule of the latest published guide, or null when the school has published none for the year.</summary>
    Task<SchoolMeetingSchedule?> PublishedAsync(string schoolCode, string academicYear, CancellationToken ct);
}
