using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Contact.Compliance;
using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.Contact.ReadModels.StudentRecords;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Contact.Tests.Support;
using static PersonalTutoring.TestKit.HandWorkedCalendar;

namespace PersonalTutoring.Contact.Tests.Unit;

/// <summary>CO-2, CO-3, CO-4, CO-13, AL-2, AL-3, AL-9 against the hand-worked 2025-26 calendar (see HandWorkedCalendar).</summary>
public sealed class ComplianceRulesSpecs
{
    private static readonly SchoolCalendar Calendar = For("MED");
    private static readonly TutoringPolicy Policy = Policy("MED");
    private static readonly DateOnly AfterSemester1 = new(2026, 1, 30);

    private static StudentProfile Student(int year = 2, bool visiting = false) =>
        new("s1", "Anna", "A", "a@x", "MED", "MBBS", CohortLevel.UG, year, new(2025, 9, 15), StudentStatus.Studying, false, visiting);

    private static ContactEntry Contact(DateTimeOffset at, ContactKind kind = ContactKind.Email, bool enquired = false, bool? responded = true,
        ContactDirection direction = ContactDirection.TutorInitiated) =>
        new(Guid.NewGuid(), "t-tom", "t-tom", kind, direction, at, enquired, responded, null, at, null, null, null);

    private static TuteeFacts Facts(StudentProfile student, DateOnly allocated, IReadOnlyList<StudentStatusPeriod>? statuses, params ContactEntry[] contacts) =>
        new(student, statuses ?? [], [new TutorAssignment(student.StudentId, "t-tom", allocated, null)], contacts);

    private static TuteeCompliance Autumn(TuteeFacts facts, DateOnly asOf) => ComplianceRules.Evaluate(facts, Calendar, HandWorkedCalendar.Autumn, Policy, asOf);

    [Fact]
    public void CO2_contact_in_every_term_time_month_from_the_first_to_the_last_day_of_term_is_compliant()
    {
        var result = Autumn(Facts(Student(), new(2025, 8, 1), null,
            Contact(London(2025, 9, 29, 0, 30)), Contact(London(2025, 10, 15)), Contact(London(2025, 11, 14)), Contact(London(2025, 12, 12, 23, 30))), AfterSemester1);

        result.Months.Select(m => (m.Month.Month, m.Status)).Should().Equal((9, Check.Met), (10, Check.Met), (11, Check.Met), (12, Check.Met));
        result.MonthlyContact.Should().Be(Check.Met);
    }

    [Fact]
    public void CO2_contacts_outside_the_term_do_not_count_for_its_months_and_local_time_decides_the_day()
    {
        // 28 Sep 23:30 UTC is 29 Sep 00:30 in London (BST): inside term. 28 Sep 22:00 UTC is 23:00 on the 28th: outside.
        var inside = Autumn(Facts(Student(), new(2025, 8, 1), null, Contact(new DateTimeOffset(2025, 9, 28, 23, 30, 0, TimeSpan.Zero))), AfterSemester1);
        var outside = Autumn(Facts(Student(), new(2025, 8, 1), null, Contact(new DateTimeOffset(2025, 9, 28, 22, 0, 0, TimeSpan.Zero)),
            Contact(London(2025, 12, 15))), AfterSemester1);

        inside.Months[0].Status.Should().Be(Check.Met);
        outside.Months.Should().OnlyContain(m => m.Status == Check.Missed);
    }

    [Fact]
    public void CO2_a_month_without_contact_is_pending_until_its_last_term_day_then_missed()
    {
        var facts = Facts(Student(), new(2025, 8, 1), null, Contact(London(2025, 9, 30)), Contact(London(2025, 10, 1)));
        Autumn(facts, new(2025, 11, 28)).Months[2].Status.Should().Be(Check.Pending);
        Autumn(facts, new(2025, 12, 1)).Months[2].Status.Should().Be(Check.Missed);
        Autumn(facts, new(2025, 12, 1)).Compliant.Should().BeFalse();
    }

    [Fact]
    public void A_tutee_allocated_mid_month_is_held_to_monthly_contact_from_the_first_full_month()
    {
        var result = Autumn(Facts(Student(year: 1), new(2025, 10, 15), null), AfterSemester1);

        result.Months.Select(m => (m.Month.Month, m.Status)).Should().Equal((9, Check.NotRequired), (10, Check.NotRequired), (11, Check.Missed), (12, Check.Missed));
        result.WelcomeContact.Should().Be(Check.NotRequired, "they were not yet allocated in the welcome period");
    }

