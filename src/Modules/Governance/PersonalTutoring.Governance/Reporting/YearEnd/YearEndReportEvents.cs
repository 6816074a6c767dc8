using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.Reporting.Kpis;

namespace PersonalTutoring.Governance.Reporting.YearEnd;

/// <summary>
/// Where a report version is in the LCP 18 cycle: each stage is reached by recording its step, in this order only.
/// </summary>
internal enum ReportStage
{
    Draft,
    SchoolEducationCommitteeApproved,
    StudentStaffCommitteeApproved,
    SubmittedToCollegeAndDean,
    DiscussedInJune,
    SharedWithSubCommittee,
}

/// <summary>The KPI answer frozen with a report: the figures on <see cref="AsOf"/> as known on <see cref="KnownOn"/> (the day it was taken).</summary>
internal sealed record ReportSnapshot(DateOnly AsOf, DateOnly KpiDate, DateOnly KnownOn, DateTimeOffset TakenAt, IReadOnlyList<KpiFigure> Kpis, OperationalFigures Operational);

/// <summary>An action the school took on feedback (GO-10), copied from its evaluation when the snapshot was taken.</summary>
internal sealed record ReportFeedbackAction(string Source, string Theme, string Action, string Status);

/// <summary>
/// What a report says (LCP 22): the frozen KPIs, the Senior Tutor's analysis, the actions on feedback (GO-10) and the
/// workload (GO-11) and extra responsibilities (GO-12) of the policy in force on the snapshot date.
/// </summary>
internal sealed record ReportContent(
    string Successes,
    string Challenges,
    string Trends,
    ReportSnapshot Snapshot,
    IReadOnlyList<ReportFeedbackAction> FeedbackActions,
    decimal WorkloadHoursPerTutee,
    IReadOnlyList<string> ExtraResponsibilities);

/// <summary>The draft of a version was written (first time or edited): the whole content, the snapshot included.</summary>
internal sealed record YearEndReportWritten(string SchoolCode, string AcademicYear, string Cohort, int Version, ReportContent Content, string WrittenBy, DateTimeOffset WrittenAt);

/// <summary>A step of the cycle was recorded for a version: the date it happened, who recorded it and the minutes.</summary>
internal sealed record YearEndReportStepRecorded(string SchoolCode, string AcademicYear, string Cohort, int Version, ReportStage Step, DateOnly On, string? MinuteReference,
    string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>A new version was started from an approved one: a draft with the same content that goes round the cycle again.</summary>
internal sealed record YearEndReportRevised(string SchoolCode, string AcademicYear, string Cohort, int Version, string Reason, string RevisedBy, DateTimeOffset RevisedAt);

internal static class YearEndReportEvents
{
    public static readonly IReadOnlyCollection<Type> All = [typeof(YearEndReportWritten), typeof(YearEndReportStepRecorded), typeof(YearEndReportRevised)];

    public static void Register(StoreOptions options)
    {
        options.Events.MapEventType<YearEndReportWritten>("governance.year_end_report_written");
        options.Events.MapEventType<YearEndReportStepRecorded>("governance.year_end_report_step_recorded");
        options.Events.MapEventType<YearEndReportRevised>("governance.year_end_report_revised");
        options.AddWriteModel<YearEndReport>();
    }
}

/// <summary>A school reports on each tutoring system it runs (LCP 17): the whole school ("all") or one cohort level.</summary>
internal static class ReportCohorts
{
    public const string All = "all";

    public static readonly IReadOnlyList<string> Every = [All, .. Enum.GetNames<CohortLevel>()];

    public static string Parse(string cohort) =>
        Every.FirstOrDefault(c => string.Equals(c, cohort, StringComparison.OrdinalIgnoreCase))
        ?? throw RequestValidationException.For("cohort", "A cohort is all, UG, PGT, Foundation or Distance.");

    public static CohortLevel? Level(string cohort) => cohort == All ? null : Enum.Parse<CohortLevel>(cohort);
}
