using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Governance.Surveys.RecordingSurveyResults;

/// <summary>
/// PUT /api/schools/{schoolCode}/evaluation/{academicYear}/survey/{question}: the survey figures for one of the two
/// personal-tutoring questions (GO-6). A later PUT corrects them; the same figures again append nothing.
/// </summary>
internal static class RecordSurveyResults
{
    internal sealed record Request(int? Respondents, int? Agreeing);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Respondents).NotNull().GreaterThanOrEqualTo(0);
            RuleFor(r => r.Agreeing).NotNull().GreaterThanOrEqualTo(0)
                .LessThanOrEqualTo(r => r.Respondents).When(r => r.Respondents is not null).WithMessage("More cannot agree than responded.");
        }
    }

    internal static object[] Decide(SchoolEvaluation state, string schoolCode, string academicYear, string question, Request request, string by, DateTimeOffset now)
    {
        var figures = (request.Respondents!.Value, request.Agreeing!.Value);
        return state.Survey.TryGetValue(question, out var current) && current == figures
            ? []
            : [new SurveyResultsRecorded(schoolCode, academicYear, question, figures.Item1, figures.Item2, by, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/schools/{schoolCode}/evaluation/{academicYear}/survey/{question}",
                async (string schoolCode, string academicYear, string question, Request request, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                RouteValues.School(schoolCode);
                var year = GovernanceAccess.Year(academicYear).ToString();
                if (!SurveyQuestions.All.Contains(question))
                    throw RequestValidationException.For("question", $"The survey question is one of: {string.Join(", ", SurveyQuestions.All)}.");
                var user = http.CurrentUser();
                ResourceAccess.DemandSchool(user, schoolCode, "record survey results");
                await RouteValues.RegisteredSchoolAsync(session, schoolCode, ct);
                var current = await session.Events.FetchForWriting<SchoolEvaluation>(SchoolEvaluation.StreamId(schoolCode, year), ct);
                current.AppendDecision(http, Decide(current.State, schoolCode, year, question, request, user.Id, clock.GetUtcNow()));
                await session.SaveChangesAsync(ct);
                return Results.Ok(new { question, request.Respondents, request.Agreeing });
            })
            .Validate<Request>()
            .RequireAuthorization(DevelopmentPolicies.ManageSchoolRecords)
            .WithName("PutSurveyResults")
            .WithVersionHeaders()
            .WithSummary("Records the Student Academic Experience Survey figures (respondents, agreeing) for a personal-tutoring question (GO-6).")
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
