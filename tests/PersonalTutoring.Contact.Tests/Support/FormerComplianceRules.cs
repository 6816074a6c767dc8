using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Contact.Compliance;
using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.Contact.ReadModels.StudentRecords;
using PersonalTutoring.Contact.Shared;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Contact.Tests.Support;

/// <summary>
/// The compliance rules as they were before issue 14's CPU work (docs/performance.md): every rule walking the term's
/// days with its own closures. Kept verbatim (only renamed) as the oracle <see cref="ComplianceRules"/> must agree with.
/// The CO-2, CO-3, CO-4, CO-13 and AL-2 rules for one tutee in one term, against the school's calendar and policy.
/// Pure and deterministic: the same facts, calendar, policy and as-of date give the same answer (docs/adr/0030).
/// A month, check-in or welcome contact is required only if the tutee was allocated and studying throughout it, so a
/// tutee allocated mid-month or who suspends mid-term is not held to a window they were not in.
/// </summary>
internal static class FormerComplianceRules
{
    private static readonly ContactKind[] Individual = [ContactKind.IndividualMeeting, ContactKind.Email, ContactKind.Call, ContactKind.VideoCall, ContactKind.Message];
    private static readonly ContactKind[] Meetings = [ContactKind.IndividualMeeting, ContactKind.GroupMeeting, ContactKind.VideoCall];

    public static TuteeCompliance Evaluate(TuteeFacts facts, SchoolCalendar calendar, Term term, TutoringPolicy policy, DateOnly asOf)
    {
        var student = facts.Student;
        var termKey = StudentContext.TermKey(calendar.AcademicYear, term.Name);
        var days = Days(term.Start, term.End).ToList();
        bool Allocated(DateOnly d) => facts.Assignments.Any(a => a.CoversDate(d));
        bool Studying(DateOnly d) => Allocated(d) && StatusOn(facts, d) == StudentStatus.Studying;
        bool AwayOn(DateOnly d) => Allocated(d) && StatusOn(facts, d).IsAway();
        var all = facts.Contacts.Select(c => (Entry: c, Day: StudentContext.LocalDate(calendar, c.OccurredAt))).ToList();
        var contacts = all.Where(c => term.Contains(c.Day)).ToList();

        var excluded = student.VisitingStudyAbroad ? "visiting-study-abroad"
            : !policy.ContactRequiredIn(student.YearOfStudy) ? "no-contact-requirement"
            : !days.Any(d => Studying(d) || AwayOn(d)) ? "not-a-tutee-this-term"
            : null;
        var tutor = facts.Assignments.LastOrDefault(a => a.CoversDate(Min(term.End, asOf))) ?? facts.Assignments.LastOrDefault(a => days.Any(a.CoversDate));

        var months = new List<MonthCheck>();
        foreach (var monthDays in days.Where(calendar.IsTermTime).GroupBy(d => new DateOnly(d.Year, d.Month, 1)))
        {
            var count = contacts.Count(c => c.Day.Year == monthDays.Key.Year && c.Day.Month == monthDays.Key.Month);
            var required = excluded is null && policy.MonthlyTermTimeContact && monthDays.All(Studying);
            months.Add(new MonthCheck(monthDays.Key, Status(required, count > 0, monthDays.Max(), asOf), count));
        }

        // Check-ins count across the whole semester and welcome contact happens before term starts: both look beyond the term.
        var (checkIn, semesterNumber) = CheckIn(calendar, term, policy, all, excluded is null, Studying, asOf);
        var welcome = Welcome(calendar, term, policy, all, excluded is null, Studying, asOf);
        // CO-1: a first-year tutee's first term includes a meeting in person or by video.
        var firstTerm = calendar.Terms.OrderBy(t => t.Start).First() == term;
        var initial = Status(excluded is null && firstTerm && student.YearOfStudy == 1 && days.Any(Studying),
            all.Any(c => c.Day <= term.End && Meetings.Contains(c.Entry.Kind)), term.End, asOf);
        var away = excluded is null && days.Any(AwayOn);
        var awayCheck = Status(away, contacts.Count > 0, term.End, asOf);

        return new TuteeCompliance(student.StudentId, tutor?.TutorId, termKey, excluded, away, months, Combine(months.Select(m => m.Status)),
            checkIn, semesterNumber, welcome, awayCheck, initial,
            contacts.Any(c => c.Entry.Direction == ContactDirection.TutorInitiated),
            contacts.Any(c => c.Entry.TuteeResponded == true),
            contacts.Count(c => c.Entry is { Direction: ContactDirection.TutorInitiated, TuteeResponded: false }));
    }

    /// <summary>CO-3: the semester ending in (or last overlapping) the term needs its individual progress-and-wellbeing check-ins, Welcome Week aside.</summary>
    private static (Check, int?) CheckIn(SchoolCalendar calendar, Term term, TutoringPolicy policy, IEnumerable<(ContactEntry Entry, DateOnly Day)> contacts,
        bool applies, Func<DateOnly, bool> studying, DateOnly asOf)
    {
        var semester = calendar.Semesters.Where(s => s.Start <= term.End && s.End >= term.Start).OrderBy(s => s.Contains(term.End) ? 0 : 1).ThenByDescending(s => s.Start).FirstOrDefault();
        if (semester is null || policy.CheckInsPerSemester <= 0) return (Check.NotRequired, null);
        var checkIns = contacts.Count(c => semester.Contains(c.Day) && !calendar.IsWelcomePeriod(c.Day) && c.Entry.EnquiredAboutProgressAndWellbeing && Individual.Contains(c.Entry.Kind));
        var lastDay = Min(semester.End, term.End);
        return (Status(applies && studying(lastDay), checkIns >= policy.CheckInsPerSemester, semester.End, asOf), semester.Number);
    }

    /// <summary>CO-13: in the first term, the tutor contacts (or invites) each tutee within the welcome period.</summary>
    private static Check Welcome(SchoolCalendar calendar, Term term, TutoringPolicy policy, IEnumerable<(ContactEntry Entry, DateOnly Day)> contacts,
        bool applies, Func<DateOnly, bool> studying, DateOnly asOf)
    {
        if (calendar.Terms.OrderBy(t => t.Start).First() != term || policy.WelcomePeriodDays <= 0) return Check.NotRequired;
        var end = Min(calendar.WelcomeEnd, calendar.WelcomeStart.AddDays(policy.WelcomePeriodDays - 1));
        var done = contacts.Any(c => c.Entry.Direction == ContactDirection.TutorInitiated && c.Day >= calendar.WelcomeStart && c.Day <= end);
        return Status(applies && studying(calendar.WelcomeStart), done, end, asOf);
    }

    private static Check Status(bool required, bool met, DateOnly windowEnd, DateOnly asOf) =>
        !required ? Check.NotRequired : met ? Check.Met : windowEnd >= asOf ? Check.Pending : Check.Missed;

    private static Check Combine(IEnumerable<Check> checks)
    {
        var all = checks.ToList();
        return all.Contains(Check.Missed) ? Check.Missed : all.Contains(Check.Pending) ? Check.Pending : all.Contains(Check.Met) ? Check.Met : Check.NotRequired;
    }

    /// <summary>The status on a date: periods are [From, To) like assignments; before any period, the profile's status.</summary>
    internal static StudentStatus StatusOn(TuteeFacts facts, DateOnly date) =>
        facts.Statuses.LastOrDefault(p => p.From <= date && (p.To is null || date < p.To))?.Status
        ?? (facts.Statuses.Count == 0 ? facts.Student.Status : StudentStatus.Studying);

    private static IEnumerable<DateOnly> Days(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1)) yield return d;
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
