using Microsoft.Extensions.Options;
using PersonalTutoring.DataProtection.Contracts;

namespace PersonalTutoring.DataProtection.Retention;

/// <summary>
/// The retention schedule (issue 16 item 2, ADR 0085), section <c>DataProtection:Retention</c>: years after a student
/// leaves that each kind of record's personal text is kept. <see cref="AllocationHistory"/> is the whole record's
/// period: when it passes, every key of the student goes, text written before per-kind keys included, and so does the
/// profile's key (name and e-mail address, ADR 0086), which has no period of its own. Visa-contact
/// evidence is not erased early by any of these: it is a legal hold (<c>DataProtection:VisaRetentionYears</c>).
/// </summary>
internal sealed class RetentionSettings
{
    public const string Section = "DataProtection:Retention";

    /// <summary>The kind whose period ends the student's whole record.</summary>
    public const string AllocationHistory = "allocation-history";

    /// <summary>The kinds of record kept under keys of their own, in the order a run reports them.</summary>
    public static readonly IReadOnlyList<string> TextKinds =
    [
        SubjectRecordKinds.StandardNote, SubjectRecordKinds.ConfidentialNote, SubjectRecordKinds.Referral, SubjectRecordKinds.Concern,
        SubjectRecordKinds.Objective, SubjectRecordKinds.ChangeRequest, SubjectRecordKinds.IssuedReference,
    ];

    /// <summary>Years kept after leaving, per kind; a kind not named keeps the default of six years (the usual UK student-file period).</summary>
    public Dictionary<string, int> Years { get; set; } = [];

    /// <summary>Whether the daily run is scheduled (the run-now endpoint works either way).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The hour (UTC) from which the day's run is due.</summary>
    public int RunAtHourUtc { get; set; } = 2;

    /// <summary>How often the scheduler looks whether the day's run is due.</summary>
    public int CheckMinutes { get; set; } = 60;

    public const int DefaultYears = 6;

    public int YearsFor(string kind) => Years.TryGetValue(kind, out var years) ? years : DefaultYears;
}

internal sealed class RetentionSettingsValidator : IValidateOptions<RetentionSettings>
{
    public ValidateOptionsResult Validate(string? name, RetentionSettings options)
    {
        var problems = new List<string>();
        foreach (var (kind, years) in options.Years)
        {
            if (kind == SubjectRecordKinds.Profile)
                problems.Add($"{RetentionSettings.Section}:Years:{kind}: a student's name and e-mail address go with the whole record; set {RetentionSettings.AllocationHistory}.");
            else if (kind != RetentionSettings.AllocationHistory && !RetentionSettings.TextKinds.Contains(kind))
                problems.Add($"{RetentionSettings.Section}:Years:{kind} names no kind of record: use {string.Join(", ", RetentionSettings.TextKinds)} or {RetentionSettings.AllocationHistory}.");
            if (years is < 1 or > 100) problems.Add($"{RetentionSettings.Section}:Years:{kind} is {years}: give 1 to 100.");
        }
        var longest = RetentionSettings.TextKinds.Max(options.YearsFor);
        if (options.YearsFor(RetentionSettings.AllocationHistory) < longest)
            problems.Add($"{RetentionSettings.Section}:Years:{RetentionSettings.AllocationHistory} ends the whole record, so it is at least the longest other period ({longest}).");
        if (options.RunAtHourUtc is < 0 or > 23) problems.Add($"{RetentionSettings.Section}:RunAtHourUtc is {options.RunAtHourUtc}: give 0 to 23.");
        if (options.CheckMinutes is < 1 or > 1440) problems.Add($"{RetentionSettings.Section}:CheckMinutes is {options.CheckMinutes}: give 1 to 1440.");
        return problems.Count > 0 ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
