using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Appointments.ReadModels;

namespace PersonalTutoring.Governance.Appointments.Appointing;

/// <summary>
/// POST /api/dean-appointments: appoints the Dean of Personal Tutoring (GO-1). The term defaults to four years
/// (ending the day before the fourth anniversary, so a successor can start on it); two Deans never overlap.
/// </summary>
internal static class AppointDean
{
    internal sealed record Request(string? StaffId, string? Name, DateOnly? StartsOn, DateOnly? EndsOn);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.StaffId).NotEmpty().MaximumLength(100);
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.StartsOn).NotNull();
            RuleFor(r => r.EndsOn).GreaterThanOrEqualTo(r => r.StartsOn).When(r => r.EndsOn is not null && r.StartsOn is not null)
                .WithMessage("An appointment cannot end before it starts.");
        }
    }

    public static DateOnly FourYearTermEnd(DateOnly startsOn) => startsOn.AddYears(4).AddDays(-1);

    internal static object[] Decide(AppointmentRegister state, Guid newId, Request r, string by, DateTimeOffset now)
    {
        var (staffId, startsOn) = (r.StaffId!.Trim(), r.StartsOn!.Value);
        var endsOn = r.EndsOn ?? FourYearTermEnd(startsOn);
        if (state.All.Any(a => a.StaffId == staffId && a.StartsOn == startsOn && a.EndsOn == endsOn)) return [];
        if (state.All.FirstOrDefault(a => a.Overlaps(startsOn, endsOn)) is { } clash)
            throw new BusinessRuleException("dean-appointments-overlap",
                $"{clash.StaffId} is Dean from {clash.StartsOn:yyyy-MM-dd} to {clash.EndsOn:yyyy-MM-dd}; end that term first or start after it.");
        return [new DeanAppointed(newId, staffId, r.Name!.Trim(), startsOn, endsOn, by, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/dean-appointments", async (Request request, HttpContext http, IDocumentSession session,
                TimeProvider clock, CancellationToken ct) =>
            {
                var current = await session.Events.FetchForWriting<AppointmentRegister>(AppointmentRegister.DeanStreamId, ct);
                var events = Decide(current.State, Guid.NewGuid(), request, http.CurrentUser().Id, clock.GetUtcNow());
                if (events.Length == 0)
                {
                    var same = current.State.All.First(a => a.StaffId == request.StaffId!.Trim() && a.StartsOn == request.StartsOn);
                    return Results.Ok(await session.LoadAsync<AppointmentView>(AppointmentView.IdOf(same.Id), ct));
                }
                current.AppendDecision(http, events);
                await session.SaveChangesAsync(ct);
                var id = ((DeanAppointed)events[0]).AppointmentId;
                return Results.Created("/api/appointments", await session.LoadAsync<AppointmentView>(AppointmentView.IdOf(id), ct));
            })
            .Validate<Request>()
            .RequireAuthorization(GovernancePolicies.ManageAppointments)
            .WithName("AppointDean")
            .WithVersionHeaders()
            .WithSummary("Appoints the Dean of Personal Tutoring for a term, four years unless an end date is given (GO-1).")
            .Produces<AppointmentView>(StatusCodes.Status201Created)
            .Produces<AppointmentView>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
