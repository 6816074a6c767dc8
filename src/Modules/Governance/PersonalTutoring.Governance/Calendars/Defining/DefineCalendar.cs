using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Calendars.ReadModels;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.Calendars.Defining;

/// <summary>
/// PUT /api/academic-years/{academicYear}/calendar (university-wide) and
/// PUT /api/schools/{schoolCode}/academic-years/{academicYear}/calendar (a school's own, e.g. a medical school's):
/// terms, semesters, the welcome period, closure days and the time zone. Admin and Dean.
/// </summary>
internal static class DefineCalendar
{
    internal sealed record Request(
        IReadOnlyList<Term>? Terms,
        IReadOnlyList<Semester>? Semesters,
        DateRange? Welcome,
        IReadOnlyList<DateOnly>? ClosureDays,
        string? TimeZone)
    {
        public CalendarContent Content() => new(
            TimeZone ?? GovernanceAccess.DefaultTimeZone,
            Terms!.Select(t => t with { Name = t.Name.Trim() }).OrderBy(t => t.Start).ToList(),
            Semesters!.OrderBy(s => s.Number).ToList(),
            Welcome!,
            (ClosureDays ?? []).Order().ToList());
    }

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Terms).NotEmpty().Must(t => t is null || t.All(x => x is not null)).WithMessage("A term cannot be null.");
            RuleFor(r => r.Semesters).NotEmpty().Must(s => s is null || s.All(x => x is not null)).WithMessage("A semester cannot be null.");
            RuleFor(r => r.Welcome).NotNull();
        }
    }

    /// <summary>The same calendar again decides nothing; any difference replaces the whole calendar.</summary>
    internal static object[] Decide(AcademicCalendar state, string? schoolCode, string academicYear, CalendarContent content, string by, DateTimeOffset now)
    {
        if (state.Content is null) return [new AcademicCalendarDefined(schoolCode, academicYear, content, by, now)];
        return state.Content.SameAs(content) ? [] : [new AcademicCalendarRevised(schoolCode, academicYear, content, by, now)];
    }

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapPut("/api/academic-years/{academicYear}/calendar", (string academicYear, Request request, HttpContext http, IDocumentSession session,
                TimeProvider clock, CancellationToken ct) => HandleAsync(null, academicYear, request, http, session, clock, ct))
            .Validate<Request>()
            .RequireAuthorization(GovernancePolicies.ManageCalendars)
            .WithName("PutUniversityCalendar")
            .WithSummary("Defines or replaces the university's academic calendar for a year (terms, semesters, welcome period, closure days).")
            .Produces<CalendarView>(StatusCodes.Status201Created)
            .Produces<CalendarView>()
            .ProducesProblem(StatusCodes.Status409Conflict);

        app.MapPut("/api/schools/{schoolCode}/academic-years/{academicYear}/calendar", async (string schoolCode, string academicYear, Request request,
                HttpContext http, IDocumentSession session, ISchoolDirectory schools, TimeProvider clock, CancellationToken ct) =>
            {
                await GovernanceAccess.DemandSchoolExistsAsync(schools, schoolCode, ct);
                return await HandleAsync(schoolCode, academicYear, request, http, session, clock, ct);
            })
            .Validate<Request>()
            .RequireAuthorization(GovernancePolicies.ManageCalendars)
            .WithName("PutSchoolCalendar")
            .WithVersionHeaders()
            .WithSummary("Defines or replaces a school's own academic calendar for a year, which wins over the university's.")
            .Produces<CalendarView>(StatusCodes.Status201Created)
            .Produces<CalendarView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> HandleAsync(string? schoolCode, string academicYear, Request request, HttpContext http, IDocumentSession session,
        TimeProvider clock, CancellationToken ct)
    {
        var year = GovernanceAccess.Year(academicYear);
        if (CalendarChecks.Errors(year, request) is { Count: > 0 } errors) throw new RequestValidationException(errors);
        var stream = AcademicCalendar.StreamId(schoolCode, year.ToString());
        var current = await session.Events.FetchForWriting<AcademicCalendar>(stream, ct);
        var content = request.Content();
        var events = Decide(current.State, schoolCode, year.ToString(), content, http.CurrentUser().Id, clock.GetUtcNow());
        current.AppendDecision(http, events);
        await session.SaveChangesAsync(ct);
        var view = CalendarView.From(schoolCode, year.ToString(), content);
        var location = schoolCode is null ? $"/api/academic-years/{year}/calendar" : $"/api/schools/{schoolCode}/academic-years/{year}/calendar";
        return current.Exists ? Results.Ok(view) : Results.Created(location, view);
    }
}
