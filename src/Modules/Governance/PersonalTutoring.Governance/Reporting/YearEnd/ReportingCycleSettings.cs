using System.Globalization;
using Microsoft.Extensions.Options;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.Reporting.YearEnd;

/// <summary>
/// The <c>Governance:ReportingCycle</c> section: by when (month-day, in the calendar year the academic year ends) each
/// step of the LCP 18 cycle is due. The defaults follow the Code: approvals in April/May, submission early June, the
/// discussion in June, sharing with the sub-committee after it. A school past a due date without that step is late.
/// </summary>
internal sealed class ReportingCycleSettings
{
    public const string Section = "Governance:ReportingCycle";

    public string SchoolEducationCommitteeBy { get; set; } = "05-31";
    public string StudentStaffCommitteeBy { get; set; } = "05-31";
    public string SubmittedBy { get; set; } = "06-07";
    public string DiscussedBy { get; set; } = "06-30";
    public string SharedBy { get; set; } = "07-31";

    public IReadOnlyDictionary<ReportStage, string> ByStep => new Dictionary<ReportStage, string>
    {
        [ReportStage.SchoolEducationCommitteeApproved] = SchoolEducationCommitteeBy,
        [ReportStage.StudentStaffCommitteeApproved] = StudentStaffCommitteeBy,
        [ReportStage.SubmittedToCollegeAndDean] = SubmittedBy,
        [ReportStage.DiscussedInJune] = DiscussedBy,
        [ReportStage.SharedWithSubCommittee] = SharedBy,
    };

    /// <summary>The date a step is due for an academic year (e.g. 05-31 of 2025-26 is 31 May 2026).</summary>
    public DateOnly DueOn(ReportStage step, AcademicYear year)
    {
        var (month, day) = Parse(ByStep[step])!.Value;
        return new DateOnly(year.StartYear + 1, month, Math.Min(day, DateTime.DaysInMonth(year.StartYear + 1, month)));
    }

    internal static (int Month, int Day)? Parse(string? text) =>
        DateOnly.TryParseExact($"2000-{text}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? (date.Month, date.Day) : null;
}

internal sealed class ReportingCycleSettingsValidator : IValidateOptions<ReportingCycleSettings>
{
    public ValidateOptionsResult Validate(string? name, ReportingCycleSettings options)
    {
        var bad = options.ByStep.Where(kv => ReportingCycleSettings.Parse(kv.Value) is null).Select(kv => $"{kv.Key} ('{kv.Value}')").ToList();
        return bad.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{ReportingCycleSettings.Section}: give each due date as MM-dd (e.g. 05-31); not understood: {string.Join(", ", bad)}.");
    }
}
