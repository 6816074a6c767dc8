using PersonalTutoring.Allocation.Allocations.Allocating;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.Students;
using PersonalTutoring.Allocation.Tests.Integration;
using PersonalTutoring.Allocation.Tutors;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.Tests.Unit;

/// <summary>The allocation decision (AL-1, AL-3, AL-7, AL-10), one rule per spec.</summary>
public sealed class AllocationRulesSpecs
{
    private static readonly DateTimeOffset Now = new(2025, 10, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2025, 10, 1);
    private static readonly TutoringPolicy Policy = FixedPolicies.Make("MED", "2025-26", null, 2, 3, 7, []);
    private static readonly AllocationTerms Terms = new(AllocationKind.Allocation, "Initial", Today);

    private static StudentRecord Record(StudentStatus status = StudentStatus.Studying, bool visiting = false, string school = "MED") =>
        StudentRecord.Of("s1", "Ada", "Lovelace", "ada@x.test", school, "MBBS", CohortLevel.UG, 1, new DateOnly(2025, 9, 22), status, false, visiting);

    private static Tutor TutorWith(int tutees = 0, bool permanent = true, string school = "MED", params object[] more) =>
        Fold<Tutor>([new TutorRegistered("t1", new TutorDetails("T", "One", "t1@x.test", school, permanent, null), Now),
            new TuteesAssigned("t1", [.. Enumerable.Range(0, tutees).Select(i => new CaseloadEntry($"other-{i}", Today))], Now), .. more]);

    private static T Fold<T>(object[] events) where T : class, IWriteModel<T> => Spec<T>.Given(events).State;

    [Fact]
    public void A_student_without_a_tutor_is_allocated() =>
        Spec<Student>.Given(new StudentRegistered("s1", Record(), Now))
            .When(s => [AllocationRules.Decide(s, "s1", TutorWith(), "t1", Policy, Terms, Now)!])
            .Then(new TutorAllocated("s1", "MED", "t1", null, Today, 1, AllocationKind.Allocation, "Initial", null, Now));

    [Fact]
    public void Allocating_the_current_tutor_again_decides_nothing() =>
        Spec<Student>.Given(new StudentRegistered("s1", Record(), Now), new TutorAllocated("s1", "MED", "t1", null, Today, 1, AllocationKind.Allocation, "x", null, Now))
            .When(s => AllocationRules.Decide(s, "s1", TutorWith(1), "t1", Policy, Terms, Now) is { } e ? [e] : [])
            .ThenNothing();

    [Theory]
    [InlineData(StudentStatus.Withdrawn)]
    [InlineData(StudentStatus.Graduated)]
    public void A_student_who_left_is_refused(StudentStatus status) =>
        Spec<Student>.Given(new StudentRegistered("s1", Record(status), Now))
            .When(s => [AllocationRules.Decide(s, "s1", TutorWith(), "t1", Policy, Terms, Now)!])
            .ThenRefused("student-not-current");

    [Fact]
    public void A_visiting_study_abroad_student_is_refused_AL3() =>
        Spec<Student>.Given(new StudentRegistered("s1", Record(visiting: true), Now))
            .When(s => [AllocationRules.Decide(s, "s1", TutorWith(), "t1", Policy, Terms, Now)!])
            .ThenRefused("visiting-study-abroad");

    [Fact]
    public void Item14_a_tutor_at_their_own_maximum_below_the_schools_is_refused_unless_overridden()
    {
        var partTime = Fold<Tutor>([new TutorRegistered("t1", new TutorDetails("T", "One", "t1@x.test", "MED", true, 1, CaseloadMaximum: 1), Now),
            new TuteesAssigned("t1", [new CaseloadEntry("other-0", Today)], Now)]);
        Spec<Student>.Given(new StudentRegistered("s1", Record(), Now))
            .When(s => [AllocationRules.Decide(s, "s1", partTime, "t1", Policy, Terms, Now)!])
            .ThenRefused("tutor-maximum-reached");
        Spec<Student>.Given(new StudentRegistered("s1", Record(), Now))
            .When(s => [AllocationRules.Decide(s, "s1", partTime, "t1", Policy, Terms with { OverrideJustification = "Sibling", MayOverride = true }, Now)!])
            .Then(new TutorAllocated("s1", "MED", "t1", null, Today, 1, AllocationKind.Allocation, "Initial", "Sibling", Now));
    }

