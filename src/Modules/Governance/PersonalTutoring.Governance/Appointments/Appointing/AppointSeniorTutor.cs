using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Appointments.ReadModels;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.Appointments.Appointing;

/// <summary>
/// POST /api/schools/{schoolCode}/senior-tutors: appoints a Senior Tutor (GO-2). A school may have several at
/// once with split remits; an appointment shorter than the recommended three years is allowed but flagged.
/// </summary>
internal static class AppointSeniorTutor
{
    internal sealed record Request(string? StaffId, string? Name, string? Remit, DateOnly? StartsOn, DateOnly? EndsOn);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.StaffId).NotEmpty().MaximumLength(100);
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Remit).MaximumLength(500);
            RuleFor(r => r.StartsOn).NotNull();
            RuleFor(r => r.EndsOn).GreaterThanOrEqualTo(r => r.StartsOn).When(r => r.EndsOn is not null && r.StartsOn is not null)
                .WithMessage("An appointment cannot end before it starts.");
        }
    }

    /// <summary>The same appointment again decides nothing; the same person twice at once in one school is refused.</summary>
    internal static object[] Decide(AppointmentRegister state, Guid newId, string schoolCode, Request r, string by, DateTimeOffset now)
    {
        var (staffId, remit) = (r.StaffId!.Trim(), string.IsNullOrWhiteSpace(r.Remit) ? null : r.Remit.Trim());
        if (state.All.Any(a => a.StaffId == staffId && a.Remit == remit && a.StartsOn == r.StartsOn && a.EndsOn == r.EndsOn)) return [];
        if (state.All.FirstOrDefault(a => a.StaffId == staffId && a.Overlaps(r.StartsOn!.Value, r.EndsOn)) is { } clash)
            throw new BusinessRuleException("senior-tutor-already-appointed",
                $"{staffId} is already a Senior Tutor of {schoolCode} from {clash.StartsOn:yyyy-MM-dd}; end that appointment first.");
        return [new SeniorTutorAppointed(newId, schoolCode, staffId, r.Name!.Trim(), remit, r.StartsOn!.Value, r.EndsOn, by, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/schools/{schoolCode}/senior-tutors", async (string schoolCode, Request request, HttpContext http, IDocumentSession session,
                ISchoolDirectory schools, TimeProvider clock, CancellationToken ct) =>
            {
                await GovernanceAccess.DemandSchoolExistsAsync(schools, schoolCode, ct);
                var stream = AppointmentRegister.SeniorTutorStreamId(schoolCode);
                var current = await session.Events.FetchForWriting<AppointmentRegister>(stream, ct);
                var events = Decide(current.State, Guid.NewGuid(), schoolCode, request, http.CurrentUser().Id, clock.GetUtcNow());
                if (events.Length == 0)
                {
                    var same = current.State.All.First(a => a.StaffId == request.StaffId!.Trim() && a.StartsOn == request.StartsOn);
                    return Results.Ok(await session.LoadAsync<AppointmentView>(AppointmentView.IdOf(same.Id), ct));
                }
                current.AppendDecision(http, events);
                await session.SaveChangesAsync(ct);
                var id = ((SeniorTutorAppointed)events[0]).AppointmentId;
                return Results.Created($"/api/schools/{schoolCode}/appointments", await session.LoadAsync<AppointmentView>(AppointmentView.IdOf(id), ct));
            })
            .Validate<Request>()
            .RequireAuthorization(GovernancePolicies.ManageAppointments)
            .WithName("AppointSeniorTutor")
            .WithVersionHeaders()
            .WithSummary("Appoints a Senior Tutor for a school, with a remit when the role is split (GO-2).")
            .Produces<AppointmentView>(StatusCodes.Status201Created)
            .Produces<AppointmentView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
