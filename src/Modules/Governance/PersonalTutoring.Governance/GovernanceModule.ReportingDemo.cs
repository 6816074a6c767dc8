using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.Reporting.Kpis;
using PersonalTutoring.Governance.Reporting.YearEnd;
using PersonalTutoring.Governance.Surveys;

namespace PersonalTutoring.Governance;

public static partial class GovernanceModule
{
    /// <summary>
    /// Seeds the reporting demo (issue 14): survey figures and feedback for 2023-24 and 2024-25 next to the 2025-26 ones,
    /// and year-end reports of MED and ENG for the three years, one at each stage of the reporting cycle, written through
    /// the report's decider with KPI snapshots computed from whatever the other seeds recorded. Run after the other
    /// modules' seeds. Idempotent: a stream that exists is left alone.
    /// </summary>
    public static async Task SeedGovernanceReportingDemoAsync(this IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        await ReportingDemo.SeedAsync(scope.ServiceProvider.GetRequiredService<IDocumentSession>(), services.GetRequiredService<ReportContents>(),
            services.GetRequiredService<TimeProvider>(), ct);
    }
}

internal static class ReportingDemo
{
    private const string By = "demo-seed";

    /// <summary>School, year and how far its whole-school report got: every stage of the cycle appears once.</summary>
    private static readonly (string School, int StartYear, ReportStage Stage)[] Reports =
    [
        ("MED", 2023, ReportStage.SharedWithSubCommittee), ("ENG", 2023, ReportStage.DiscussedInJune),
        ("MED", 2024, ReportStage.SubmittedToCollegeAndDean), ("ENG", 2024, ReportStage.StudentStaffCommitteeApproved),
        ("MED", 2025, ReportStage.SchoolEducationCommitteeApproved), ("ENG", 2025, ReportStage.Draft),
    ];

    public static async Task SeedAsync(IDocumentSession session, ReportContents contents, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = GovernanceAccess.Today(clock);
        new EventMetadata(null, null, By).StampOn(session);
        foreach (var school in new[] { "MED", "ENG" })
            foreach (var start in new[] { 2023, 2024 })
            {
                var stream = SchoolEvaluation.StreamId(school, new AcademicYear(start).ToString());
                if (await session.Events.FetchStreamStateAsync(stream, ct) is null) session.AppendAt(stream, 0, Evaluation(school, start, now));
            }
        await session.SaveChangesAsync(ct);

        foreach (var (school, start, stage) in Reports)
        {
            var year = new AcademicYear(start);
            var stream = YearEndReport.StreamId(school, year.ToString(), ReportCohorts.All);
            if (await session.Events.FetchStreamStateAsync(stream, ct) is not null) continue;
            var snapshotOn = new DateOnly(start + 1, 4, 15) is var april && april <= today ? april : today;
            var content = await contents.BuildAsync(session, school, ReportCohorts.All, new KpiDates(year, snapshotOn, today),
                $"Every {school} tutee was allocated a tutor and most met them in Welcome Week.",
                "Contact fell away in the spring term for final-year students.",
                "Requests to change tutor are steady; survey approval on contact is rising.", now, ct);
            var events = new List<object>();
            var report = YearEndReport.Initial;
            void Apply(object[] decided)
            {
                events.AddRange(decided);
                report = decided.Aggregate(report, (r, e) => r.Evolve(new Event<object>(e)));
            }
            Apply(report.Write(school, year.ToString(), ReportCohorts.All, content, $"st-{school}", now));
            var steps = new (ReportStage Step, DateOnly On, string? Minutes, string Actor)[]
            {
                (ReportStage.SchoolEducationCommitteeApproved, new DateOnly(start + 1, 5, 6), $"SEC {start + 1}/05 item 4", $"st-{school}"),
                (ReportStage.StudentStaffCommitteeApproved, new DateOnly(start + 1, 5, 20), $"SSC {start + 1}/05 item 2", $"st-{school}"),
                (ReportStage.SubmittedToCollegeAndDean, new DateOnly(start + 1, 5, 28), null, $"st-{school}"),
                (ReportStage.DiscussedInJune, new DateOnly(start + 1, 6, 17), $"CEC {start + 1}/06 item 7", "dean-1"),
                (ReportStage.SharedWithSubCommittee, new DateOnly(start + 1, 6, 30), $"SWISC {start + 1}/07", "dean-1"),
            };
            foreach (var step in steps.Where(s => s.Step <= stage && s.On <= today))
                Apply(report.Record(school, year.ToString(), ReportCohorts.All, step.Step, step.On, step.Minutes, step.Actor, today, now));
            session.AppendAt(stream, 0, events.ToArray());
        }
        await session.SaveChangesAsync(ct);
    }

    private static object[] Evaluation(string school, int start, DateTimeOffset now)
    {
        var year = new AcademicYear(start).ToString();
        var (respondents, agreeing) = (school == "MED" ? 390 + start % 10 : 350 + start % 10, school == "MED" ? 300 + (start - 2023) * 15 : 250 + (start - 2023) * 12);
        var theme = new Guid($"{(school == "MED" ? 1 : 2):D8}-0000-4000-9000-{start:D12}");
        return
        [
            new SurveyResultsRecorded(school, year, SurveyQuestions.ContactWithTutor, respondents, agreeing, By, now),
            new SurveyResultsRecorded(school, year, SurveyQuestions.PositiveExperience, respondents - 4, agreeing - 20, By, now),
            new FeedbackThemeRecorded(school, year, theme, FeedbackSource.Tutees, "Tutees wanted more notice of group meetings.", By, now),
            new FeedbackActionRecorded(school, year, theme, new Guid($"{(school == "MED" ? 1 : 2):D8}-0000-4000-9100-{start:D12}"),
                "Group meetings are in the tutee guide's calendar from the start of term.", FeedbackActionStatus.Done, By, now),
        ];
    }
}
