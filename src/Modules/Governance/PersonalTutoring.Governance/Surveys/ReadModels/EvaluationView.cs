using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.Governance.Surveys.ReadModels;

/// <summary>A school's evaluation of personal tutoring for a year: survey approval (GO-6) and feedback with actions (GO-10).</summary>
internal sealed record EvaluationView(string SchoolCode, string AcademicYear, IReadOnlyList<SurveyFigures> Survey, IReadOnlyList<FeedbackTheme> FeedbackThemes)
{
    /// <summary>The Marten identity: the evaluation's stream key. Not part of the API's JSON.</summary>
    [JsonIgnore]
    public string Id => SchoolEvaluation.StreamId(SchoolCode, AcademicYear);
}

/// <summary>Approval is the share of respondents agreeing, to one decimal place; none without respondents.</summary>
internal sealed record SurveyFigures(string Question, int Respondents, int Agreeing, decimal? ApprovalPercent, DateTimeOffset RecordedAt);

internal sealed record FeedbackTheme(Guid ThemeId, FeedbackSource Source, string Theme, DateTimeOffset RecordedAt, IReadOnlyList<FeedbackAction> Actions);

internal sealed record FeedbackAction(Guid ActionId, string Action, FeedbackActionStatus Status, DateTimeOffset UpdatedAt);

/// <summary>Async: nothing decides on it. One document per evaluation stream (the fold's default document id).</summary>
internal sealed class EvaluationViewProjection : StreamFoldProjection<EvaluationView>
{
    public override string Name => "governance-evaluations";

    public override IReadOnlyCollection<Type> EventTypes => EvaluationEvents.All;

    protected override EvaluationView? Evolve(EvaluationView? current, IEvent e)
    {
        var view = current ?? e.Data switch
        {
            SurveyResultsRecorded s => new EvaluationView(s.SchoolCode, s.AcademicYear, [], []),
            FeedbackThemeRecorded t => new EvaluationView(t.SchoolCode, t.AcademicYear, [], []),
            _ => null,
        };
        return (view, e.Data) switch
        {
            ({ } v, SurveyResultsRecorded s) => v with
            {
                Survey = [.. v.Survey.Where(f => f.Question != s.Question), Figures(s)],
            },
            ({ } v, FeedbackThemeRecorded t) => v with { FeedbackThemes = [.. v.FeedbackThemes, new FeedbackTheme(t.ThemeId, t.Source, t.Theme, t.RecordedAt, [])] },
            ({ } v, FeedbackActionRecorded a) => Update(v, a.ThemeId, t => t with { Actions = [.. t.Actions, new FeedbackAction(a.ActionId, a.Action, a.Status, a.RecordedAt)] }),
            ({ } v, FeedbackActionStatusChanged c) => Update(v, c.ThemeId, t => t with
            {
                Actions = t.Actions.Select(a => a.ActionId == c.ActionId ? a with { Status = c.Status, UpdatedAt = c.ChangedAt } : a).ToList(),
            }),
            _ => view,
        };
    }

    private static SurveyFigures Figures(SurveyResultsRecorded s) =>
        new(s.Question, s.Respondents, s.Agreeing, s.Respondents == 0 ? null : Math.Round(100m * s.Agreeing / s.Respondents, 1), s.RecordedAt);

    private static EvaluationView Update(EvaluationView view, Guid themeId, Func<FeedbackTheme, FeedbackTheme> change) =>
        view with { FeedbackThemes = view.FeedbackThemes.Select(t => t.ThemeId == themeId ? change(t) : t).ToList() };

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/schools/{schoolCode}/evaluation/{academicYear}",
                async (string schoolCode, string academicYear, IQuerySession session, CancellationToken ct) =>
            {
                RouteValues.School(schoolCode);
                var year = GovernanceAccess.Year(academicYear).ToString();
                var view = await session.LoadAsync<EvaluationView>(SchoolEvaluation.StreamId(schoolCode, year), ct)
                    ?? throw new NotFoundException($"Nothing is recorded yet for the evaluation of {schoolCode} in {year}.");
                return Results.Ok(view with { Survey = view.Survey.OrderBy(f => f.Question, StringComparer.Ordinal).ToList() });
            })
            .RequireAuthorization(DevelopmentPolicies.ReadFigures)
            .RequireSchool("read the evaluation of personal tutoring", DevelopmentPolicies.Oversight)
            .WithName("GetSchoolEvaluation")
            .WithSummary("A school's survey approval figures (GO-6) and feedback themes with the actions taken (GO-10) for an academic year.")
            .Produces<EvaluationView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}

internal static class EvaluationRegistration
{
    public static void Configure(StoreOptions options)
    {
        options.Schema.For<EvaluationView>().DatabaseSchemaName(GovernanceModule.Schema).Identity(v => v.Id).Index(v => v.SchoolCode);
        options.AddFold(new EvaluationViewProjection());
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        RecordingSurveyResults.RecordSurveyResults.Map(app);
        RecordingFeedbackTheme.RecordFeedbackTheme.Map(app);
        RecordingFeedbackAction.RecordFeedbackAction.Map(app);
        UpdatingFeedbackAction.UpdateFeedbackAction.Map(app);
        EvaluationViewProjection.Map(app);
    }
}
