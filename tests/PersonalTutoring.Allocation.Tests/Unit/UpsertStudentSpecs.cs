using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.Students;
using PersonalTutoring.Allocation.Students.Upserting;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.Tests.Unit;

/// <summary>The student record's upsert: idempotent; leaving ends the allocation, being away keeps it (AL-2).</summary>
public sealed class UpsertStudentSpecs
{
    private static readonly DateTimeOffset Now = new(2025, 10, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2025, 10, 1);

    private static StudentRecord Record(StudentStatus status = StudentStatus.Studying, string school = "MED") =>
        StudentRecord.Of("s1", "Ada", "Lovelace", "ada@x.test", school, "MBBS", CohortLevel.UG, 1, new DateOnly(2025, 9, 22), status, false, false);

    private static readonly object Allocated = new TutorAllocated("s1", "MED", "t1", null, new DateOnly(2025, 9, 29), 1, AllocationKind.Allocation, "x", null, Now);

    [Fact]
    public void A_new_student_is_registered() =>
        Spec<Student>.Given().When(s => UpsertStudent.Decide(s, "s1", Record(), Today, Now)).Then(new StudentRegistered("s1", Record(), Now));

    [Fact]
    public void The_same_record_again_decides_nothing() =>
        Spec<Student>.Given(new StudentRegistered("s1", Record(), Now)).When(s => UpsertStudent.Decide(s, "s1", Record(), Today, Now)).ThenNothing();

    [Theory]
    [InlineData(StudentStatus.Suspended)]
    [InlineData(StudentStatus.YearAbroad)]
    [InlineData(StudentStatus.YearInIndustry)]
    public void A_student_going_away_keeps_their_tutor_AL2(StudentStatus away) =>
        Spec<Student>.Given(new StudentRegistered("s1", Record(), Now), Allocated)
            .When(s => UpsertStudent.Decide(s, "s1", Record(away), Today, Now))
            .Then(new StudentRecordChanged("s1", Record(away), Now));

    [Fact]
    public void A_student_who_withdraws_stops_being_a_tutee_that_day() =>
        Spec<Student>.Given(new StudentRegistered("s1", Record(), Now), Allocated)
            .When(s => UpsertStudent.Decide(s, "s1", Record(StudentStatus.Withdrawn), Today, Now))
            .Then(new StudentRecordChanged("s1", Record(StudentStatus.Withdrawn), Now), new AllocationEnded("s1", "MED", "t1", Today, "Student Withdrawn", Now));

    [Fact]
    public void A_student_who_moves_school_leaves_their_tutor() =>
        Spec<Student>.Given(new StudentRegistered("s1", Record(), Now), Allocated)
            .When(s => UpsertStudent.Decide(s, "s1", Record(school: "ENG"), Today, Now))
            .Then(new StudentRecordChanged("s1", Record(school: "ENG"), Now), new AllocationEnded("s1", "MED", "t1", Today, "Student moved to school ENG", Now));
}
