using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Governance.TutorDevelopment.RecordingQuizAttempt;

/// <summary>POST /api/schools/{schoolCode}/tutors/{staffId}/development/quiz-attempts: a Personal Tutoring Quiz score (GO-8).</summary>
internal static class RecordQuizAttempt
{
    internal sealed record Request(int? Score, DateOnly? TakenOn);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(r => r.Score).NotNull().InclusiveBetween(0, 100);
            RuleFor(r => r.TakenOn).NotNull()
                .Must(d => d <= GovernanceAccess.Today(clock)).WithMessage("A quiz attempt cannot be in the future.");
        }
    }

    internal static object[] Decide(TutorDevelopmentRecord state, string schoolCode, string staffId, Request request, string by, DateTimeOffset now)
    {
        state.DemandExists(schoolCode, staffId);
        return [new TutorQuizAttempted(schoolCode, staffId, request.Score!.Value, request.TakenOn!.Value, by, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/schools/{schoolCode}/tutors/{staffId}/development/quiz-attempts",
                async (string schoolCode, string staffId, Request request, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                RouteValues.School(schoolCode);
                RouteValues.Staff(staffId);
                var user = http.CurrentUser();
                ResourceAccess.DemandSchool(user, schoolCode, "record quiz attempts");
                var current = await session.Events.FetchForWriting<TutorDevelopmentRecord>(TutorDevelopmentRecord.StreamId(schoolCode, staffId), ct);
                current.AppendDecision(http, Decide(current.State, schoolCode, staffId, request, user.Id, clock.GetUtcNow()));
                await session.SaveChangesAsync(ct);
                return Results.Created($"/api/schools/{schoolCode}/tutors/{staffId}/development", new { request.Score, request.TakenOn });
            })
            .Validate<Request>()
            .RequireAuthorization(DevelopmentPolicies.ManageSchoolRecords)
            .WithName("PostTutorQuizAttempt")
            .WithVersionHeaders()
            .WithSummary("Records a tutor's Personal Tutoring Quiz score (0-100) and the date taken (GO-8).")
            .Produces(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