    [Fact]
    public void AL2_a_student_who_suspends_mid_term_needs_monthly_contact_only_while_studying_and_one_contact_in_the_term()
    {
        var statuses = new List<StudentStatusPeriod> { new(StudentStatus.Studying, new(2025, 9, 15), new(2025, 11, 10)), new(StudentStatus.Suspended, new(2025, 11, 10), null) };
        var result = Autumn(Facts(Student(), new(2025, 8, 1), statuses, Contact(London(2025, 9, 30)), Contact(London(2025, 10, 20))), AfterSemester1);

        result.Months.Select(m => (m.Month.Month, m.Status)).Should().Equal((9, Check.Met), (10, Check.Met), (11, Check.NotRequired), (12, Check.NotRequired));
        result.Away.Should().BeTrue();
        result.AwayContact.Should().Be(Check.Met);
        result.CheckIn.Should().Be(Check.NotRequired, "they are not studying at the end of the semester's part of the term");
        result.Compliant.Should().BeTrue();
    }

    [Fact]
    public void AL2_an_away_student_with_no_contact_in_the_term_misses_the_once_a_term_rule()
    {
        var statuses = new List<StudentStatusPeriod> { new(StudentStatus.YearInIndustry, new(2025, 8, 1), null) };
        var result = Autumn(Facts(Student(), new(2025, 8, 1), statuses), AfterSemester1);

        result.Months.Should().OnlyContain(m => m.Status == Check.NotRequired);
        result.AwayContact.Should().Be(Check.Missed);
    }

    [Theory]
    [InlineData(6, false, "no-contact-requirement")] // AL-9: final year
    [InlineData(2, true, "visiting-study-abroad")]  // AL-3
    public void Excluded_students_are_outside_the_rules(int year, bool visiting, string reason)
    {
        var result = Autumn(Facts(Student(year, visiting), new(2025, 8, 1), null), AfterSemester1);
        result.Excluded.Should().Be(reason);
        result.Compliant.Should().BeNull();
        result.Checks.Should().OnlyContain(c => c == Check.NotRequired);
    }

    [Fact]
    public void CO3_only_an_individual_progress_and_wellbeing_enquiry_after_welcome_week_is_the_semesters_check_in()
    {
        var welcomeWeek = Contact(London(2025, 9, 30), ContactKind.IndividualMeeting, enquired: true);
        var group = Contact(London(2025, 10, 10), ContactKind.GroupMeeting, enquired: true);
        var notEnquired = Contact(London(2025, 10, 13), ContactKind.IndividualMeeting);
        Autumn(Facts(Student(), new(2025, 8, 1), null, welcomeWeek, group, notEnquired), AfterSemester1).CheckIn.Should().Be(Check.Missed);
        Autumn(Facts(Student(), new(2025, 8, 1), null, welcomeWeek, group, notEnquired), new(2025, 12, 1)).CheckIn.Should().Be(Check.Pending);

        var email = Contact(London(2026, 1, 14), ContactKind.Email, enquired: true); // Spring term, still semester 1
        var result = Autumn(Facts(Student(), new(2025, 8, 1), null, welcomeWeek, email), AfterSemester1);
        result.CheckIn.Should().Be(Check.Met);
        result.CheckInSemester.Should().Be(1);
    }

    [Fact]
    public void CO13_a_tutor_contact_in_the_welcome_period_before_term_starts_counts_in_the_first_term_only()
    {
        var facts = Facts(Student(), new(2025, 8, 1), null, Contact(London(2025, 9, 24)));
        Autumn(facts, AfterSemester1).WelcomeContact.Should().Be(Check.Met);
        ComplianceRules.Evaluate(facts, Calendar, Spring, Policy, new(2026, 4, 1)).WelcomeContact.Should().Be(Check.NotRequired);
        Autumn(Facts(Student(), new(2025, 8, 1), null, Contact(London(2025, 10, 6))), AfterSemester1).WelcomeContact.Should().Be(Check.Missed);
    }

    [Fact]
    public void CO1_a_first_year_tutees_first_term_needs_a_meeting_in_person_or_by_video()
    {
        Autumn(Facts(Student(year: 1), new(2025, 8, 1), null, Contact(London(2025, 10, 6))), AfterSemester1).InitialMeeting.Should().Be(Check.Missed);
        Autumn(Facts(Student(year: 1), new(2025, 8, 1), null, Contact(London(2025, 9, 24), ContactKind.VideoCall)), AfterSemester1).InitialMeeting.Should().Be(Check.Met);
        Autumn(Facts(Student(year: 2), new(2025, 8, 1), null, Contact(London(2025, 10, 6))), AfterSemester1).InitialMeeting.Should().Be(Check.NotRequired);
        ComplianceRules.Evaluate(Facts(Student(year: 1), new(2025, 8, 1), null), Calendar, Spring, Policy, new(2026, 4, 1)).InitialMeeting.Should().Be(Check.NotRequired);
    }

    [Fact]
    public void CO4_attempted_responded_and_unanswered_are_reported_per_term()
    {
        var result = Autumn(Facts(Student(), new(2025, 8, 1), null,
            Contact(London(2025, 10, 1), responded: false), Contact(London(2025, 10, 8), responded: false),
            Contact(London(2025, 10, 9), direction: ContactDirection.TuteeInitiated)), AfterSemester1);

        result.ContactAttempted.Should().BeTrue();
        result.Responded.Should().BeTrue();
        result.UnansweredAttempts.Should().Be(2);
    }
}
