using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.Calendars;

/// <summary>
/// Working-day arithmetic (ADR 0011), pure so it is tested without a database. Days are counted in the school's
/// local calendar, so a deadline keeps its local time of day across a BST/GMT change.
/// </summary>
internal static class WorkingDays
{
    /// <summary>A weekday that is not a closure day of the calendar of its year; with no calendar, any weekday.</summary>
    public static bool IsWorkingDay(DateOnly date, SchoolCalendar? calendar) =>
        calendar?.IsWorkingDay(date) ?? date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>The same local time of day on the <paramref name="workingDays"/>-th working day after <paramref name="from"/>'s local date.</summary>
    public static DateTimeOffset Add(DateTimeOffset from, int workingDays, TimeZoneInfo zone, Func<DateOnly, bool> isWorkingDay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        if (workingDays == 0) return from;
        var local = TimeZoneInfo.ConvertTime(from, zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        for (var counted = 0; counted < workingDays;)
        {
            date = date.AddDays(1);
            if (isWorkingDay(date)) counted++;
        }
        return AtLocal(date, TimeOnly.FromDateTime(local.DateTime), zone);
    }

    /// <summary>
    /// A local date and time as an instant. A time skipped by a clock change moves forward an hour; a time that
    /// happens twice takes its first occurrence (the earlier instant), so a deadline is never later than promised.
    /// </summary>
    public static DateTimeOffset AtLocal(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local)) local = local.AddHours(1);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
