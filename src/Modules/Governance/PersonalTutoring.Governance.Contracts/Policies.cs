namespace PersonalTutoring.Governance.Contracts;

/// <summary>The cohorts a school may run different tutoring systems for (LCP 17).</summary>
public enum CohortLevel { UG, PGT, Foundation, Distance }

/// <summary>Years of study a tutor is kept across (UCL keeps years 1–2 and 4–5 together, AL-8).</summary>
public sealed record YearBlock(int FromYear, int ToYear)
{
    public bool Contains(int year) => year >= FromYear && year <= ToYear;
}

/// <summary>
/// The tutoring policy in force for a school, academic year and cohort: every number the codes of practice state
/// is a default here, never a constant in code. <see cref="IsUniversityDefault"/> is true when the school has no
/// approved policy for the year and the university default applies.
/// </summary>
public sealed record TutoringPolicy(
    string SchoolCode,
    string AcademicYear,
    CohortLevel? Level,
    int? Version,
    bool IsUniversityDefault,
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
    string? HandbookUrl)
{
    /// <summary>GO-7: a new tutor is trained within this many years of starting the role.</summary>
    public int FirstTrainingWithinYears { get; init; } = 1;

    /// <summary>GO-7: training is repeated this often (years).</summary>
    public int TrainingEveryYears { get; init; } = 3;

    /// <summary>GO-8: the quiz is taken at least once within this many years.</summary>
    public int QuizWithinYears { get; init; } = 3;

    /// <summary>ME-5: a one-to-one clinic slot lasts at least this many minutes; null when the policy does not say (the deployment's Meetings settings apply).</summary>
    public int? OneToOneMinMinutes { get; init; }

    /// <summary>ME-5: … and at most this many; null when the policy does not say.</summary>
    public int? OneToOneMaxMinutes { get; init; }

    /// <summary>ME-5: a group clinic slot lasts at least this many minutes; null when the policy does not say.</summary>
    public int? GroupMinMinutes { get; init; }

    /// <summary>ME-5: … and at most this many; null when the policy does not say.</summary>
    public int? GroupMaxMinutes { get; init; }

    /// <summary>A tutee cancels or moves a clinic booking up to this many hours before it; null when the policy does not say.</summary>
    public int? BookingCancellationCutoffHours { get; init; }

    /// <summary>The block a year of study belongs to; a year in no configured block is a block of its own.</summary>
    public YearBlock BlockOf(int yearOfStudy) => AllocationBlocks.FirstOrDefault(b => b.Contains(yearOfStudy)) ?? new YearBlock(yearOfStudy, yearOfStudy);

    public bool ContactRequiredIn(int yearOfStudy) => !YearsWithoutContactRequirement.Contains(yearOfStudy);
}

/// <summary>Which policy applies: the latest approved version for the academic year containing the date, with the cohort's overrides.</summary>
public interface ITutoringPolicies
{
    Task<TutoringPolicy> InForceAsync(string schoolCode, DateOnly date, CohortLevel? level, CancellationToken ct);
}
