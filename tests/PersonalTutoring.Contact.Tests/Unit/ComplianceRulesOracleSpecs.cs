using System.Globalization;
using System.Text;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Contact.Compliance;
using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.Contact.ReadModels.StudentRecords;
using PersonalTutoring.Contact.Tests.Support;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Contact.Tests.Unit;

/// <summary>
/// The compliance rules, which work out each tutee's days once per term (issue 14's CPU work), give exactly what the
/// former day-by-day rules (<see cref="FormerComplianceRules"/>) gave, on generated tutees: random statuses and profile
/// statuses, tutor periods starting and ending mid-month (handovers, gaps, overlaps), suspensions and away periods,
/// contacts across the terms' and semesters' edges and around local midnight, as-of dates before, inside and after the
/// term, and calendars and policies of several shapes. Both entry points are compared: the one-call
/// <see cref="ComplianceRules.Evaluate(TuteeFacts, SchoolCalendar, Term, TutoringPolicy, DateOnly)"/> and the shared
/// <see cref="TermDays"/> and dated contacts the KPI figures use.
/// </summary>
public sealed class ComplianceRulesOracleSpecs
{
    private static readonly StudentStatus[] AllStatuses = Enum.GetValues<StudentStatus>();
    private static readonly ContactKind[] Kinds = Enum.GetValues<ContactKind>();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void The_rules_agree_with_the_former_rules_on_generated_tutees(int seed)
    {
        var random = new Random(seed);
        var compared = 0;
        for (var c = 0; c < 60; c++)
        {
            var calendar = c == 0 ? HandWorkedCalendar.For("MED") : Calendar(random, c);
            var policy = c == 0 ? HandWorkedCalendar.Policy("MED") : Policy(random);
            var termDays = calendar.Terms.Select(t => new TermDays(calendar, t)).ToList();
            var first = calendar.WelcomeStart.AddDays(-45);
            var last = calendar.Terms.Max(t => t.End).AddDays(45);
            for (var s = 0; s < 40; s++)
            {
                var facts = Tutee(random, first, last);
                var asOfs = new List<DateOnly> { Between(random, first, last) };
                foreach (var t in calendar.Terms) asOfs.AddRange([t.Start.AddDays(-1), t.Start, t.End, t.End.AddDays(1), Between(random, t.Start, t.End)]);
                DatedContact[]? dated = null;
                foreach (var days in termDays)
                {
                    dated ??= days.Dated(facts.Contacts);
                    foreach (var asOf in asOfs.OrderBy(_ => random.Next()).Take(3))
                    {
                        var expected = Describe(FormerComplianceRules.Evaluate(facts, calendar, days.Term, policy, asOf));
                        Describe(ComplianceRules.Evaluate(facts, calendar, days.Term, policy, asOf)).Should().Be(expected, $"seed {seed}, calendar {c}, tutee {s}, {days.Term.Name}, as of {asOf}");
                        Describe(ComplianceRules.Evaluate(facts, days, dated, policy, asOf)).Should().Be(expected, $"seed {seed}, calendar {c}, tutee {s}, {days.Term.Name}, as of {asOf} (shared days)");
                        compared++;
                    }
                }
            }
        }
        compared.Should().BeGreaterThan(5_000);
    }

    [Fact]
    public void Hand_picked_edges_agree_with_the_former_rules()
    {
        var calendar = HandWorkedCalendar.For("MED");
        var policy = HandWorkedCalendar.Policy("MED");
        var student = Profile(1, StudentStatus.Studying, false);
        var autumn = HandWorkedCalendar.Autumn;
        TuteeFacts[] cases =
        [
            // No statuses: the profile's status counts (here suspended) on every day.
            new(Profile(2, StudentStatus.Suspended, false), [], [new("s1", "t1", new(2025, 8, 1), null)], []),
            // Periods that end before they start, a tutor period ending on the term's first day, one starting on its last day.
            new(student, [new(StudentStatus.Suspended, new(2025, 11, 1), new(2025, 10, 1))], [new("s1", "t1", new(2025, 8, 1), autumn.Start), new("s1", "t2", autumn.End, null)], []),
            // Handover mid-month with a gap of one day; a suspension over the handover.
            new(student, [new(StudentStatus.Studying, new(2025, 9, 1), new(2025, 10, 20)), new(StudentStatus.YearAbroad, new(2025, 10, 20), new(2025, 11, 3))],
                [new("s1", "t1", new(2025, 9, 1), new(2025, 10, 15)), new("s1", "t2", new(2025, 10, 16), null)], []),
            // Overlapping status periods: the later one in the list wins.
            new(student, [new(StudentStatus.Suspended, new(2025, 9, 1), null), new(StudentStatus.Studying, new(2025, 10, 1), new(2025, 11, 1))],
                [new("s1", "t1", new(2025, 8, 1), null)], []),
            // Withdrawn mid-term, not allocated before the welcome period.
            new(student, [new(StudentStatus.Studying, new(2025, 9, 1), new(2025, 11, 20)), new(StudentStatus.Withdrawn, new(2025, 11, 20), null)],
                [new("s1", "t1", new(2025, 9, 23), new(2025, 11, 20))], []),
        ];
        foreach (var facts in cases)
            foreach (var term in calendar.Terms)
                foreach (var asOf in new DateOnly[] { new(2025, 9, 1), new(2025, 10, 31), new(2025, 12, 12), new(2025, 12, 13), new(2026, 7, 31) })
                    Describe(ComplianceRules.Evaluate(facts, calendar, term, policy, asOf)).Should().Be(Describe(FormerComplianceRules.Evaluate(facts, calendar, term, policy, asOf)));
    }

