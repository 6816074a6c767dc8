using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Surveys;
using PersonalTutoring.Governance.Surveys.RecordingFeedbackAction;
using PersonalTutoring.Governance.Surveys.RecordingSurveyResults;
using PersonalTutoring.Governance.Surveys.UpdatingFeedbackAction;

namespace PersonalTutoring.Governance.Tests.Unit.DevelopmentAndGuide;

/// <summary>GO-6 survey figures and GO-10 feedback actions.</summary>
public sealed class EvaluationSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Theme = Guid.Parse("00000000-0000-4000-8000-000000000010");
    private static readonly Guid Action = Guid.Parse("00000000-0000-4000-8000-000000000011");
    private static readonly FeedbackThemeRecorded ThemeRecorded = new("MED", "2025-26", Theme, FeedbackSource.Tutees, "Hard to reach tutors", "st-1", Now);
    private static readonly FeedbackActionRecorded ActionRecorded = new("MED", "2025-26", Theme, Action, "Office hours published", FeedbackActionStatus.Planned, "st-1", Now);

    [Fact]
    public void Survey_figures_are_recorded_and_the_same_figures_again_decide_nothing()
    {
        var recorded = new SurveyResultsRecorded("MED", "2025-26", SurveyQuestions.ContactWithTutor, 200, 150, "st-1", Now);
        Spec<SchoolEvaluation>.Given()
            .When(s => RecordSurveyResults.Decide(s, "MED", "2025-26", SurveyQuestions.ContactWithTutor, new(200, 150), "st-1", Now))
            .Then(recorded);
        Spec<SchoolEvaluation>.Given(recorded)
            .When(s => RecordSurveyResults.Decide(s, "MED", "2025-26", SurveyQuestions.ContactWithTutor, new(200, 150), "st-1", Now))
            .ThenNothing();
    }

    [Fact]
    public void Corrected_survey_figures_are_recorded_again() =>
        Spec<SchoolEvaluation>.Given(new SurveyResultsRecorded("MED", "2025-26", SurveyQuestions.ContactWithTutor, 200, 150, "st-1", Now))
            .When(s => RecordSurveyResults.Decide(s, "MED", "2025-26", SurveyQuestions.ContactWithTutor, new(210, 150), "st-1", Now))
            .Then(new SurveyResultsRecorded("MED", "2025-26", SurveyQuestions.ContactWithTutor, 210, 150, "st-1", Now));

    [Fact]
    public void An_action_is_recorded_against_a_known_theme() =>
        Spec<SchoolEvaluation>.Given(ThemeRecorded)
            .When(s => RecordFeedbackAction.Decide(s, "MED", "2025-26", Theme, Action, new(" Office hours published ", FeedbackActionStatus.Planned), "st-1", Now))
            .Then(ActionRecorded with { Action = "Office hours published" });

    [Fact]
    public void An_action_on_an_unknown_theme_is_not_found() =>
        Spec<SchoolEvaluation>.Given()
            .When(s => RecordFeedbackAction.Decide(s, "MED", "2025-26", Theme, Action, new("x", FeedbackActionStatus.Planned), "st-1", Now))
            .ThenThrows<NotFoundException>();

    [Fact]
    public void An_action_moves_on_and_the_same_status_again_decides_nothing()
    {
        Spec<SchoolEvaluation>.Given(ThemeRecorded, ActionRecorded)
            .When(s => UpdateFeedbackAction.Decide(s, "MED", "2025-26", Theme, Action, new(FeedbackActionStatus.Done), "st-1", Now))
            .Then(new FeedbackActionStatusChanged("MED", "2025-26", Theme, Action, FeedbackActionStatus.Done, "st-1", Now));
        Spec<SchoolEvaluation>.Given(ThemeRecorded, ActionRecorded)
            .When(s => UpdateFeedbackAction.Decide(s, "MED", "2025-26", Theme, Action, new(FeedbackActionStatus.Planned), "st-1", Now))
            .ThenNothing();
    }
}
