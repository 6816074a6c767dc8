using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Governance.Surveys.RecordingFeedbackTheme;

/// <summary>POST /api/schools/{schoolCode}/evaluation/{academicYear}/feedback-themes: a theme from tutees' or tutors' feedback (GO-10).</summary>
internal static class RecordFeedbackTheme
{
    internal sealed record Request(FeedbackSource? Source, string? Theme);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Source).NotNull().IsInEnum();
            RuleFor(r => r.Theme).NotEmpty().MaximumLength(2000);
        }
    }

    internal static object[] Decide(string schoolCode, string academicYear, Guid themeId, Request request, string by, DateTimeOffset now) =>
        [new FeedbackThemeRecorded(schoolCode, academicYear, themeId, request.Source!.Value, request.Theme!.Trim(), by, now)];

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/schools/{schoolCode}/evaluation/{academicYear}/feedback-themes",
                async (string schoolCode, string academicYear, Request request, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                RouteValues.School(schoolCode);
                var year = GovernanceAccess.Year(academicYear).ToString();
                var user = http.CurrentUser();
                ResourceAccess.DemandSchool(user, schoolCode, "record feedback themes");
                await RouteValues.RegisteredSchoolAsync(session, schoolCode, ct);
                var current = await session.Events.FetchForWriting<SchoolEvaluation>(SchoolEvaluation.StreamId(schoolCode, year), ct);
                var themeId = Guid.CreateVersion7(clock.GetUtcNow());
                current.AppendDecision(http, Decide(schoolCode, year, themeId, request, user.Id, clock.GetUtcNow()));
                await session.SaveChangesAsync(ct);
                return Results.Created($"/api/schools/{schoolCode}/evaluation/{year}", new { themeId });
            })
            .Validate<Request>()
            .RequireAuthorization(DevelopmentPolicies.ManageSchoolRecords)
            .WithName("PostFeedbackTheme")
            .WithVersionHeaders()
            .WithSummary("Records a theme from the annual feedback of tutees or tutors (GO-10); returns the theme id.")
            .Produces(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