    private static string Describe(TuteeCompliance c)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"{c.StudentId}|{c.TutorId}|{c.TermKey}|{c.Excluded}|{c.Away}|{c.MonthlyContact}|{c.CheckIn}|{c.CheckInSemester}|{c.WelcomeContact}|{c.AwayContact}|{c.InitialMeeting}|{c.ContactAttempted}|{c.Responded}|{c.UnansweredAttempts}|{c.Compliant}");
        foreach (var m in c.Months) text.Append(CultureInfo.InvariantCulture, $"|{m.Month:yyyy-MM-dd}:{m.Status}:{m.Contacts}");
        return text.ToString();
    }

    /// <summary>A 2025-26 calendar of random shape: terms (listed in any order), semesters that may miss a term or overlap, a welcome period, a time zone.</summary>
    private static SchoolCalendar Calendar(Random random, int index)
    {
        var start = new DateOnly(2025, 9, 1).AddDays(random.Next(0, 40));
        var terms = new List<Term>();
        var termCount = random.Next(1, 4);
        for (var i = 0; i < termCount; i++)
        {
            var end = start.AddDays(random.Next(20, 90));
            terms.Add(new Term($"T{i}", start, end));
            start = end.AddDays(random.Next(1, 30));
        }
        var semesters = new List<Semester>();
        var semesterStart = terms[0].Start.AddDays(-random.Next(0, 20));
        var semesterCount = random.Next(0, 4);
        for (var i = 1; i <= semesterCount; i++)
        {
            var end = semesterStart.AddDays(random.Next(30, 160));
            semesters.Add(new Semester(i, semesterStart, end));
            semesterStart = end.AddDays(random.Next(-10, 10));
        }
        var welcomeStart = terms[0].Start.AddDays(-random.Next(0, 14));
        string[] zones = ["Europe/London", "Europe/London", "America/New_York", "Asia/Kolkata", "UTC"];
        return new SchoolCalendar("KS" + index, "2025-26", zones[random.Next(zones.Length)], [.. terms.OrderBy(_ => random.Next())], semesters,
            welcomeStart, welcomeStart.AddDays(random.Next(0, 14)), new HashSet<DateOnly>());
    }

    private static TutoringPolicy Policy(Random random) => HandWorkedCalendar.Policy("MED") with
    {
        YearsWithoutContactRequirement = random.Next(3) == 0 ? [1] : [6],
        MonthlyTermTimeContact = random.Next(4) != 0,
        CheckInsPerSemester = random.Next(0, 4),
        WelcomePeriodDays = random.Next(0, 16),
    };

    private static StudentProfile Profile(int year, StudentStatus status, bool visiting) =>
        new("s1", "Anna", "A", "a@x", "MED", "MBBS", CohortLevel.UG, year, new(2025, 9, 15), status, false, visiting);

    private static TuteeFacts Tutee(Random random, DateOnly first, DateOnly last)
    {
        var student = Profile(random.Next(1, 5), random.Next(4) == 0 ? AllStatuses[random.Next(AllStatuses.Length)] : StudentStatus.Studying, random.Next(20) == 0);
        var statuses = new List<StudentStatusPeriod>();
        var from = first.AddDays(random.Next(-30, 60));
        var statusCount = random.Next(0, 5);
        for (var i = 0; i < statusCount; i++)
        {
            var to = random.Next(5) == 0 ? (DateOnly?)null : from.AddDays(random.Next(-5, 120));
            statuses.Add(new StudentStatusPeriod(random.Next(2) == 0 ? StudentStatus.Studying : AllStatuses[random.Next(AllStatuses.Length)], from, to));
            from = random.Next(4) == 0 ? from.AddDays(random.Next(0, 40)) : to ?? from.AddDays(random.Next(1, 60));
        }
        var assignments = new List<TutorAssignment>();
        var at = first.AddDays(random.Next(-30, 150));
        var assignmentCount = random.Next(0, 4);
        for (var i = 0; i < assignmentCount; i++)
        {
            var to = random.Next(3) == 0 ? (DateOnly?)null : at.AddDays(random.Next(1, 150));
            assignments.Add(new TutorAssignment("s1", "t" + i, at, to));
            at = (to ?? at).AddDays(random.Next(-3, 30));
        }
        var contacts = new List<ContactEntry>();
        var contactCount = random.Next(0, 16);
        for (var i = 0; i < contactCount; i++)
        {
            var day = Between(random, first, last);
            // Around midnight UTC half the time, so the calendar's time zone decides the day.
            var time = random.Next(2) == 0 ? new TimeSpan(random.Next(0, 24), random.Next(0, 60), 0) : TimeSpan.FromMinutes(random.Next(-300, 300));
            var occurred = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + time;
            bool? responded = random.Next(3) switch { 0 => null, 1 => true, _ => false };
            contacts.Add(new ContactEntry(Guid.NewGuid(), "t0", "t0", Kinds[random.Next(Kinds.Length)],
                random.Next(2) == 0 ? ContactDirection.TutorInitiated : ContactDirection.TuteeInitiated, occurred, random.Next(2) == 0, responded, null, occurred, null, null, null));
        }
        return new TuteeFacts(student, statuses, assignments, contacts);
    }

    private static DateOnly Between(Random random, DateOnly from, DateOnly to) => from.AddDays(random.Next(0, to.DayNumber - from.DayNumber + 1));
}
