namespace PersonalTutoring.Governance.Contracts;

/// <summary>An academic year written "2025-26". It runs 1 August to 31 July; calendars must fit inside it (ADR 0011).</summary>
public readonly record struct AcademicYear(int StartYear)
{
    public override string ToString() => $"{StartYear}-{(StartYear + 1) % 100:D2}";

    public DateOnly DefaultStart => new(StartYear, 8, 1);

    public DateOnly DefaultEnd => new(StartYear + 1, 7, 31);

    public static AcademicYear Containing(DateOnly date) => new(date.Month >= 8 ? date.Year : date.Year - 1);

    public static bool TryParse(string? text, out AcademicYear year)
    {
        year = default;
        if (text is not { Length: 7 } || text[4] != '-' || !int.TryParse(text[..4], out var start) || !int.TryParse(text[5..], out var end)) return false;
        if (start < 2000 || start > 2100 || (start + 1) % 100 != end) return false;
        year = new AcademicYear(start);
        return true;
    }
}

public sealed record Term(string Name, DateOnly Start, DateOnly End)
{
    public bool Contains(DateOnly date) => date >= Start && date <= End;
}

public sealed record Semester(int Number, DateOnly Start, DateOnly End)
{
    public bool Contains(DateOnly date) => date >= Start && date <= End;
}

/// <summary>
/// One school's (or the university's) calendar for an academic year, with the date questions every module asks.
/// Pure: no I/O, so modules can call it in deciders and projections.
/// </summary>
public sealed record SchoolCalendar(
    string? SchoolCode,
    string AcademicYear,
    string TimeZoneId,
    IReadOnlyList<Term> Terms,
    IReadOnlyList<Semester> Semesters,
    DateOnly WelcomeStart,
    DateOnly WelcomeEnd,
    IReadOnlySet<DateOnly> ClosureDays)
{
    public Term? TermContaining(DateOnly date) => Terms.FirstOrDefault(t => t.Contains(date));

    public Semester? SemesterContaining(DateOnly date) => Semesters.FirstOrDefault(s => s.Contains(date));

    public bool IsTermTime(DateOnly date) => TermContaining(date) is not null;

    public bool IsWelcomePeriod(DateOnly date) => date >= WelcomeStart && date <= WelcomeEnd;

    /// <summary>The calendar months (first day of each) that contain at least one term-time day.</summary>
    public IReadOnlyList<DateOnly> TermTimeMonths() =>
        Terms.SelectMany(t => MonthsBetween(t.Start, t.End)).Distinct().Order().ToList();

    public bool IsWorkingDay(DateOnly date) => date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !ClosureDays.Contains(date);

    /// <summary>Looked up once per zone for the process, not per call: the compliance rules date every contact with it.</summary>
    public TimeZoneInfo TimeZone => Zones.GetOrAdd(TimeZoneId, TimeZoneInfo.FindSystemTimeZoneById);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    private static IEnumerable<DateOnly> MonthsBetween(DateOnly start, DateOnly end)
    {
        for (var month = new DateOnly(start.Year, start.Month, 1); month <= end; month = month.AddMonths(1)) yield return month;
    }
}

/// <summary>
/// The academic calendar query every module must use for date maths (terms, term time, working days), never
/// its own. A school-specific calendar wins over the university's for the same year.
/// </summary>
public interface IAcademicCalendar
{
    Task<SchoolCalendar?> ForYearAsync(string schoolCode, string academicYear, CancellationToken ct);

    /// <summary>
    /// <see cref="ForYearAsync(string, string, CancellationToken)"/> for each of <paramref name="schoolCodes"/>, in their
    /// order. The default asks school by school; the store's query reads them all in one round trip.
    /// </summary>
    async Task<IReadOnlyList<SchoolCalendar?>> ForYearAsync(IReadOnlyList<string> schoolCodes, string academicYear, CancellationToken ct)
    {
        var calendars = new List<SchoolCalendar?>(schoolCodes.Count);
        foreach (var school in schoolCodes) calendars.Add(await ForYearAsync(school, academicYear, ct));
        return calendars;
    }

    /// <summary>The calendar of the academic year containing <paramref name="date"/> (1 August to 31 July): the school's own, else the university's, else null.</summary>
    Task<SchoolCalendar?> ForDateAsync(string schoolCode, DateOnly date, CancellationToken ct);

    /// <summary>
    /// The instant <paramref name="workingDays"/> working days after <paramref name="from"/> in the school's time zone
    /// (weekends and closure days excluded, across academic-year boundaries): the same local time of day on the
    /// N-th following working day. A year with no calendar excludes weekends only (ADR 0011).
    /// </summary>
    Task<DateTimeOffset> AddWorkingDaysAsync(string schoolCode, DateTimeOffset from, int workingDays, CancellationToken ct);
}
