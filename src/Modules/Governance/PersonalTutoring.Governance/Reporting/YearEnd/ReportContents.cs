using Marten;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.Reporting.Kpis;
using PersonalTutoring.Governance.Surveys;
using PersonalTutoring.Governance.Surveys.ReadModels;

namespace PersonalTutoring.Governance.Reporting.YearEnd;

/// <summary>Builds what a report freezes: the KPI snapshot of its cohort, the feedback actions, workload and extras.</summary>
internal sealed class ReportContents(KpiReads kpis, ITutoringPolicies policies)
{
    /// <summary>The figures of the report's cohort system as known on a date: the school's, or one cohort level's.</summary>
    public async Task<(IReadOnlyList<KpiFigure> Kpis, OperationalFigures Operational, DateOnly KpiDate)> FiguresAsync(
        string schoolCode, string cohort, KpiDates dates, CancellationToken ct)
    {
        var answer = await kpis.SchoolAsync(schoolCode, dates, ct);
        if (ReportCohorts.Level(cohort) is not { } level) return (answer.Kpis, answer.Operational, answer.KpiDate);
        var part = answer.Cohorts.Single(c => c.Level == level);
        return (part.Kpis, part.Operational, answer.KpiDate);
    }

    public async Task<ReportContent> BuildAsync(IQuerySession session, string schoolCode, string cohort, KpiDates dates,
        string successes, string challenges, string trends, DateTimeOffset now, CancellationToken ct)
    {
        var year = dates.Year;
        var (figures, operational, kpiDate) = await FiguresAsync(schoolCode, cohort, dates, ct);
        var evaluation = await session.LoadAsync<EvaluationView>(SchoolEvaluation.StreamId(schoolCode, year.ToString()), ct);
        var actions = evaluation?.FeedbackThemes.SelectMany(t => t.Actions.Select(a => new ReportFeedbackAction(t.Source.ToString(), t.Theme, a.Action, a.Status.ToString())))
            .ToList() ?? [];
        var policy = await policies.InForceAsync(schoolCode, kpiDate, ReportCohorts.Level(cohort), ct);
        return new ReportContent(successes.Trim(), challenges.Trim(), trends.Trim(), new ReportSnapshot(dates.AsOf, kpiDate, dates.KnownOn, now, figures, operational), actions,
            policy.WorkloadHoursPerTutee, policy.ExtraResponsibilities);
    }
}
