using JasperFx.Events;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Governance.Calendars;

/// <summary>The write model of one calendar (university-wide or a school's) for one academic year.</summary>
internal sealed record AcademicCalendar(CalendarContent? Content) : IWriteModel<AcademicCalendar>
{
    public string Id { get; init; } = "";

    public static AcademicCalendar Initial => new((CalendarContent?)null);

    /// <summary>School codes are upper-case, so the lower-case "university" can never collide with one.</summary>
    public static string StreamId(string? schoolCode, string academicYear) => $"calendar-{schoolCode ?? "university"}-{academicYear}";

    public AcademicCalendar Evolve(IEvent @event) => @event.Data switch
    {
        AcademicCalendarDefined e => this with { Content = e.Content },
        AcademicCalendarRevised e => this with { Content = e.Content },
        _ => this,
    };
}
