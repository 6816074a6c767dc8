using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace PersonalTutoring.Governance.SchoolPolicies;

/// <summary>
/// The one place the source documents' numbers live: what applies to a school with no Dean-approved policy for
/// the year. Each is cited; none of them is a constant anywhere else in the code.
/// </summary>
internal static class UniversityDefault
{
    public const int FirstTrainingWithinYears = 1; // LCP Training: within one year of starting the role; GO-7
    public const int TrainingEveryYears = 3;       // LCP Training: and every three years after; GO-7
    public const int QuizWithinYears = 3;          // LCP Quiz: at least once in three years; GO-8

    public static readonly PolicySettings Settings = new(
        CaseloadTarget: 50,                      // UCL Allocation: "about 50 tutees"; AL-7
        CaseloadMaximum: 60,                     // a hard ceiling above the target, for schools to tighten
        AllocationDeadlineDays: 7,               // LCP Allocation: by the end of the first week after registration; AL-4
        AllocationBlocks: [],                    // no blocks: a tutor is kept across all years unless a school says otherwise; AL-8
        YearsWithoutContactRequirement: [],      // UCL year 6 is a school setting, not a default; AL-9
        MinimumMeetingsPerYear: 4,               // LCP Meetings; ME-1
        MonthlyTermTimeContact: true,            // LCP Check-ins; CO-2
        CheckInsPerSemester: 1,                  // LCP Check-ins; CO-3
        ResponseWorkingDays: 3,                  // LCP Availability; CO-11
        WelcomePeriodDays: 14,                   // LCP Welcome Week: the first two weeks of the first term; CO-13
        UnansweredAttemptsBeforeEscalation: 2,   // UCL FAQ: after two reminders; CO-5, ME-7
        WorkloadHoursPerTutee: 1.0m,             // LCP Workload asks schools to formalise it; GO-11
        ExtraResponsibilities: [],               // GO-12
        HandbookUrl: null,                       // GO-13
        FirstTrainingWithinYears: FirstTrainingWithinYears,
        TrainingEveryYears: TrainingEveryYears,
        QuizWithinYears: QuizWithinYears);

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/policies/university-default", () => Results.Ok(Settings))
            .RequireAuthorization(GovernancePolicies.ReadPolicies)
            .WithName("GetUniversityDefaultPolicy")
            .WithSummary("The university default tutoring policy, which applies to a school with no Dean-approved policy for the year.")
            .Produces<PolicySettings>();
}
