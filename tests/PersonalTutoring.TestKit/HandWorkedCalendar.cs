using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.TestKit;

/// <summary>
/// The calendar the Contact and Meetings tests are worked by hand against (2025-26, Europe/London):
/// Autumn 29 Sep–12 Dec, Spring 12 Jan–27 Mar, Summer 20 Apr–12 Jun; semester 1 22 Sep–23 Jan, semester 2 26 Jan–12 Jun;
/// welcome 22 Sep–3 Oct; closure days Fri 7 Nov 2025 and 22 Dec–2 Jan.
/// </summary>
public static class HandWorkedCalendar
{
    public static readonly Term Autumn = new("Autumn", new(2025, 9, 29), new(2025, 12, 12));
    public static readonly Term Spring = new("Spring", new(2026, 1, 12), new(2026, 3, 27));
    public static readonly Term Summer = new("Summer", new(2026, 4, 20), new(2026, 6, 12));

    public static SchoolCalendar For(string schoolCode)
    {
        var closures = new HashSet<DateOnly> { new(2025, 11, 7) };
        for (var d = new DateOnly(2025, 12, 22); d <= new DateOnly(2026, 1, 2); d = d.AddDays(1)) closures.Add(d);
        return new SchoolCalendar(schoolCode, "2025-26", "Europe/London", [Autumn, Spring, Summer],
            [new Semester(1, new(2025, 9, 22), new(2026, 1, 23)), new Semester(2, new(2026, 1, 26), new(2026, 6, 12))],
            new(2025, 9, 22), new(2025, 10, 3), closures);
    }

    public static TutoringPolicy Policy(string schoolCode) => new(schoolCode, "2025-26", null, 1, false, 50, 60, 7, [new YearBlock(1, 2), new YearBlock(4, 5)], [6],
        4, true, 1, 3, 14, 3, 1.5m, [], null);

    /// <summary>An instant at a London wall-clock time.</summary>
    public static DateTimeOffset London(int year, int month, int day, int hour = 10, int minute = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, 0);
        return new DateTimeOffset(local, TimeZoneInfo.FindSystemTimeZoneById("Europe/London").GetUtcOffset(local));
    }
}
