using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Governance.TutorDevelopment.RecordingTraining;

/// <summary>POST /api/schools/{schoolCode}/tutors/{staffId}/development/training: a completed training course (GO-7).</summary>
internal static class RecordTraining
{
    internal sealed record Request(string? Course, DateOnly? CompletedOn);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(r => r.Course).NotEmpty().MaximumLength(200);
            RuleFor(r => r.CompletedOn).NotNull()
                .Must(d => d <= GovernanceAccess.Today(clock)).WithMessage("A completion cannot be in the future.");
        }
    }

    internal static object[] Decide(TutorDevelopmentRecord state, string schoolCode, string staffId, Request request, string by, DateTimeOffset now)
    {
        state.DemandExists(schoolCode, staffId);
        return [new TutorTrainingCompleted(schoolCode, staffId, request.Course!.Trim(), request.CompletedOn!.Value, by, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/schools/{schoolCode}/tutors/{staffId}/development/training",
                async (string schoolCode, string staffId, Request request, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                RouteValues.School(schoolCode);
                RouteValues.Staff(staffId);
                var user = http.CurrentUser();
                ResourceAccess.DemandSchool(user, schoolCode, "record tutor training");
                var current = await session.Events.FetchForWriting<TutorDevelopmentRecord>(TutorDevelopmentRecord.StreamId(schoolCode, staffId), ct);
                current.AppendDecision(http, Decide(current.State, schoolCode, staffId, request, user.Id, clock.GetUtcNow()));
                await session.SaveChangesAsync(ct);
                return Results.Created($"/api/schools/{schoolCode}/tutors/{staffId}/development", new { course = request.Course!.Trim(), request.CompletedOn });
            })
            .Validate<Request>()
            .RequireAuthorization(DevelopmentPolicies.ManageSchoolRecords)
            .WithName("PostTutorTraining")
            .WithVersionHeaders()
            .WithSummary("Records that a tutor completed a personal-tutoring training course on a date (GO-7).")
            .Produces(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
