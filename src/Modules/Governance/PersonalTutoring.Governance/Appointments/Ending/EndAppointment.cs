using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Appointments.ReadModels;

namespace PersonalTutoring.Governance.Appointments.Ending;

/// <summary>
/// POST /api/schools/{schoolCode}/senior-tutors/{id}/end and POST /api/dean-appointments/{id}/end: an appointment
/// ends earlier than planned. History is kept: the appointment still shows who held the role until that date.
/// </summary>
internal static class EndAppointment
{
    internal sealed record Request(DateOnly? EndsOn, string? Reason);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.EndsOn).NotNull();
            RuleFor(r => r.Reason).NotEmpty().MaximumLength(500);
        }
    }

    /// <summary>Ending on the date it already ends decides nothing; an appointment is only ever shortened.</summary>
    internal static object[] Decide(AppointmentRegister state, Guid appointmentId, string? schoolCode, DateOnly endsOn, string reason, string by, DateTimeOffset now)
    {
        var appointment = state.Find(appointmentId) ?? throw new NotFoundException($"Appointment {appointmentId} does not exist.");
        if (appointment.EndsOn == endsOn) return [];
        if (endsOn < appointment.StartsOn)
            throw new BusinessRuleException("appointment-end-before-start", $"The appointment starts on {appointment.StartsOn:yyyy-MM-dd}.");
        if (appointment.EndsOn is { } planned && endsOn > planned)
            throw new BusinessRuleException("appointment-end-not-earlier", $"The appointment already ends on {planned:yyyy-MM-dd}; make a new appointment to extend it.");
        return [new AppointmentEndedEarly(appointmentId, schoolCode, endsOn, reason, by, now)];
    }

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/schools/{schoolCode}/senior-tutors/{appointmentId:guid}/end", (string schoolCode, Guid appointmentId, Request request,
                HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
                HandleAsync(AppointmentRegister.SeniorTutorStreamId(schoolCode), schoolCode, appointmentId, request, http, session, clock, ct))
            .Validate<Request>()
            .RequireAuthorization(GovernancePolicies.ManageAppointments)
            .WithName("EndSeniorTutorAppointment")
            .WithSummary("Ends a Senior Tutor's appointment earlier than planned, with the reason.")
            .Produces<AppointmentView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/api/dean-appointments/{appointmentId:guid}/end", (Guid appointmentId, Request request,
                HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
                HandleAsync(AppointmentRegister.DeanStreamId, null, appointmentId, request, http, session, clock, ct))
            .Validate<Request>()
            .RequireAuthorization(GovernancePolicies.ManageAppointments)
            .WithName("EndDeanAppointment")
            .WithVersionHeaders()
            .WithSummary("Ends the Dean's term earlier than planned, with the reason.")
            .Produces<AppointmentView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> HandleAsync(string stream, string? schoolCode, Guid appointmentId, Request request, HttpContext http,
        IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var current = await session.Events.FetchForWriting<AppointmentRegister>(stream, ct);
        var events = Decide(current.State, appointmentId, schoolCode, request.EndsOn!.Value, request.Reason!.Trim(), http.CurrentUser().Id, clock.GetUtcNow());
        if (events.Length > 0)
        {
            current.AppendDecision(http, events);
            await session.SaveChangesAsync(ct);
        }
        return Results.Ok(await session.LoadAsync<AppointmentView>(AppointmentView.IdOf(appointmentId), ct));
    }
}
