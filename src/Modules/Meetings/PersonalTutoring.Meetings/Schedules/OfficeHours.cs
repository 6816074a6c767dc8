using System.Text.Json.Serialization;
using FluentValidation;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Meetings.Access;
using PersonalTutoring.Meetings.Shared;

namespace PersonalTutoring.Meetings.Schedules;

/// <summary>A weekly open-door time (ME-9): no booking needed.</summary>
internal sealed record OfficeHour(DayOfWeek Day, TimeOnly From, TimeOnly To, string Where);

internal sealed record OfficeHoursSet(string TutorId, IReadOnlyList<OfficeHour> Hours, string SetBy, DateTimeOffset SetAt);

/// <summary>A tutor's office hours (stream <c>meetings-office-hours-{staffId}</c>): the current set, replaced as a whole.</summary>
internal sealed record TutorOfficeHours : IWriteModel<TutorOfficeHours>
{
    public string Id { get; init; } = "";
    public IReadOnlyList<OfficeHour> Hours { get; init; } = [];

    public static TutorOfficeHours Initial => new();

    public static string StreamId(string staffId) => $"meetings-office-hours-{staffId}";

    public TutorOfficeHours Evolve(IEvent @event) => @event.Data is OfficeHoursSet e ? this with { Hours = e.Hours } : this;
}

internal sealed record OfficeHoursView(string TutorId, IReadOnlyList<OfficeHour> Hours, DateTimeOffset SetAt)
{
    [JsonIgnore]
    public string Id => TutorOfficeHours.StreamId(TutorId);
}

/// <summary>The tutor's schedule as tutees read it: their own office hours and the school's published meeting schedule and policy (ME-2, ME-9).</summary>
internal sealed record TutorSchedule(string TutorId, string SchoolCode, IReadOnlyList<OfficeHour> OfficeHours, SchoolMeetingSchedule? School);

internal sealed class OfficeHoursViewProjection : StreamFoldProjection<OfficeHoursView>
{
    public override ProjectionLifecycle Lifecycle => ProjectionLifecycle.Inline;

    public override string Name => "meetings-office-hours";

    public override IReadOnlyCollection<Type> EventTypes => [typeof(OfficeHoursSet)];

    protected override OfficeHoursView? Evolve(OfficeHoursView? current, IEvent e) =>
        e.Data is OfficeHoursSet s ? new OfficeHoursView(s.TutorId, s.Hours, s.SetAt) : current;

    public static void Register(StoreOptions options)
    {
        options.Events.MapEventType<OfficeHoursSet>("meetings.office_hours_set");
        options.AddWriteModel<TutorOfficeHours>();
        options.Schema.For<OfficeHoursView>().DatabaseSchemaName(MeetingsModule.Schema).Identity(v => v.Id);
        options.AddFold(new OfficeHoursViewProjection());
    }
}

/// <summary>
/// PUT /api/tutors/{staffId}/office-hours (the tutor or a Senior Tutor) and GET /api/tutors/{staffId}/schedule (also the
/// tutor's tutees): the tutor's open-door hours beside the school's meeting schedule and office-hours policy, read from
/// the published tutee guide through Governance's contract — the guide's text, not a second copy.
/// </summary>
internal static class OfficeHours
{
    internal sealed record Hour(DayOfWeek? Day, TimeOnly? From, TimeOnly? To, string? Where);

    internal sealed record Request(IReadOnlyList<Hour?>? Hours);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Hours).NotNull().Must(h => h is null || h.Count <= 20).WithMessage("At most 20 office hours a week.");
            RuleForEach(r => r.Hours).NotNull().ChildRules(h =>
            {
                h.RuleFor(x => x!.Day).NotNull().IsInEnum();
                h.RuleFor(x => x!.From).NotNull();
                h.RuleFor(x => x!.To).NotNull().GreaterThan(x => x!.From).When(x => x!.From is not null).WithMessage("An office hour ends after it starts.");
                h.RuleFor(x => x!.Where).NotEmpty().MaximumLength(200);
            });
        }
    }

    internal static object[] Decide(TutorOfficeHours state, string staffId, Request r, string actor, DateTimeOffset now)
    {
        var hours = r.Hours!.Select(h => new OfficeHour(h!.Day!.Value, h.From!.Value, h.To!.Value, h.Where!.Trim())).OrderBy(h => h.Day).ThenBy(h => h.From).ToList();
        for (var i = 1; i < hours.Count; i++)
            if (hours[i].Day == hours[i - 1].Day && hours[i].From < hours[i - 1].To)
                throw new BusinessRuleException("overlapping-office-hours", $"Two office hours overlap on {hours[i].Day}.");
        return hours.SequenceEqual(state.Hours) ? [] : [new OfficeHoursSet(staffId, hours, actor, now)];
    }

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapPut("/api/tutors/{staffId}/office-hours", async (string staffId, Request request, HttpContext http, MeetingsContext context, IDocumentSession session,
                CancellationToken ct) =>
            {
                var current = await session.Events.FetchForWriting<TutorOfficeHours>(TutorOfficeHours.StreamId(staffId), ct);
                current.AppendDecision(http, Decide(current.State, staffId, request, http.CurrentUser().Id, context.Clock.GetUtcNow()));
                await session.SaveChangesAsync(ct);
                return Results.NoContent();
            })
            .RequireAuthorization(MeetingsPolicies.Publish)
            .RequireTutor(tutees: false, "set office hours")
            .Validate<Request>()
            .WithName("SetOfficeHours")
            .WithVersionHeaders()
            .WithSummary("The tutor (or a Senior Tutor) sets the tutor's weekly open-door office hours (ME-9), replacing the previous set.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapGet("/api/tutors/{staffId}/schedule", async (string staffId, string? academicYear, HttpContext http, MeetingsContext context, IMeetingSchedules schedules,
                IQuerySession session, CancellationToken ct) =>
            {
                var tutor = http.TutorStanding();
                AcademicYear year;
                if (academicYear is null)
                    year = AcademicYear.Containing(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(context.Clock.GetUtcNow(),
                        TimeZoneInfo.FindSystemTimeZoneById(MeetingsContext.DefaultTimeZoneId)).DateTime));
                else if (!AcademicYear.TryParse(academicYear, out year)) throw RequestValidationException.For("academicYear", "An academic year such as 2025-26.");
                var hours = (await session.LoadAsync<OfficeHoursView>(TutorOfficeHours.StreamId(staffId), ct))?.Hours ?? [];
                return Results.Ok(new TutorSchedule(staffId, tutor.SchoolCode, hours, await schedules.PublishedAsync(tutor.SchoolCode, year.ToString(), ct)));
            })
            .RequireAuthorization(MeetingsPolicies.ReadSlots)
            .RequireTutor(tutees: true, "see the schedule")
            .WithName("GetTutorSchedule")
            .WithSummary("The tutor's office hours with the school's published meeting schedule and office-hours policy for the year (ME-2, ME-9).")
            .Produces<TutorSchedule>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
