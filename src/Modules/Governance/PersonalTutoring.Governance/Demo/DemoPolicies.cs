using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.SchoolPolicies;

namespace PersonalTutoring.Governance.Demo;

/// <summary>
/// MED follows the UCL MBBS guidance (six years; tutors kept across years 1–2, 3, 4–5 and 6; no contact
/// requirement in year 6). ENG follows the Leicester code of practice (three-year UG, with a PGT override).
/// </summary>
internal static class DemoPolicies
{
    public static PolicyTerms Medicine(AcademicYear year) => new(
        UniversityDefault.Settings with
        {
            CaseloadTarget = 50,
            CaseloadMaximum = 60,
            AllocationBlocks = [new(1, 2), new(3, 3), new(4, 5), new(6, 6)],
            YearsWithoutContactRequirement = [6],
            WorkloadHoursPerTutee = year.StartYear >= 2026 ? 1.25m : 1.0m,
            ExtraResponsibilities =
            [
                "Write the UKFPO structured reference for final-year tutees.",
                "Report professional behaviour or fitness-to-practise concerns to the Programme and Progression Support Team.",
            ],
            HandbookUrl = $"https://intranet.example.ac.uk/medical-school/personal-tutoring/handbook-{year}",
        },
        []);

    public static PolicyTerms Engineering(AcademicYear year) => new(
        UniversityDefault.Settings with
        {
            CaseloadTarget = 40,
            CaseloadMaximum = 50,
            AllocationBlocks = [new(1, 3)],
            WorkloadHoursPerTutee = 1.5m,
            ExtraResponsibilities = ["Sign off the year-in-industry placement learning agreement."],
            HandbookUrl = $"https://intranet.example.ac.uk/engineering/personal-tutoring/handbook-{year}",
        },
        [new PolicyOverride(CohortLevel.PGT, CaseloadTarget: 25, CaseloadMaximum: 30, AllocationBlocks: [],
            MinimumMeetingsPerYear: year.StartYear >= 2026 ? 4 : 3, WelcomePeriodDays: 7)]);

    /// <summary>GO-3 dates for a year's policy: committee in May, Dean in June, shared with the sub-committee late June.</summary>
    public static (DateOnly Committee, DateOnly Dean, DateOnly Shared) ApprovalDates(AcademicYear year) =>
        (new DateOnly(year.StartYear, 5, 13), new DateOnly(year.StartYear, 6, 10), new DateOnly(year.StartYear, 6, 24));
}
