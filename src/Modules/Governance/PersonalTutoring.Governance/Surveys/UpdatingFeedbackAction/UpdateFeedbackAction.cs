using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Governance.Surveys.UpdatingFeedbackAction;

/// <summary>PUT …/feedback-themes/{themeId}/actions/{actionId}/status: moves an action on (Planned → InProgress → Done).</summary>
internal static class UpdateFeedbackAction
{
    internal sealed record Request(FeedbackActionStatus? Status);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Status).NotNull().IsInEnum();
    }

    /// <summary>The same status again decides nothing. A status may move back (a "done" action reopened is still reported honestly).</summary>
    internal static object[] Decide(SchoolEvaluation state, string schoolCode, string academicYear, Guid themeId, Guid actionId, Request request, string by, DateTimeOffset now)
    {
        var actions = state.Theme(themeId);
        if (!actions.TryGetValue(actionId, out var status))
            throw new NotFoundException($"Action {actionId} is not recorded on feedback theme {themeId}.");
        return status == request.Status ? [] : [new FeedbackActionStatusChanged(schoolCode, academicYear, themeId, actionId, request.Status!.Value, by, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/schools/{schoolCode}/evaluation/{academicYear}/feedback-themes/{themeId:guid}/actions/{actionId:guid}/status",
                async (string schoolCode, string academicYear, Guid themeId, Guid actionId, Request request, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                RouteValues.School(schoolCode);
                var year = GovernanceAccess.Year(academicYear).ToString();
                var user = http.CurrentUser();
                ResourceAccess.DemandSchool(user, schoolCode, "update actions on feedback");
                var current = await session.Events.FetchForWriting<SchoolEvaluation>(SchoolEvaluation.StreamId(schoolCode, year), ct);
                current.AppendDecision(http, Decide(current.State, schoolCode, year, themeId, actionId, request, user.Id, clock.GetUtcNow()));
                await session.SaveChangesAsync(ct);
                return Results.Ok(new { themeId, actionId, request.Status });
            })
            .Validate<Request>()
            .RequireAuthorization(DevelopmentPolicies.ManageSchoolRecords)
            .WithName("PutFeedbackActionStatus")
            .WithVersionHeaders()
            .WithSummary("Changes the status of an action taken in response to feedback (Planned, InProgress, Done).")
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
