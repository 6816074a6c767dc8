namespace PersonalTutoring.Web.Api;

// The Governance module's reporting answers (issue 14) the KPI dashboard and the year-end report screens read: only what they show.

public sealed record KpiFigure(string Id, string Group, string Title, decimal? Value, int? Numerator, int? Denominator, string Definition);

public sealed record TermComplianceFigure(string Term, int Tutees, int Compliant, decimal? PercentCompliant);

public sealed record TermMeetingFigure(string Term, int MeetingsArranged, int Invitations, int InvitationsAttended, decimal? PercentAttended,
    int ClinicSlots, int ClinicPlaces, int ClinicBookings);

public sealed record OperationalFigures(IReadOnlyList<TermComplianceFigure> ContactCompliance, IReadOnlyList<TermMeetingFigure> Meetings, KpiFigure RepliesWithinDue,
    int UnresponsiveReferred, int ReferralsMade, int ReferralsClosed);

public sealed record CohortKpis(string Level, IReadOnlyList<KpiFigure> Kpis, OperationalFigures Operational);

public sealed record KpiAnswer(string Scope, string? SchoolCode, string AcademicYear, DateOnly AsOf, DateOnly KpiDate, DateOnly KnownOn, DateTimeOffset AnsweredAt,
    DateTimeOffset FactsReadAt, IReadOnlyList<KpiFigure> Kpis, OperationalFigures Operational, IReadOnlyList<CohortKpis> Cohorts, bool FactsCurrent = true);

public sealed record SchoolKpiRow(string SchoolCode, IReadOnlyList<KpiFigure> Kpis);

public sealed record UniversityKpis(KpiAnswer University, IReadOnlyList<SchoolKpiRow> Schools);

public sealed record TrendPoint(string AcademicYear, decimal? Value, int? Numerator, int? Denominator);

public sealed record KpiTrend(string Id, string Title, IReadOnlyList<TrendPoint> Years, decimal? Change, string? Direction);

public sealed record KpiTrendsAnswer(string Scope, string? SchoolCode, string? Cohort, string AcademicYear, DateOnly KnownOn, IReadOnlyList<string> Years,
    IReadOnlyList<KpiTrend> Kpis, DateTimeOffset? FactsReadAt = null, bool FactsCurrent = true);

public sealed record ReportStatus(string Cohort, int Version, string Stage, DateOnly? LastStepOn, string? LateFor, DateOnly? DueOn);

public sealed record SchoolReporting(string SchoolCode, IReadOnlyList<ReportStatus> Reports, bool Late, string KpiSource, IReadOnlyList<KpiFigure> Kpis);

public sealed record ReportingOverviewAnswer(string AcademicYear, DateOnly On, IReadOnlyList<SchoolReporting> Schools);

public sealed record ReportSnapshot(DateOnly AsOf, DateOnly KpiDate, DateOnly KnownOn, DateTimeOffset TakenAt, IReadOnlyList<KpiFigure> Kpis, OperationalFigures Operational);

public sealed record ReportFeedbackAction(string Source, string Theme, string Action, string Status);

public sealed record ReportContent(string Successes, string Challenges, string Trends, ReportSnapshot Snapshot, IReadOnlyList<ReportFeedbackAction> FeedbackActions,
    decimal WorkloadHoursPerTutee, IReadOnlyList<string> ExtraResponsibilities);

public sealed record ReportStep(string Step, DateOnly On, string? MinuteReference, string RecordedBy, DateTimeOffset RecordedAt);

public sealed record ReportVersion(int Version, string Stage, IReadOnlyList<ReportStep> Steps, ReportContent Content, string? RevisionReason);

public sealed record YearEndReportView(string SchoolCode, string AcademicYear, string Cohort, int ReportVersion, string Stage, ReportContent Content,
    IReadOnlyList<ReportStep> Steps, IReadOnlyList<ReportVersion> EarlierVersions, string WrittenBy, DateTimeOffset WrittenAt, long StreamVersion);

public sealed record LiveDifference(string Id, string Title, decimal? Snapshot, decimal? Live);

public sealed record YearEndReportResponse(YearEndReportView Report, DateOnly LiveAnsweredOn, IReadOnlyList<LiveDifference> LiveDifferences);

/// <summary>The reporting cycle's words for people (LCP 18): the API's stage names in order, and who records each step.</summary>
public static class ReportingCycle
{
    public static readonly IReadOnlyList<string> Stages =
    [
        "Draft", "SchoolEducationCommitteeApproved", "StudentStaffCommitteeApproved", "SubmittedToCollegeAndDean", "DiscussedInJune", "SharedWithSubCommittee",
    ];

    public static readonly IReadOnlyList<string> Cohorts = ["all", "UG", "PGT", "Foundation", "Distance"];

    public static string Describe(string? stage) => stage switch
    {
        "Draft" => "Draft",
        "SchoolEducationCommitteeApproved" => "Approved by the School Education Committee",
        "StudentStaffCommitteeApproved" => "Approved by the Student-Staff Committee",
        "SubmittedToCollegeAndDean" => "Submitted to the College and the Dean",
        "DiscussedInJune" => "Discussed at the College Education Committee in June",
        "SharedWithSubCommittee" => "Shared with the sub-committee",
        null => "No report",
        _ => stage,
    };

    /// <summary>The academic year (1 August to 31 July) a date falls in, written as the API writes it ("2025-26").</summary>
    public static string YearContaining(DateOnly date) => Year(date.Month >= 8 ? date.Year : date.Year - 1);

    public static string Year(int start) => $"{start}-{(start + 1) % 100:D2}";

    public static bool IsYear(string text) =>
        text is { Length: 7 } && text[4] == '-' && int.TryParse(text[..4], out var start) && start is >= 2000 and <= 2100 && text[5..] == $"{(start + 1) % 100:D2}";

    public static string Cohort(string cohort) => cohort == "all" ? "whole school" : cohort;

    /// <summary>The next step of a version at <paramref name="stage"/>, or null when it has been through the whole cycle.</summary>
    public static string? Next(string stage) => Stages.ToList().IndexOf(stage) is var i and >= 0 && i + 1 < Stages.Count ? Stages[i + 1] : null;

    /// <summary>Steps at a committee meeting carry their minute reference (the API refuses them without).</summary>
    public static bool NeedsMinutes(string step) => step is "SchoolEducationCommitteeApproved" or "StudentStaffCommitteeApproved" or "DiscussedInJune";

    /// <summary>The Dean records the June discussion and the sharing; the school's Senior Tutor the rest (Admin either).</summary>
    public static bool DeansStep(string step) => step is "DiscussedInJune" or "SharedWithSubCommittee";
}
