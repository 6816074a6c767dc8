using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.Calendars;

/// <summary>A date range, both ends included.</summary>
internal sealed record DateRange(DateOnly Start, DateOnly End);

/// <summary>What a calendar says for a year: replaced as a whole by each PUT, because terms are edited together.</summary>
internal sealed record CalendarContent(
    string TimeZoneId,
    IReadOnlyList<Term> Terms,
    IReadOnlyList<Semester> Semesters,
    DateRange Welcome,
    IReadOnlyList<DateOnly> ClosureDays)
{
    public bool SameAs(CalendarContent other) => SameContent.Equal(this, other);

    /// <summary>The pure calendar other modules compute with; <paramref name="schoolCode"/> is null for the university's.</summary>
    public SchoolCalendar ToSchoolCalendar(string? schoolCode, string academicYear) =>
        new(schoolCode, academicYear, TimeZoneId, Terms, Semesters, Welcome.Start, Welcome.End, ClosureDays.ToHashSet());
}

/// <summary>A calendar for an academic year, university-wide (<c>SchoolCode</c> null) or for one school.</summary>
internal sealed record AcademicCalendarDefined(string? SchoolCode, string AcademicYear, CalendarContent Content, string DefinedBy, DateTimeOffset DefinedAt);

internal sealed record AcademicCalendarRevised(string? SchoolCode, string AcademicYear, CalendarContent Content, string RevisedBy, DateTimeOffset RevisedAt);

internal static class CalendarEvents
{
    public static void Register(StoreOptions options)
    {
        options.Events.MapEventType<AcademicCalendarDefined>("governance.academic_calendar_defined");
        options.Events.MapEventType<AcademicCalendarRevised>("governance.academic_calendar_revised");
        options.AddWriteModel<AcademicCalendar>();
    }
}
