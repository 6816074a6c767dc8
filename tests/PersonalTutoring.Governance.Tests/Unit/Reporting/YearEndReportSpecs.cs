using PersonalTutoring.Governance.Reporting.Kpis;
using PersonalTutoring.Governance.Reporting.YearEnd;

namespace PersonalTutoring.Governance.Tests.Unit.Reporting;

/// <summary>GO-3, GO-5: the report's cycle in order, approved versions never edited, new versions from approved ones.</summary>
public sealed class YearEndReportSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 6, 20, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 6, 20);

    private static readonly ReportContent Content = new("s", "c", "t",
        new ReportSnapshot(new(2026, 4, 15), new(2026, 4, 15), new(2026, 4, 15), Now, [],
            new OperationalFigures([], [], new KpiFigure("r", "operational", "r", null, 0, 0, "d"), 0, 0, 0)), [], 1m, []);

    private static readonly object Written = new YearEndReportWritten("MED", "2025-26", "all", 1, Content, "st", Now);

    private static object Step(ReportStage step, DateOnly on, int version = 1) =>
        new YearEndReportStepRecorded("MED", "2025-26", "all", version, step, on, "m", "st", Now);

    private static Spec<YearEndReport>.Outcome Record(Spec<YearEndReport>.GivenState given, ReportStage step, DateOnly on) =>
        given.When(r => r.Record("MED", "2025-26", "all", step, on, "m", "st", Today, Now));

    [Fact]
    public void The_School_Education_Committee_approves_a_draft() =>
        Record(Spec<YearEndReport>.Given(Written), ReportStage.SchoolEducationCommitteeApproved, new(2026, 5, 6))
            .Then(Step(ReportStage.SchoolEducationCommitteeApproved, new(2026, 5, 6)));

    [Fact]
    public void A_step_out_of_order_is_refused() =>
        Record(Spec<YearEndReport>.Given(Written), ReportStage.SubmittedToCollegeAndDean, new(2026, 5, 6)).ThenRefused("out-of-order");

    [Fact]
    public void A_step_before_the_previous_one_is_refused() =>
        Record(Spec<YearEndReport>.Given(Written, Step(ReportStage.SchoolEducationCommitteeApproved, new(2026, 5, 6))),
            ReportStage.StudentStaffCommitteeApproved, new(2026, 5, 1)).ThenRefused("before-previous-step");

    [Fact]
    public void A_step_before_the_snapshot_date_is_refused() =>
        Record(Spec<YearEndReport>.Given(Written), ReportStage.SchoolEducationCommitteeApproved, new(2026, 4, 1)).ThenRefused("before-snapshot");

    [Fact]
    public void A_step_in_the_future_is_refused() =>
        Record(Spec<YearEndReport>.Given(Written), ReportStage.SchoolEducationCommitteeApproved, new(2026, 7, 1)).ThenRefused("step-date-in-future");

    [Fact]
    public void The_discussion_is_in_June() =>
        Record(Spec<YearEndReport>.Given(Written, Step(ReportStage.SchoolEducationCommitteeApproved, new(2026, 5, 6)),
                Step(ReportStage.StudentStaffCommitteeApproved, new(2026, 5, 7)), Step(ReportStage.SubmittedToCollegeAndDean, new(2026, 5, 8))),
            ReportStage.DiscussedInJune, new(2026, 5, 30)).ThenRefused("not-june");

    [Fact]
    public void A_report_through_the_whole_cycle_takes_no_more_steps() =>
        Record(Spec<YearEndReport>.Given(Written, Step(ReportStage.SchoolEducationCommitteeApproved, new(2026, 5, 6)),
                Step(ReportStage.StudentStaffCommitteeApproved, new(2026, 5, 7)), Step(ReportStage.SubmittedToCollegeAndDean, new(2026, 5, 8)),
                Step(ReportStage.DiscussedInJune, new(2026, 6, 10)), Step(ReportStage.SharedWithSubCommittee, new(2026, 6, 12))),
            ReportStage.SharedWithSubCommittee, new(2026, 6, 13)).ThenRefused("out-of-order");

    [Fact]
    public void An_approved_version_is_never_edited() =>
        Spec<YearEndReport>.Given(Written, Step(ReportStage.SchoolEducationCommitteeApproved, new(2026, 5, 6)))
            .When(r => r.Write("MED", "2025-26", "all", Content with { Successes = "changed" }, "st", Now)).ThenRefused("report-approved");

    [Fact]
    public void The_same_draft_again_decides_nothing() =>
        Spec<YearEndReport>.Given(Written).When(r => r.Write("MED", "2025-26", "all", Content, "st", Now.AddDays(1))).ThenNothing();

    [Fact]
    public void A_new_version_starts_from_an_approved_one_and_goes_round_again()
    {
        Spec<YearEndReport>.Given(Written, Step(ReportStage.SchoolEducationCommitteeApproved, new(2026, 5, 6)))
            .When(r => r.Revise("MED", "2025-26", "all", "corrected", "st", Now))
            .Then(new YearEndReportRevised("MED", "2025-26", "all", 2, "corrected", "st", Now));
        Record(Spec<YearEndReport>.Given(Written, Step(ReportStage.SchoolEducationCommitteeApproved, new(2026, 5, 6)),
                new YearEndReportRevised("MED", "2025-26", "all", 2, "corrected", "st", Now)),
            ReportStage.SchoolEducationCommitteeApproved, new(2026, 6, 1)).Then(Step(ReportStage.SchoolEducationCommitteeApproved, new(2026, 6, 1), version: 2));
    }

    [Fact]
    public void A_draft_is_edited_not_revised() =>
        Spec<YearEndReport>.Given(Written).When(r => r.Revise("MED", "2025-26", "all", "x", "st", Now)).ThenRefused("still-draft");
}
