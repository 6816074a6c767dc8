using System.Collections.Immutable;
using JasperFx.Events;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Governance.Surveys;

/// <summary>
/// The write model of a school's evaluation of personal tutoring for one academic year: the survey figures (to
/// make a repeated PUT a no-op) and each feedback action's status.
/// </summary>
internal sealed record SchoolEvaluation(
    ImmutableDictionary<string, (int Respondents, int Agreeing)> Survey,
    ImmutableDictionary<Guid, ImmutableDictionary<Guid, FeedbackActionStatus>> Themes) : IWriteModel<SchoolEvaluation>
{
    public string Id { get; init; } = "";

    public static SchoolEvaluation Initial => new(ImmutableDictionary<string, (int, int)>.Empty, ImmutableDictionary<Guid, ImmutableDictionary<Guid, FeedbackActionStatus>>.Empty);

    public static string StreamId(string schoolCode, string academicYear) => $"school-evaluation-{schoolCode}-{academicYear}";

    public SchoolEvaluation Evolve(IEvent @event) => @event.Data switch
    {
        SurveyResultsRecorded e => this with { Survey = Survey.SetItem(e.Question, (e.Respondents, e.Agreeing)) },
        FeedbackThemeRecorded e => this with { Themes = Themes.SetItem(e.ThemeId, ImmutableDictionary<Guid, FeedbackActionStatus>.Empty) },
        FeedbackActionRecorded e => this with { Themes = Themes.SetItem(e.ThemeId, Themes[e.ThemeId].SetItem(e.ActionId, e.Status)) },
        FeedbackActionStatusChanged e => this with { Themes = Themes.SetItem(e.ThemeId, Themes[e.ThemeId].SetItem(e.ActionId, e.Status)) },
        _ => this,
    };

    public ImmutableDictionary<Guid, FeedbackActionStatus> Theme(Guid themeId) =>
        Themes.GetValueOrDefault(themeId) ?? throw new NotFoundException($"Feedback theme {themeId} is not recorded for this school and year.");
}
