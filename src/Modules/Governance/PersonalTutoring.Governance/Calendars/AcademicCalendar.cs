using JasperFx.Events;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Governance.Calendars;

/// <summary>The write model of one calendar (university-wide or a school's) for one academic year.</summary>
/// <remarks>
/// State is init-only properties, not a one-parameter positional record: JasperFx reads a public constructor with
/// one argument as a conventional "create from this event" and refuses the write model's Evolve beside it.
/// </remarks>
internal sealed record AcademicCalendar : IWriteModel<AcademicCalendar>
{
    public string Id { get; init; } = "";

    /// <summary>What the calendar says; null until it is defined.</summary>
    public CalendarContent? Content { get; init; }

    public static AcademicCalendar Initial => new();

    /// <summary>School codes are upper-case, so the lower-case "university" can never collide with one.</summary>
    public static string StreamId(string? schoolCode, string academicYear) => $"calendar-{schoolCode ?? "university"}-{academicYear}";

    public AcademicCalendar Evolve(IEvent @event) => @event.Data switch
    {
        AcademicCalendarDefined e => this with { Content = e.Content },
        AcademicCalendarRevised e => this with { Content = e.Content },
        _ => this,
    };
}
