using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Governance.TutorDevelopment.TakingConcernAction;

/// <summary>POST …/development/concerns/{concernId}/actions: an action taken to address an open concern (GO-9).</summary>
internal static class RecordConcernAction
{
    internal sealed record Request(string? Action, DateOnly? TakenOn);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(r => r.Action).NotEmpty().MaximumLength(4000);
            RuleFor(r => r.TakenOn).NotNull()
                .Must(d => d <= GovernanceAccess.Today(clock)).WithMessage("An action cannot be recorded as taken in the future.");
        }
    }

    internal static object[] Decide(TutorDevelopmentRecord state, string schoolCode, string staffId, Guid concernId, Request request, string by, DateTimeOffset now)
    {
        state.DemandExists(schoolCode, staffId);
        state.OpenConcern(concernId, request.TakenOn!.Value);
        return [new TutorConcernActionTaken(schoolCode, staffId, concernId, request.Action!.Trim(), request.TakenOn!.Value, by, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/schools/{schoolCode}/tutors/{staffId}/development/concerns/{concernId:guid}/actions",
                async (string schoolCode, string staffId, Guid concernId, Request request, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                RouteValues.School(schoolCode);
                RouteValues.Staff(staffId);
                var user = http.CurrentUser();
                ResourceAccess.DemandSchool(user, schoolCode, "record actions on concerns about tutors");
                var current = await session.Events.FetchForWriting<TutorDevelopmentRecord>(TutorDevelopmentRecord.StreamId(schoolCode, staffId), ct);
                current.AppendDecision(http, Decide(current.State, schoolCode, staffId, concernId, request, user.Id, clock.GetUtcNow()));
                await session.SaveChangesAsync(ct);
                return Results.Created($"/api/schools/{schoolCode}/tutors/{staffId}/development", new { concernId, action = request.Action!.Trim(), request.TakenOn });
            })
            .Validate<Request>()
            .RequireAuthorization(DevelopmentPolicies.ManageSchoolRecords)
            .WithName("PostTutorConcernAction")
            .WithVersionHeaders()
            .WithSummary("Records an action taken to address an open concern about a tutor (GO-9).")
            .Produces(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
