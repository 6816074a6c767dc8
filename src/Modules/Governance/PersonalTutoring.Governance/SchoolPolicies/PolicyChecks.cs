namespace PersonalTutoring.Governance.SchoolPolicies;

/// <summary>
/// What makes a set of policy settings impossible. Used for the school's settings and for each cohort's settings
/// after its override is applied, so an override cannot make a valid policy invalid.
/// </summary>
internal static class PolicyChecks
{
    public const int MaxYearOfStudy = 10;

    public static IEnumerable<(string Field, string Message)> Errors(PolicySettings s)
    {
        if (s.CaseloadTarget <= 0) yield return (nameof(s.CaseloadTarget), "The caseload target must be at least 1 tutee.");
        if (s.CaseloadMaximum <= 0) yield return (nameof(s.CaseloadMaximum), "The caseload maximum must be at least 1 tutee.");
        else if (s.CaseloadMaximum < s.CaseloadTarget) yield return (nameof(s.CaseloadMaximum), "The caseload maximum cannot be below the target.");
        if (s.AllocationDeadlineDays is <= 0 or > 366) yield return (nameof(s.AllocationDeadlineDays), "The allocation deadline is 1 to 366 days after registration.");
        foreach (var error in BlockErrors(s.AllocationBlocks)) yield return error;
        for (var i = 0; i < s.YearsWithoutContactRequirement.Count; i++)
            if (s.YearsWithoutContactRequirement[i] is < 1 or > MaxYearOfStudy)
                yield return ($"{nameof(s.YearsWithoutContactRequirement)}[{i}]", $"A year of study is 1 to {MaxYearOfStudy}.");
        if (s.YearsWithoutContactRequirement.Distinct().Count() != s.YearsWithoutContactRequirement.Count)
            yield return (nameof(s.YearsWithoutContactRequirement), "A year is listed twice.");
        if (s.MinimumMeetingsPerYear is <= 0 or > 52) yield return (nameof(s.MinimumMeetingsPerYear), "Tutees are invited to 1 to 52 meetings a year.");
        if (s.CheckInsPerSemester is <= 0 or > 20) yield return (nameof(s.CheckInsPerSemester), "Check-ins per semester are 1 to 20.");
        if (s.ResponseWorkingDays is <= 0 or > 30) yield return (nameof(s.ResponseWorkingDays), "The response time is 1 to 30 working days.");
        if (s.WelcomePeriodDays is <= 0 or > 60) yield return (nameof(s.WelcomePeriodDays), "The welcome period is 1 to 60 days.");
        if (s.UnansweredAttemptsBeforeEscalation is <= 0 or > 10) yield return (nameof(s.UnansweredAttemptsBeforeEscalation), "Escalation follows 1 to 10 unanswered attempts.");
        if (s.WorkloadHoursPerTutee is <= 0 or > 100) yield return (nameof(s.WorkloadHoursPerTutee), "Workload is more than 0 and at most 100 hours per tutee.");
        for (var i = 0; i < s.ExtraResponsibilities.Count; i++)
            if (string.IsNullOrWhiteSpace(s.ExtraResponsibilities[i]) || s.ExtraResponsibilities[i].Length > 500)
                yield return ($"{nameof(s.ExtraResponsibilities)}[{i}]", "A responsibility is a non-empty text of at most 500 characters.");
        if (s.FirstTrainingWithinYears is <= 0 or > 5) yield return (nameof(s.FirstTrainingWithinYears), "A new tutor is trained within 1 to 5 years of starting the role.");
        if (s.TrainingEveryYears is <= 0 or > 10) yield return (nameof(s.TrainingEveryYears), "Training is repeated every 1 to 10 years.");
        if (s.QuizWithinYears is <= 0 or > 10) yield return (nameof(s.QuizWithinYears), "The quiz is taken at least once within 1 to 10 years.");
        foreach (var (field, value) in new[] { (nameof(s.OneToOneMinMinutes), s.OneToOneMinMinutes), (nameof(s.OneToOneMaxMinutes), s.OneToOneMaxMinutes),
                     (nameof(s.GroupMinMinutes), s.GroupMinMinutes), (nameof(s.GroupMaxMinutes), s.GroupMaxMinutes) })
            if (value is < 5 or > 240) yield return (field, "A clinic slot lasts 5 to 240 minutes.");
        if (s.OneToOneMinMinutes > s.OneToOneMaxMinutes) yield return (nameof(s.OneToOneMaxMinutes), "The longest one-to-one slot cannot be shorter than the shortest.");
        if (s.GroupMinMinutes > s.GroupMaxMinutes) yield return (nameof(s.GroupMaxMinutes), "The longest group slot cannot be shorter than the shortest.");
        if (s.BookingCancellationCutoffHours is < 0 or > 168) yield return (nameof(s.BookingCancellationCutoffHours), "The booking cut-off is 0 to 168 hours before the slot.");
        if (s.HandbookUrl is not null && !(Uri.TryCreate(s.HandbookUrl, UriKind.Absolute, out var url) && url.Scheme is "https" or "http"))
            yield return (nameof(s.HandbookUrl), "The handbook link is an absolute http(s) URL.");
    }

    private static IEnumerable<(string Field, string Message)> BlockErrors(IReadOnlyList<Contracts.YearBlock> blocks)
    {
        for (var i = 0; i < blocks.Count; i++)
        {
            var b = blocks[i];
            var field = $"AllocationBlocks[{i}]";
            if (b.FromYear < 1 || b.ToYear > MaxYearOfStudy) yield return (field, $"A block covers years of study 1 to {MaxYearOfStudy}.");
            else if (b.ToYear < b.FromYear) yield return (field, "A block ends before it starts.");
            else if (blocks.Take(i).Any(o => b.FromYear <= o.ToYear && o.FromYear <= b.ToYear))
                yield return (field, "Blocks overlap: a year of study belongs to one block.");
        }
    }
}
