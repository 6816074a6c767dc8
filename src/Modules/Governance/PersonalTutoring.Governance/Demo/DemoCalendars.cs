using PersonalTutoring.Governance.Calendars;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.Demo;

/// <summary>
/// Realistic UK calendars: the university's three terms (autumn from late September, spring from January,
/// summer from late April), and the medical school's longer MBBS year; Christmas closure and bank holidays.
/// </summary>
internal static class DemoCalendars
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    private static readonly DateOnly[] Closures2025 =
    [
        D(2025, 8, 25),                                                                         // summer bank holiday
        D(2025, 12, 24), D(2025, 12, 25), D(2025, 12, 26), D(2025, 12, 29), D(2025, 12, 30),    // Christmas closure
        D(2025, 12, 31), D(2026, 1, 1), D(2026, 1, 2),
        D(2026, 4, 3), D(2026, 4, 6),                                                           // Good Friday, Easter Monday
        D(2026, 5, 4), D(2026, 5, 25),                                                          // early May, spring bank holidays
    ];

    private static readonly DateOnly[] Closures2026 =
    [
        D(2026, 8, 31),
        D(2026, 12, 24), D(2026, 12, 25), D(2026, 12, 28), D(2026, 12, 29), D(2026, 12, 30),    // Boxing Day substitute on the 28th
        D(2026, 12, 31), D(2027, 1, 1),
        D(2027, 3, 26), D(2027, 3, 29),
        D(2027, 5, 3), D(2027, 5, 31),
    ];

    public static IEnumerable<(string? SchoolCode, AcademicYear Year, CalendarContent Content)> All()
    {
        yield return (null, new AcademicYear(2025), new CalendarContent("Europe/London",
            [new("Autumn", D(2025, 9, 22), D(2025, 12, 12)), new("Spring", D(2026, 1, 12), D(2026, 3, 27)), new("Summer", D(2026, 4, 27), D(2026, 6, 12))],
            [new(1, D(2025, 9, 22), D(2026, 1, 23)), new(2, D(2026, 1, 26), D(2026, 6, 12))],
            new DateRange(D(2025, 9, 22), D(2025, 10, 5)), Closures2025));
        yield return (null, new AcademicYear(2026), new CalendarContent("Europe/London",
            [new("Autumn", D(2026, 9, 28), D(2026, 12, 11)), new("Spring", D(2027, 1, 11), D(2027, 3, 19)), new("Summer", D(2027, 4, 19), D(2027, 6, 11))],
            [new(1, D(2026, 9, 28), D(2027, 1, 22)), new(2, D(2027, 1, 25), D(2027, 6, 11))],
            new DateRange(D(2026, 9, 28), D(2026, 10, 11)), Closures2026));
        yield return ("MED", new AcademicYear(2025), new CalendarContent("Europe/London",
            [new("Term 1", D(2025, 9, 1), D(2025, 12, 19)), new("Term 2", D(2026, 1, 5), D(2026, 3, 27)), new("Term 3", D(2026, 4, 13), D(2026, 7, 10))],
            [new(1, D(2025, 9, 1), D(2026, 1, 16)), new(2, D(2026, 1, 19), D(2026, 7, 10))],
            new DateRange(D(2025, 9, 1), D(2025, 9, 14)), Closures2025));
        yield return ("MED", new AcademicYear(2026), new CalendarContent("Europe/London",
            [new("Term 1", D(2026, 9, 7), D(2026, 12, 18)), new("Term 2", D(2027, 1, 4), D(2027, 3, 19)), new("Term 3", D(2027, 4, 5), D(2027, 7, 9))],
            [new(1, D(2026, 9, 7), D(2027, 1, 15)), new(2, D(2027, 1, 18), D(2027, 7, 9))],
            new DateRange(D(2026, 9, 7), D(2026, 9, 20)), Closures2026));
    }
}
