using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.ReadModels.StudentViews;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.ReadModels.Kpi;

/// <summary>The AL-4 KPI for one cohort (level) of a year's intake. Pending students' deadlines have not passed yet.</summary>
internal sealed record CohortKpi(CohortLevel Level, int Registered, int Pending, int NotAllocatedInTime, double? PercentNotAllocatedInTime);

/// <summary>The AL-4 KPI for the students who registered in an academic year, and per cohort.</summary>
internal sealed record AllocationKpi(string AcademicYear, int Registered, int Pending, int NotAllocatedInTime, double? PercentNotAllocatedInTime,
    IReadOnlyList<CohortKpi> Cohorts);

/// <summary>One student of the intake with the allocation deadline of the policy in force when they registered.</summary>
internal sealed record IntakeStudent(StudentView Student, int DeadlineDays);

/// <summary>
/// "% of tutees not allocated within the deadline after registration" (AL-4; issue 10 item 15). The population is the
/// year's intake: the school's students whose registration date falls in the academic year (visiting study-abroad
/// students are allocated centrally, AL-3, and not counted). A student counts as allocated in time when their first
/// allocation was <em>recorded</em> within the deadline: an effective date can be backdated, the moment the allocation
/// was made cannot. A student never allocated is late once the deadline has passed, still pending before it, and not
/// counted if they left before it.
/// </summary>
internal static class AllocationKpiRules
{
    private enum Outcome { InTime, Late, Pending, NotCounted }

    public static AllocationKpi Compute(AcademicYear year, IReadOnlyList<IntakeStudent> intake, DateOnly today)
    {
        var outcomes = intake.Select(i => (i.Student.Record.Level, Outcome: Judge(i, today))).Where(o => o.Outcome != Outcome.NotCounted).ToList();
        var cohorts = outcomes.GroupBy(o => o.Level).OrderBy(g => g.Key)
            .Select(g => Figures(g.Select(o => o.Outcome).ToList(), (registered, pending, late, percent) => new CohortKpi(g.Key, registered, pending, late, percent)))
            .ToList();
        return Figures(outcomes.Select(o => o.Outcome).ToList(),
            (registered, pending, late, percent) => new AllocationKpi(year.ToString(), registered, pending, late, percent, cohorts));
    }

    private static Outcome Judge(IntakeStudent i, DateOnly today)
    {
        var registered = i.Student.Record.RegisteredOn;
        var deadline = registered.AddDays(i.DeadlineDays);
        if (i.Student.FirstAllocatedAt is { } recorded)
            return Dates.UkDate(recorded) <= deadline ? Outcome.InTime : Outcome.Late;
        if (i.Student.Statuses.FirstOrDefault(s => s.Status.HasLeft()) is { } left && left.From <= deadline) return Outcome.NotCounted;
        return today > deadline ? Outcome.Late : Outcome.Pending;
    }

    private static T Figures<T>(IReadOnlyList<Outcome> outcomes, Func<int, int, int, double?, T> make)
    {
        var pending = outcomes.Count(o => o == Outcome.Pending);
        var late = outcomes.Count(o => o == Outcome.Late);
        var decided = outcomes.Count - pending;
        return make(outcomes.Count, pending, late, decided == 0 ? null : Math.Round(100.0 * late / decided, 1));
    }
}
