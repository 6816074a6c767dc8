using System.Text.Json.Serialization;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.Calendars.ReadModels;

/// <summary>A calendar as readers see it; <c>SchoolCode</c> is null for the university's.</summary>
internal sealed record CalendarView(
    string? SchoolCode,
    string AcademicYear,
    string TimeZone,
    IReadOnlyList<Term> Terms,
    IReadOnlyList<Semester> Semesters,
    DateRange Welcome,
    IReadOnlyList<DateOnly> ClosureDays)
{
    /// <summary>The Marten identity: the calendar's stream key. Not part of the API's JSON.</summary>
    [JsonIgnore]
    public string Id => AcademicCalendar.StreamId(SchoolCode, AcademicYear);

    public static CalendarView From(string? schoolCode, string academicYear, CalendarContent c) =>
        new(schoolCode, academicYear, c.TimeZoneId, c.Terms, c.Semesters, c.Welcome, c.ClosureDays);

    public SchoolCalendar ToSchoolCalendar() =>
        new CalendarContent(TimeZone, Terms, Semesters, Welcome, ClosureDays).ToSchoolCalendar(SchoolCode, AcademicYear);
}

/// <summary>Inline: a calendar PUT is followed at once by working-day questions that must see it.</summary>
internal sealed class CalendarViewProjection : StreamFoldProjection<CalendarView>
{
    public override ProjectionLifecycle Lifecycle => ProjectionLifecycle.Inline;

    public override string Name => "governance-calendars";

    public override IReadOnlyCollection<Type> EventTypes => [typeof(AcademicCalendarDefined), typeof(AcademicCalendarRevised)];

    protected override CalendarView? Evolve(CalendarView? current, IEvent e) => e.Data switch
    {
        AcademicCalendarDefined d => CalendarView.From(d.SchoolCode, d.AcademicYear, d.Content),
        AcademicCalendarRevised r => CalendarView.From(r.SchoolCode, r.AcademicYear, r.Content),
        _ => current,
    };

    /// <summary>Keyed by the calendar's stream key (the fold's default document id); the academic year is indexed.</summary>
    public static void Register(StoreOptions options)
    {
        options.Schema.For<CalendarView>().DatabaseSchemaName(GovernanceModule.Schema).Identity(v => v.Id).Index(v => v.AcademicYear);
        options.AddFold(new CalendarViewProjection());
    }

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/academic-years/{academicYear}/calendar", async (string academicYear, IQuerySession session, CancellationToken ct) =>
            {
                var year = GovernanceAccess.Year(academicYear).ToString();
                return await session.LoadAsync<CalendarView>(AcademicCalendar.StreamId(null, year), ct) is { } view
                    ? Results.Ok(view)
                    : throw new NotFoundException($"No university calendar is defined for {year}.");
            })
            .RequireAuthorization(Policies.AnyRole)
            .WithName("GetUniversityCalendar")
            .WithSummary("The university's academic calendar for a year.")
            .Produces<CalendarView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/schools/{schoolCode}/academic-years/{academicYear}/calendar", async (string schoolCode, string academicYear,
                IQuerySession session, ISchoolDirectory schools, CancellationToken ct) =>
            {
                var year = GovernanceAccess.Year(academicYear).ToString();
                await GovernanceAccess.DemandSchoolExistsAsync(schools, schoolCode, ct);
                var view = await session.LoadAsync<CalendarView>(AcademicCalendar.StreamId(schoolCode, year), ct)
                    ?? await session.LoadAsync<CalendarView>(AcademicCalendar.StreamId(null, year), ct);
                return view is not null ? Results.Ok(view) : throw new NotFoundException($"No calendar applies to {schoolCode} in {year}.");
            })
            .RequireAuthorization(Policies.AnyRole)
            .WithName("GetSchoolCalendar")
            .WithSummary("The calendar that applies to a school for a year: its own, or else the university's (schoolCode null).")
            .Produces<CalendarView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
