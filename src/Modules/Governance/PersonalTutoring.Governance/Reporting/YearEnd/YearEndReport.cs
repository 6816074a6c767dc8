using JasperFx.Events;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Governance.Reporting.YearEnd;

/// <summary>
/// The write model of one school's year-end report for one cohort system and year: the current version, its stage, the
/// date of its last step and its content (a repeated identical write is a no-op). Deciders are pure.
/// </summary>
internal sealed record YearEndReport(bool Exists, int ReportVersion, ReportStage Stage, DateOnly? LastStepOn, ReportContent? Content) : IWriteModel<YearEndReport>
{
    public string Id { get; init; } = "";

    // Not "Version": Marten sets a property of that name on an aggregate to the stream's version.

    public static YearEndReport Initial => new(false, 0, ReportStage.Draft, null, null);

    /// <summary>The colon cannot occur in a school code, a year or a cohort, so no two reports share a stream.</summary>
    public static string StreamId(string schoolCode, string academicYear, string cohort) => $"year-end-report-{schoolCode}:{academicYear}:{cohort}";

    public YearEndReport Evolve(IEvent @event) => @event.Data switch
    {
        YearEndReportWritten e => this with { Exists = true, ReportVersion = e.Version, Content = e.Content },
        YearEndReportStepRecorded e => this with { Stage = e.Step, LastStepOn = e.On },
        YearEndReportRevised e => this with { ReportVersion = e.Version, Stage = ReportStage.Draft, LastStepOn = null },
        _ => this,
    };

    /// <summary>Steps that happen at a committee meeting and so need its minute reference.</summary>
    public static bool NeedsMinutes(ReportStage step) =>
        step is ReportStage.SchoolEducationCommitteeApproved or ReportStage.StudentStaffCommitteeApproved or ReportStage.DiscussedInJune;

    /// <summary>Writing the draft: the first version, or an edit of a draft. An approved version is never edited (422).</summary>
    public object[] Write(string schoolCode, string academicYear, string cohort, ReportContent content, string by, DateTimeOffset now)
    {
        if (Exists && Stage != ReportStage.Draft)
            throw new BusinessRuleException("report-approved",
                $"Version {ReportVersion} is at {Stage} and is never edited; start a new version (POST .../versions), which goes round the cycle again.");
        if (Content is not null && SameContent.Equal(Content with { Snapshot = Content.Snapshot with { TakenAt = default, KnownOn = default } },
                content with { Snapshot = content.Snapshot with { TakenAt = default, KnownOn = default } }))
            return [];
        return [new YearEndReportWritten(schoolCode, academicYear, cohort, Exists ? ReportVersion : 1, content, by, now)];
    }

    /// <summary>The next step only, on or after the previous one; committee steps carry their minutes; discussion is in June.</summary>
    public object[] Record(string schoolCode, string academicYear, string cohort, ReportStage step, DateOnly on, string? minutes, string by, DateOnly today, DateTimeOffset now)
    {
        DemandExists(schoolCode, academicYear, cohort);
        if (on > today)
            throw new BusinessRuleException("step-date-in-future", $"{on:yyyy-MM-dd} is after today ({today:yyyy-MM-dd}); record a step once it has happened.");
        if (step != Stage + 1)
            throw new BusinessRuleException("out-of-order",
                Stage == ReportStage.SharedWithSubCommittee
                    ? $"Version {ReportVersion} has been through the whole cycle."
                    : $"Version {ReportVersion} is at {Stage}; the next step is {Stage + 1}, not {step}.");
        if (LastStepOn is { } last && on < last)
            throw new BusinessRuleException("before-previous-step", $"The previous step was on {last:yyyy-MM-dd}; {step} cannot be earlier.");
        if (on < Content!.Snapshot.AsOf)
            throw new BusinessRuleException("before-snapshot", $"The report's figures are as of {Content.Snapshot.AsOf:yyyy-MM-dd}; it cannot be approved before that.");
        if (step == ReportStage.DiscussedInJune && on.Month != 6)
            throw new BusinessRuleException("not-june", "The College Education Committee discusses the reports in June (LCP 18).");
        return [new YearEndReportStepRecorded(schoolCode, academicYear, cohort, ReportVersion, step, on, minutes, by, now)];
    }

    /// <summary>A new version from one that has left the draft stage; a draft is simply edited.</summary>
    public object[] Revise(string schoolCode, string academicYear, string cohort, string reason, string by, DateTimeOffset now)
    {
        DemandExists(schoolCode, academicYear, cohort);
        if (Stage == ReportStage.Draft)
            throw new BusinessRuleException("still-draft", $"Version {ReportVersion} is still a draft; edit it instead of starting a new version.");
        return [new YearEndReportRevised(schoolCode, academicYear, cohort, ReportVersion + 1, reason, by, now)];
    }

    private void DemandExists(string schoolCode, string academicYear, string cohort)
    {
        if (!Exists) throw new NotFoundException($"School {schoolCode} has no {cohort} year-end report for {academicYear}.");
    }
}
