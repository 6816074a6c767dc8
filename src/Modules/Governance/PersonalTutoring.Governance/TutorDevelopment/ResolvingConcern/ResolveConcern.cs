using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Governance.TutorDevelopment.ResolvingConcern;

/// <summary>POST …/development/concerns/{concernId}/resolution: closes a concern with its outcome (GO-9). Once only.</summary>
internal static class ResolveConcern
{
    internal sealed record Request(string? Resolution, DateOnly? ResolvedOn);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(r => r.Resolution).NotEmpty().MaximumLength(4000);
            RuleFor(r => r.ResolvedOn).NotNull()
                .Must(d => d <= GovernanceAccess.Today(clock)).WithMessage("A concern cannot be resolved in the future.");
        }
    }

    internal static object[] Decide(TutorDevelopmentRecord state, string schoolCode, string staffId, Guid concernId, Request request, string by, DateTimeOffset now)
    {
        state.DemandExists(schoolCode, staffId);
        state.OpenConcern(concernId, request.ResolvedOn!.Value);
        return [new TutorConcernResolved(schoolCode, staffId, concernId, request.Resolution!.Trim(), request.ResolvedOn!.Value, by, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/schools/{schoolCode}/tutors/{staffId}/development/concerns/{concernId:guid}/resolution",
                async (string schoolCode, string staffId, Guid concernId, Request request, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                RouteValues.School(schoolCode);
                RouteValues.Staff(staffId);
                var user = http.CurrentUser();
                ResourceAccess.DemandSchool(user, schoolCode, "resolve concerns about tutors");
                var current = await session.Events.FetchForWriting<TutorDevelopmentRecord>(TutorDevelopmentRecord.StreamId(schoolCode, staffId), ct);
                current.AppendDecision(http, Decide(current.State, schoolCode, staffId, concernId, request, user.Id, clock.GetUtcNow()));
                await session.SaveChangesAsync(ct);
                return Results.Ok(new { concernId, resolution = request.Resolution!.Trim(), request.ResolvedOn });
            })
            .Validate<Request>()
            .RequireAuthorization(DevelopmentPolicies.ManageSchoolRecords)
            .WithName("PostTutorConcernResolution")
            .WithVersionHeaders()
            .WithSummary("Resolves an open concern about a tutor with its outcome (GO-9); a resolved concern is closed for good.")
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
