using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Governance.Surveys.RecordingFeedbackAction;

/// <summary>POST …/feedback-themes/{themeId}/actions: an action taken in response to a feedback theme (GO-10: schools report them).</summary>
internal static class RecordFeedbackAction
{
    internal sealed record Request(string? Action, FeedbackActionStatus? Status);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Action).NotEmpty().MaximumLength(2000);
            RuleFor(r => r.Status).NotNull().IsInEnum();
        }
    }

    internal static object[] Decide(SchoolEvaluation state, string schoolCode, string academicYear, Guid themeId, Guid actionId, Request request, string by, DateTimeOffset now)
    {
        state.Theme(themeId);
        return [new FeedbackActionRecorded(schoolCode, academicYear, themeId, actionId, request.Action!.Trim(), request.Status!.Value, by, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/schools/{schoolCode}/evaluation/{academicYear}/feedback-themes/{themeId:guid}/actions",
                async (string schoolCode, string academicYear, Guid themeId, Request request, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                RouteValues.School(schoolCode);
                var year = GovernanceAccess.Year(academicYear).ToString();
                var user = http.CurrentUser();
                ResourceAccess.DemandSchool(user, schoolCode, "record actions on feedback");
                var current = await session.Events.FetchForWriting<SchoolEvaluation>(SchoolEvaluation.StreamId(schoolCode, year), ct);
                var actionId = Guid.CreateVersion7(clock.GetUtcNow());
                current.AppendDecision(http, Decide(current.State, schoolCode, year, themeId, actionId, request, user.Id, clock.GetUtcNow()));
                await session.SaveChangesAsync(ct);
                return Results.Created($"/api/schools/{schoolCode}/evaluation/{year}", new { themeId, actionId });
            })
            .Validate<Request>()
            .RequireAuthorization(DevelopmentPolicies.ManageSchoolRecords)
            .WithName("PostFeedbackAction")
            .WithVersionHeaders()
            .WithSummary("Records an action taken in response to a feedback theme, with its status (Planned, InProgress, Done).")
            .Produces(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
