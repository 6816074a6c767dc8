using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.TestKit;

/// <summary>
/// An in-memory Governance (calendars and policies) holding the hand-worked calendar for every school, used while the
/// real Governance calendars are built in parallel. Working days follow the calendar's own IsWorkingDay.
/// </summary>
public sealed class FakeGovernance : IAcademicCalendar, ITutoringPolicies, IMeetingSchedules
{
    /// <summary>Published meeting schedules by school (the tutee guide's, in Governance).</summary>
    public Dictionary<string, SchoolMeetingSchedule> Schedules { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Task<SchoolMeetingSchedule?> PublishedAsync(string schoolCode, string academicYear, CancellationToken ct) =>
        Task.FromResult(Schedules.TryGetValue(schoolCode, out var s) && s.AcademicYear == academicYear ? s : null);

    public Dictionary<string, TutoringPolicy> Policies { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Task<SchoolCalendar?> ForYearAsync(string schoolCode, string academicYear, CancellationToken ct) =>
        Task.FromResult(academicYear == "2025-26" ? HandWorkedCalendar.For(schoolCode) : null);

    public Task<SchoolCalendar?> ForDateAsync(string schoolCode, DateOnly date, CancellationToken ct) =>
        Task.FromResult(date >= new DateOnly(2025, 8, 1) && date <= new DateOnly(2026, 7, 31) ? HandWorkedCalendar.For(schoolCode) : null);

    public Task<DateTimeOffset> AddWorkingDaysAsync(string schoolCode, DateTimeOffset from, int workingDays, CancellationToken ct)
    {
        var calendar = HandWorkedCalendar.For(schoolCode);
        var local = TimeZoneInfo.ConvertTime(from, calendar.TimeZone).DateTime;
        var day = DateOnly.FromDateTime(local);
        for (var counted = 0; counted < workingDays;)
        {
            day = day.AddDays(1);
            if (calendar.IsWorkingDay(day)) counted++;
        }
        var due = day.ToDateTime(TimeOnly.FromDateTime(local));
        return Task.FromResult(new DateTimeOffset(due, calendar.TimeZone.GetUtcOffset(due)));
    }

    public Task<TutoringPolicy> InForceAsync(string schoolCode, DateOnly date, CohortLevel? level, CancellationToken ct) =>
        Task.FromResult(Policies.GetValueOrDefault(schoolCode) ?? HandWorkedCalendar.Policy(schoolCode));
}
