using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.SchoolPolicies;

/// <summary>Every number and rule of a school's tutoring system for one cohort (the fields of <see cref="TutoringPolicy"/>).</summary>
internal sealed record PolicySettings(
    int CaseloadTarget,
    int CaseloadMaximum,
    int AllocationDeadlineDays,
    IReadOnlyList<YearBlock> AllocationBlocks,
    IReadOnlyList<int> YearsWithoutContactRequirement,
    int MinimumMeetingsPerYear,
    bool MonthlyTermTimeContact,
    int CheckInsPerSemester,
    int ResponseWorkingDays,
    int WelcomePeriodDays,
    int UnansweredAttemptsBeforeEscalation,
    decimal WorkloadHoursPerTutee,
    IReadOnlyList<string> ExtraResponsibilities,
    string? HandbookUrl,
    int? FirstTrainingWithinYears = null, // tutor development intervals (GO-7, GO-8); null in versions drafted before they existed
    int? TrainingEveryYears = null,
    int? QuizWithinYears = null,
    int? OneToOneMinMinutes = null, // clinic slot lengths (ME-5) and the booking cut-off; null: the deployment's Meetings settings apply
    int? OneToOneMaxMinutes = null,
    int? GroupMinMinutes = null,
    int? GroupMaxMinutes = null,
    int? BookingCancellationCutoffHours = null)
{
    public TutoringPolicy ToPolicy(string schoolCode, string academicYear, CohortLevel? level, int? version) => new(
        schoolCode, academicYear, level, version, IsUniversityDefault: version is null,
        CaseloadTarget, CaseloadMaximum, AllocationDeadlineDays, AllocationBlocks, YearsWithoutContactRequirement,
        MinimumMeetingsPerYear, MonthlyTermTimeContact, CheckInsPerSemester, ResponseWorkingDays, WelcomePeriodDays,
        UnansweredAttemptsBeforeEscalation, WorkloadHoursPerTutee, ExtraResponsibilities, HandbookUrl)
    {
        FirstTrainingWithinYears = FirstTrainingWithinYears ?? UniversityDefault.FirstTrainingWithinYears,
        TrainingEveryYears = TrainingEveryYears ?? UniversityDefault.TrainingEveryYears,
        QuizWithinYears = QuizWithinYears ?? UniversityDefault.QuizWithinYears,
        OneToOneMinMinutes = OneToOneMinMinutes,
        OneToOneMaxMinutes = OneToOneMaxMinutes,
        GroupMinMinutes = GroupMinMinutes,
        GroupMaxMinutes = GroupMaxMinutes,
        BookingCancellationCutoffHours = BookingCancellationCutoffHours,
    };
}

/// <summary>
/// What one cohort level does differently (LCP 17): a null field inherits the school's setting, so an override
/// states only its differences and follows later changes to everything else.
/// </summary>
internal sealed record PolicyOverride(
    CohortLevel? Level,
    int? CaseloadTarget = null,
    int? CaseloadMaximum = null,
    int? AllocationDeadlineDays = null,
    IReadOnlyList<YearBlock>? AllocationBlocks = null,
    IReadOnlyList<int>? YearsWithoutContactRequirement = null,
    int? MinimumMeetingsPerYear = null,
    bool? MonthlyTermTimeContact = null,
    int? CheckInsPerSemester = null,
    int? ResponseWorkingDays = null,
    int? WelcomePeriodDays = null,
    int? UnansweredAttemptsBeforeEscalation = null,
    decimal? WorkloadHoursPerTutee = null,
    IReadOnlyList<string>? ExtraResponsibilities = null,
    string? HandbookUrl = null)
{
    public PolicySettings ApplyTo(PolicySettings s) => new(
        CaseloadTarget ?? s.CaseloadTarget,
        CaseloadMaximum ?? s.CaseloadMaximum,
        AllocationDeadlineDays ?? s.AllocationDeadlineDays,
        AllocationBlocks ?? s.AllocationBlocks,
        YearsWithoutContactRequirement ?? s.YearsWithoutContactRequirement,
        MinimumMeetingsPerYear ?? s.MinimumMeetingsPerYear,
        MonthlyTermTimeContact ?? s.MonthlyTermTimeContact,
        CheckInsPerSemester ?? s.CheckInsPerSemester,
        ResponseWorkingDays ?? s.ResponseWorkingDays,
        WelcomePeriodDays ?? s.WelcomePeriodDays,
        UnansweredAttemptsBeforeEscalation ?? s.UnansweredAttemptsBeforeEscalation,
        WorkloadHoursPerTutee ?? s.WorkloadHoursPerTutee,
        ExtraResponsibilities ?? s.ExtraResponsibilities,
        HandbookUrl ?? s.HandbookUrl,
        // Tutor development is per school, not per cohort: a tutor's training does not depend on their tutees' level.
        s.FirstTrainingWithinYears,
        s.TrainingEveryYears,
        s.QuizWithinYears,
        // Clinic slots are the tutor's, and a tutor's clinic serves tutees of any cohort: per school, not per cohort.
        s.OneToOneMinMinutes,
        s.OneToOneMaxMinutes,
        s.GroupMinMinutes,
        s.GroupMaxMinutes,
        s.BookingCancellationCutoffHours);
}

/// <summary>A policy version's content: the school's settings and its per-cohort overrides.</summary>
internal sealed record PolicyTerms(PolicySettings Settings, IReadOnlyList<PolicyOverride> Overrides)
{
    /// <summary>The settings for a cohort: the school's, with that level's override applied when there is one.</summary>
    public PolicySettings For(CohortLevel? level) =>
        Overrides.FirstOrDefault(o => o.Level == level && level is not null) is { } o ? o.ApplyTo(Settings) : Settings;

    /// <summary>Records compare lists by reference; two drafts are the same when they serialise the same.</summary>
    public bool SameAs(PolicyTerms other) => SameContent.Equal(this, other);
}