    [Fact]
    public void A_tutor_in_another_school_is_refused() =>
        Spec<Student>.Given(new StudentRegistered("s1", Record(), Now))
            .When(s => [AllocationRules.Decide(s, "s1", TutorWith(school: "ENG"), "t1", Policy, Terms, Now)!])
            .ThenRefused("tutor-in-another-school");

    [Fact]
    public void A_tutor_who_left_is_refused() =>
        Spec<Student>.Given(new StudentRegistered("s1", Record(), Now))
            .When(s => [AllocationRules.Decide(s, "s1", TutorWith(0, true, "MED", new TutorHandedOver("t1", "h", "MED", [], false, 0, null, Today, Now)), "t1", Policy, Terms, Now)!])
            .ThenRefused("tutor-has-left");

    [Fact]
    public void A_non_permanent_tutor_without_the_Deans_exception_is_refused_AL10() =>
        Spec<Student>.Given(new StudentRegistered("s1", Record(), Now))
            .When(s => [AllocationRules.Decide(s, "s1", TutorWith(permanent: false), "t1", Policy, Terms, Now)!])
            .ThenRefused("dean-exception-required");

    [Fact]
    public void A_non_permanent_tutor_with_the_Deans_exception_is_allocated_AL10() =>
        Spec<Student>.Given(new StudentRegistered("s1", Record(), Now))
            .When(s => [AllocationRules.Decide(s, "s1", TutorWith(0, false, "MED", new DeanExceptionRecorded("t1", "Clinical fellow", "dean", Now)), "t1", Policy, Terms, Now)!])
            .Then(new TutorAllocated("s1", "MED", "t1", null, Today, 1, AllocationKind.Allocation, "Initial", null, Now));

    [Fact]
    public void A_tutor_at_the_hard_maximum_is_refused_AL7() =>
        Spec<Student>.Given(new StudentRegistered("s1", Record(), Now))
            .When(s => [AllocationRules.Decide(s, "s1", TutorWith(3), "t1", Policy, Terms, Now)!])
            .ThenRefused("caseload-maximum-reached");

    [Fact]
    public void An_override_without_a_justification_is_still_refused() =>
        Spec<Student>.Given(new StudentRegistered("s1", Record(), Now))
            .When(s => [AllocationRules.Decide(s, "s1", TutorWith(3), "t1", Policy, Terms with { MayOverride = true }, Now)!])
            .ThenRefused("caseload-maximum-reached");

    [Fact]
    public void A_senior_tutor_overrides_the_maximum_with_a_recorded_justification() =>
        Spec<Student>.Given(new StudentRegistered("s1", Record(), Now))
            .When(s => [AllocationRules.Decide(s, "s1", TutorWith(3), "t1", Policy, Terms with { MayOverride = true, OverrideJustification = "Sibling of a tutee" }, Now)!])
            .Then(new TutorAllocated("s1", "MED", "t1", null, Today, 1, AllocationKind.Allocation, "Initial", "Sibling of a tutee", Now));

    [Fact]
    public void A_change_cannot_take_effect_before_the_current_allocation() =>
        Spec<Student>.Given(new StudentRegistered("s1", Record(), Now), new TutorAllocated("s1", "MED", "t0", null, Today, 1, AllocationKind.Allocation, "x", null, Now))
            .When(s => [AllocationRules.Decide(s, "s1", TutorWith(), "t1", Policy, Terms with { EffectiveOn = Today.AddDays(-1) }, Now)!])
            .ThenRefused("effective-before-current-allocation");

    [Fact]
    public void A_reallocation_names_the_previous_tutor() =>
        Spec<Student>.Given(new StudentRegistered("s1", Record(), Now), new TutorAllocated("s1", "MED", "t0", null, Today, 1, AllocationKind.Allocation, "x", null, Now))
            .When(s => [AllocationRules.Decide(s, "s1", TutorWith(), "t1", Policy, Terms with { Kind = AllocationKind.Reallocation }, Now)!])
            .Then(new TutorAllocated("s1", "MED", "t1", "t0", Today, 1, AllocationKind.Reallocation, "Initial", null, Now));
}
