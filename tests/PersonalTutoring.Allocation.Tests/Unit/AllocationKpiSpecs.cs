using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.ReadModels.Kpi;
using PersonalTutoring.Allocation.ReadModels.StudentViews;
using PersonalTutoring.Allocation.Students;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.Tests.Unit;

/// <summary>The AL-4 KPI's judgement of one intake (issue 10 item 15), case by case.</summary>
public sealed class AllocationKpiSpecs
{
    private static readonly DateOnly Registered = new(2025, 9, 22);
    private static readonly DateOnly Today = new(2025, 10, 20);

    private static StudentView Student(string id, DateTimeOffset? firstAllocatedAt = null, StudentStatusPeriod? left = null) =>
        new(id, StudentRecord.Of(id, "A", "B", "a@b.test", "MED", "MBBS", CohortLevel.UG, 1, Registered, StudentStatus.Studying, false, false), 1, null, null, [], [],
            left is null ? [new StudentStatusPeriod(StudentStatus.Studying, Registered, null)] : [new StudentStatusPeriod(StudentStatus.Studying, Registered, left.From), left],
            firstAllocatedAt);

    private static AllocationKpi Judge(params StudentView[] students) =>
        AllocationKpiRules.Compute(new AcademicYear(2025), [.. students.Select(s => new IntakeStudent(s, 7))], Today);

    [Fact]
    public void An_allocation_recorded_on_the_deadline_day_is_in_time_and_the_day_after_is_late()
    {
        var kpi = Judge(Student("on", new DateTimeOffset(2025, 9, 29, 22, 30, 0, TimeSpan.Zero)), Student("after", new DateTimeOffset(2025, 9, 29, 23, 30, 0, TimeSpan.Zero)));
        (kpi.Registered, kpi.NotAllocatedInTime, kpi.PercentNotAllocatedInTime).Should().Be((2, 1, 50.0), "23:30 UTC on 29 September is 00:30 on the 30th in London");
    }

    [Fact]
    public void A_student_never_allocated_is_pending_until_the_deadline_passes_then_late()
    {
        var pending = AllocationKpiRules.Compute(new AcademicYear(2025), [new IntakeStudent(Student("p"), 7)], Registered.AddDays(7));
        (pending.Pending, pending.NotAllocatedInTime, pending.PercentNotAllocatedInTime).Should().Be((1, 0, (double?)null));
        var late = Judge(Student("p"));
        (late.Pending, late.NotAllocatedInTime).Should().Be((0, 1));
    }

    [Fact]
    public void A_student_who_left_before_the_deadline_without_a_tutor_is_not_counted()
    {
        var kpi = Judge(Student("gone", left: new StudentStatusPeriod(StudentStatus.Withdrawn, Registered.AddDays(3), null)),
            Student("late-gone", left: new StudentStatusPeriod(StudentStatus.Withdrawn, Registered.AddDays(10), null)));
        (kpi.Registered, kpi.NotAllocatedInTime).Should().Be((1, 1));
    }
}
