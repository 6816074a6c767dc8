using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.Calendars.Defining;

/// <summary>
/// What makes a calendar impossible (ADR 0011). An academic year runs 1 August to 31 July: every term, semester,
/// welcome day and closure day must fall inside it, so "the calendar of the year containing a date" is unambiguous.
/// </summary>
internal static class CalendarChecks
{
    public const int MaxClosureDays = 100;

    public static Dictionary<string, string[]> Errors(AcademicYear year, DefineCalendar.Request r)
    {
        var errors = new List<(string Field, string Message)>();
        void Add(string field, string message) => errors.Add((field, message));
        bool Outside(DateOnly d) => d < year.DefaultStart || d > year.DefaultEnd;
        var bounds = $"{year.DefaultStart:yyyy-MM-dd} to {year.DefaultEnd:yyyy-MM-dd}";

        var terms = r.Terms ?? [];
        for (var i = 0; i < terms.Count; i++)
        {
            var t = terms[i];
            if (string.IsNullOrWhiteSpace(t.Name) || t.Name.Length > 100) Add($"Terms[{i}].Name", "A term has a name of at most 100 characters.");
            else if (terms.Take(i).Any(o => string.Equals(o.Name?.Trim(), t.Name.Trim(), StringComparison.OrdinalIgnoreCase))) Add($"Terms[{i}].Name", "Two terms have the same name.");
            RangeErrors($"Terms[{i}]", t.Start, t.End, terms.Take(i).Select(o => (o.Start, o.End)));
        }

        var semesters = r.Semesters ?? [];
        for (var i = 0; i < semesters.Count; i++)
        {
            var s = semesters[i];
            if (s.Number < 1 || s.Number > 4) Add($"Semesters[{i}].Number", "A semester is numbered 1 to 4.");
            else if (semesters.Take(i).Any(o => o.Number == s.Number)) Add($"Semesters[{i}].Number", "Two semesters have the same number.");
            RangeErrors($"Semesters[{i}]", s.Start, s.End, semesters.Take(i).Select(o => (o.Start, o.End)));
        }

        if (r.Welcome is { } w) RangeErrors("Welcome", w.Start, w.End, []);

        var closures = r.ClosureDays ?? [];
        if (closures.Count > MaxClosureDays) Add("ClosureDays", $"At most {MaxClosureDays} closure days a year.");
        for (var i = 0; i < closures.Count; i++)
        {
            if (Outside(closures[i])) Add($"ClosureDays[{i}]", $"A closure day falls in the academic year, {bounds}.");
            else if (closures.Take(i).Contains(closures[i])) Add($"ClosureDays[{i}]", "This closure day is listed twice.");
        }

        if (r.TimeZone is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            Add("TimeZone", "Not a known IANA time zone, e.g. Europe/London.");

        return errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());

        void RangeErrors(string field, DateOnly start, DateOnly end, IEnumerable<(DateOnly Start, DateOnly End)> earlier)
        {
            if (Outside(start) || Outside(end)) Add(field, $"It must fall in the academic year, {bounds}.");
            else if (end < start) Add(field, "It ends before it starts.");
            else if (earlier.Any(o => o.Start <= o.End && start <= o.End && o.Start <= end)) Add(field, "It overlaps an earlier one.");
        }
    }
}
