namespace PersonalTutoring.Governance.TutorDevelopment;

/// <summary>
/// The training and quiz intervals of the Code of Practice (LCP "Training", "Support and Guidance", Knowledge and
/// Training KPIs): training within one year of starting the role and every three years after (GO-7); the quiz at
/// least once within three years (GO-8). They are university rules that define the KPIs every school reports, not
/// per-school policy numbers, so they live here, in one place, rather than in ITutoringPolicies.
/// </summary>
internal static class DevelopmentRules
{
    public const int FirstTrainingWithinYears = 1;
    public const int TrainingEveryYears = 3;
    public const int QuizWithinYears = 3;

    /// <summary>Three years after the last training, or one year after starting the role if never trained.</summary>
    public static DateOnly TrainingDueOn(DateOnly roleStartedOn, DateOnly? lastTrainedOn) =>
        lastTrainedOn is { } last ? last.AddYears(TrainingEveryYears) : roleStartedOn.AddYears(FirstTrainingWithinYears);

    /// <summary>
    /// Three years after the last attempt. A tutor who never took it is given three years from starting the role:
    /// the Code asks for "at least once within the last three years" and sets no shorter first deadline.
    /// </summary>
    public static DateOnly QuizDueOn(DateOnly roleStartedOn, DateOnly? lastTakenOn) =>
        (lastTakenOn ?? roleStartedOn).AddYears(QuizWithinYears);

    /// <summary>Whether a date falls within the <paramref name="years"/> years up to and including <paramref name="asOf"/> (the KPI window).</summary>
    public static bool WithinYears(DateOnly? date, DateOnly asOf, int years) =>
        date is { } d && d <= asOf && d > asOf.AddYears(-years);
}
