using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Governance.Surveys;

/// <summary>Who a feedback theme came from (GO-10: tutees and tutors each give feedback at least once a year).</summary>
internal enum FeedbackSource { Tutees, Tutors }

internal enum FeedbackActionStatus { Planned, InProgress, Done }

/// <summary>Student Academic Experience Survey figures for one personal-tutoring question (GO-6 Tutee Satisfaction).</summary>
internal sealed record SurveyResultsRecorded(string SchoolCode, string AcademicYear, string Question, int Respondents, int Agreeing, string RecordedBy, DateTimeOffset RecordedAt);

internal sealed record FeedbackThemeRecorded(string SchoolCode, string AcademicYear, Guid ThemeId, FeedbackSource Source, string Theme, string RecordedBy, DateTimeOffset RecordedAt);

internal sealed record FeedbackActionRecorded(string SchoolCode, string AcademicYear, Guid ThemeId, Guid ActionId, string Action, FeedbackActionStatus Status, string RecordedBy, DateTimeOffset RecordedAt);

internal sealed record FeedbackActionStatusChanged(string SchoolCode, string AcademicYear, Guid ThemeId, Guid ActionId, FeedbackActionStatus Status, string ChangedBy, DateTimeOffset ChangedAt);

internal static class EvaluationEvents
{
    public static readonly IReadOnlyCollection<Type> All =
        [typeof(SurveyResultsRecorded), typeof(FeedbackThemeRecorded), typeof(FeedbackActionRecorded), typeof(FeedbackActionStatusChanged)];

    public static void Register(StoreOptions options)
    {
        options.Events.MapEventType<SurveyResultsRecorded>("governance.survey_results_recorded");
        options.Events.MapEventType<FeedbackThemeRecorded>("governance.feedback_theme_recorded");
        options.Events.MapEventType<FeedbackActionRecorded>("governance.feedback_action_recorded");
        options.Events.MapEventType<FeedbackActionStatusChanged>("governance.feedback_action_status_changed");
        options.AddWriteModel<SchoolEvaluation>();
    }
}

/// <summary>The two survey questions on personal tutoring the Code of Practice reports (LCP KPIs, Tutee Satisfaction).</summary>
internal static class SurveyQuestions
{
    public const string ContactWithTutor = "contact-with-tutor";
    public const string PositiveExperience = "positive-experience";

    public static readonly IReadOnlyList<string> All = [ContactWithTutor, PositiveExperience];
}
