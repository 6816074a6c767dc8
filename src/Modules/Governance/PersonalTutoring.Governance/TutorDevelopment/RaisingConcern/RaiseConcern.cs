using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Governance.TutorDevelopment.RaisingConcern;

/// <summary>
/// POST /api/schools/{schoolCode}/tutors/{staffId}/development/concerns: the school identifies a tutor as not
/// sufficiently fulfilling the role (GO-9). Actions and a resolution follow on the concern.
/// </summary>
internal static class RaiseConcern
{
    [BuildingBlocks.Http.ContractName("RaiseTutorConcernRequest")]
    internal sealed record Request(string? Description, DateOnly? RaisedOn);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(r => r.Description).NotEmpty().MaximumLength(4000);
            RuleFor(r => r.RaisedOn).NotNull()
                .Must(d => d <= GovernanceAccess.Today(clock)).WithMessage("A concern cannot be raised in the future.");
        }
    }

    internal static object[] Decide(TutorDevelopmentRecord state, string schoolCode, string staffId, Guid concernId, Request request, string by, DateTimeOffset now)
    {
        state.DemandExists(schoolCode, staffId);
        return [new TutorConcernRaised(schoolCode, staffId, concernId, request.Description!.Trim(), request.RaisedOn!.Value, by, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/schools/{schoolCode}/tutors/{staffId}/development/concerns",
                async (string schoolCode, string staffId, Request request, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                RouteValues.School(schoolCode);
                RouteValues.Staff(staffId);
                var user = http.CurrentUser();
                ResourceAccess.DemandSchool(user, schoolCode, "raise concerns about tutors");
                var current = await session.Events.FetchForWriting<TutorDevelopmentRecord>(TutorDevelopmentRecord.StreamId(schoolCode, staffId), ct);
                var concernId = Guid.CreateVersion7(clock.GetUtcNow());
                current.AppendDecision(http, Decide(current.State, schoolCode, staffId, concernId, request, user.Id, clock.GetUtcNow()));
                await session.SaveChangesAsync(ct);
                return Results.Created($"/api/schools/{schoolCode}/tutors/{staffId}/development", new { concernId });
            })
            .Validate<Request>()
            .RequireAuthorization(DevelopmentPolicies.ManageSchoolRecords)
            .WithName("PostTutorConcern")
            .WithVersionHeaders()
            .WithSummary("Raises a concern that a tutor is not sufficiently fulfilling the role (GO-9); returns the concern id.")
            .Produces(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
