using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.TutorDevelopment;

/// <summary>
/// The training and quiz intervals (GO-7, GO-8) of the school's policy in force: training within one year of starting
/// the role and every three years after, the quiz at least once within three years, unless the school's approved
/// policy says otherwise (the numbers of the Code of Practice are the university default, in UniversityDefault).
/// </summary>
internal sealed record DevelopmentRules(int FirstTrainingWithinYears, int TrainingEveryYears, int QuizWithinYears)
{
    /// <summary>The Code of Practice's numbers (the university default policy).</summary>
    public static readonly DevelopmentRules CodeOfPractice = new(
        SchoolPolicies.UniversityDefault.FirstTrainingWithinYears,
        SchoolPolicies.UniversityDefault.TrainingEveryYears,
        SchoolPolicies.UniversityDefault.QuizWithinYears);

    public static DevelopmentRules Of(TutoringPolicy policy) => new(policy.FirstTrainingWithinYears, policy.TrainingEveryYears, policy.QuizWithinYears);

    /// <summary>The rules of the school's policy in force on a date.</summary>
    public static async Task<DevelopmentRules> InForceAsync(ITutoringPolicies policies, string schoolCode, DateOnly on, CancellationToken ct) =>
        Of(await policies.InForceAsync(schoolCode, on, null, ct));

    /// <summary>Three years after the last training, or one year after starting the role if never trained.</summary>
    public DateOnly TrainingDueOn(DateOnly roleStartedOn, DateOnly? lastTrainedOn) =>
        lastTrainedOn is { } last ? last.AddYears(TrainingEveryYears) : roleStartedOn.AddYears(FirstTrainingWithinYears);

    /// <summary>
    /// Three years after the last attempt. A tutor who never took it is given three years from starting the role:
    /// the Code asks for "at least once within the last three years" and sets no shorter first deadline.
    /// </summary>
    public DateOnly QuizDueOn(DateOnly roleStartedOn, DateOnly? lastTakenOn) =>
        (lastTakenOn ?? roleStartedOn).AddYears(QuizWithinYears);

    /// <summary>Whether a date falls within the <paramref name="years"/> years up to and including <paramref name="asOf"/> (the KPI window).</summary>
    public static bool WithinYears(DateOnly? date, DateOnly asOf, int years) =>
        date is { } d && d <= asOf && d > asOf.AddYears(-years);
}
