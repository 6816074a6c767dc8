namespace PersonalTutoring.Governance.TutorDevelopment.ReadModels;

/// <summary>Where a tutor stands on a date (GO-7, GO-8, GO-9): only facts recorded on or before that date count.</summary>
internal sealed record DevelopmentStatus(
    string StaffId,
    DateOnly RoleStartedOn,
    DateOnly? LastTrainedOn,
    DateOnly TrainingDueOn,
    bool TrainingOverdue,
    int? LastQuizScore,
    DateOnly? LastQuizOn,
    DateOnly QuizDueOn,
    bool QuizOverdue,
    int OpenConcerns)
{
    public static DevelopmentStatus Of(TutorDevelopmentView view, DateOnly asOf, DevelopmentRules? rules = null)
    {
        rules ??= DevelopmentRules.CodeOfPractice;
        var lastTrained = view.Training.Where(t => t.CompletedOn <= asOf).Select(t => (DateOnly?)t.CompletedOn).Max();
        var lastQuiz = view.QuizAttempts.Where(q => q.TakenOn <= asOf).OrderBy(q => q.TakenOn).LastOrDefault();
        var trainingDue = rules.TrainingDueOn(view.RoleStartedOn, lastTrained);
        var quizDue = rules.QuizDueOn(view.RoleStartedOn, lastQuiz?.TakenOn);
        return new DevelopmentStatus(view.StaffId, view.RoleStartedOn, lastTrained, trainingDue, asOf > trainingDue,
            lastQuiz?.Score, lastQuiz?.TakenOn, quizDue, asOf > quizDue, OpenOn(view, asOf));
    }

    /// <summary>Concerns raised by the date and not resolved by it.</summary>
    public static int OpenOn(TutorDevelopmentView view, DateOnly asOf) =>
        view.Concerns.Count(c => c.RaisedOn <= asOf && (c.Resolution is null || c.Resolution.ResolvedOn > asOf));
}
