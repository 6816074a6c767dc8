using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Governance.TuteeGuides.PublishingGuide;

/// <summary>POST /api/schools/{schoolCode}/tutee-guide/{academicYear}/publication: publishes the pending draft as the next version (LCP 19).</summary>
internal static class PublishTuteeGuide
{
    internal sealed record Published(int Version, DateTimeOffset PublishedAt);

    internal static object[] Decide(TuteeGuide state, string schoolCode, string academicYear, string by, DateTimeOffset now) =>
        state.Draft is { } draft
            ? [new TuteeGuidePublished(schoolCode, academicYear, state.PublishedVersion + 1, draft, by, now)]
            : throw new BusinessRuleException("nothing-to-publish", "There is no draft to publish; draft the guide first.");

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/schools/{schoolCode}/tutee-guide/{academicYear}/publication",
                async (string schoolCode, string academicYear, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                RouteValues.School(schoolCode);
                var year = GovernanceAccess.Year(academicYear).ToString();
                var user = http.CurrentUser();
                ResourceAccess.DemandSchool(user, schoolCode, "publish the tutee guide");
                var current = await session.Events.FetchForWriting<TuteeGuide>(TuteeGuide.StreamId(schoolCode, year), ct);
                var now = clock.GetUtcNow();
                current.AppendDecision(http, Decide(current.State, schoolCode, year, user.Id, now));
                await session.SaveChangesAsync(ct);
                return Results.Ok(new Published(current.State.PublishedVersion + 1, now));
            })
            .RequireAuthorization(DevelopmentPolicies.ManageSchoolRecords)
            .WithName("PublishTuteeGuide")
            .WithVersionHeaders()
            .WithSummary("Publishes the pending draft of the tutee guide as its next, immutable version, superseding the previous one.")
            .Produces<Published>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
