using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.Contact.ReadModels.StudentRecords;
using PersonalTutoring.Contact.Shared;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Contact.Compliance;

/// <summary>A rule's state for one tutee in one term. Pending: not met yet, but its window is still open.</summary>
internal enum Check { NotRequired, Met, Pending, Missed }

internal sealed record MonthCheck(DateOnly Month, Check Status, int Contacts);

/// <summary>Everything a term's compliance is computed from: the tutee's allocation facts and their contact points.</summary>
internal sealed record TuteeFacts(StudentProfile Student, IReadOnlyList<StudentStatusPeriod> Statuses, IReadOnlyList<TutorAssignment> Assignments, IReadOnlyList<ContactEntry> Contacts);

internal sealed record TuteeCompliance(
    string StudentId, string? TutorId, string TermKey, string? Excluded, bool Away,
    IReadOnlyList<MonthCheck> Months, Check MonthlyContact, Check CheckIn, int? CheckInSemester, Check WelcomeContact, Check AwayContact,
    Check InitialMeeting, bool ContactAttempted, bool Responded, int UnansweredAttempts)
{
    public IEnumerable<Check> Checks => [MonthlyContact, CheckIn, WelcomeContact, AwayContact, InitialMeeting];

    public bool? Compliant => Excluded is not null ? null : !Checks.Contains(Check.Missed);
}

/// <summary>A contact point with its date in the calendar's time zone, worked out once per tutee, not once per term and rule.</summary>
internal readonly record struct DatedContact(ContactEntry Entry, DateOnly Day);

/// <summary>
/// What the rules need of one term of one calendar, whoever the tutee: its days, its term-time months, the semester
/// its check-ins count in, whether it is the first term and the welcome window. Worked out once per term and shared by
/// every tutee's evaluation (docs/performance.md, issue 14).
/// </summary>
internal sealed class TermDays
{
    public TermDays(SchoolCalendar calendar, Term term)
    {
        Calendar = calendar;
        Term = term;
        TermKey = StudentContext.TermKey(calendar.AcademicYear, term.Name);
        First = term.Start.DayNumber;
        Length = Math.Max(0, term.End.DayNumber - term.Start.DayNumber + 1);
        var months = new List<TermMonth>();
        for (var i = 0; i < Length; i++)
        {
            var day = term.Start.AddDays(i);
            if (!calendar.IsTermTime(day)) continue;
            var key = new DateOnly(day.Year, day.Month, 1);
            if (months.FindIndex(m => m.Month == key) is var at and >= 0) months[at].Days.Add(i);
            else months.Add(new TermMonth(key, [i]));
        }
        Months = months;
        Semester = calendar.Semesters.Where(s => s.Start <= term.End && s.End >= term.Start).OrderBy(s => s.Contains(term.End) ? 0 : 1).ThenByDescending(s => s.Start)
            .FirstOrDefault();
        IsFirstTerm = calendar.Terms.OrderBy(t => t.Start).First() == term;
    }

    public SchoolCalendar Calendar { get; }

    public Term Term { get; }

    public string TermKey { get; }

    /// <summary>The term's first day's <see cref="DateOnly.DayNumber"/>; day i of the term is <c>First + i</c>.</summary>
    public int First { get; }

    public int Length { get; }

    /// <summary>The term-time days of the term by calendar month, in order (indexes into the term's days).</summary>
    public IReadOnlyList<TermMonth> Months { get; }

    /// <summary>CO-3's semester: the one ending in (or last overlapping) the term.</summary>
    public Semester? Semester { get; }

    public bool IsFirstTerm { get; }

    public DatedContact[] Dated(IReadOnlyList<ContactEntry> contacts)
    {
        var dated = new DatedContact[contacts.Count];
        for (var i = 0; i < dated.Length; i++) dated[i] = new DatedContact(contacts[i], StudentContext.LocalDate(Calendar, contacts[i].OccurredAt));
        return dated;
    }
}

internal sealed record TermMonth(DateOnly Month, List<int> Days);

/// <summary>
/// The CO-2, CO-3, CO-4, CO-13 and AL-2 rules for one tutee in one term, against the school's calendar and policy.
/// Pure and deterministic: the same facts, calendar, policy and as-of date give the same answer (docs/adr/0030).
/// A month, check-in or welcome contact is required only if the tutee was allocated and studying throughout it, so a
/// tutee allocated mid-month or who suspends mid-term is not held to a window they were not in.
/// The tutee's state on each day of the term (allocated and studying, allocated and away) is worked out once from
/// their periods, and every rule reads it; the contacts' local dates are worked out once per tutee.
/// </summary>
internal static class ComplianceRules
{
    private const byte Other = 0, Studying = 1, Away = 2;

    public static TuteeCompliance Evaluate(TuteeFacts facts, SchoolCalendar calendar, Term term, TutoringPolicy policy, DateOnly asOf)
    {
        var days = new TermDays(calendar, term);
        return Evaluate(facts, days, days.Dated(facts.Contacts), policy, asOf);
    }

    /// <param name="all">The tutee's contacts dated in <paramref name="term"/>'s calendar (<see cref="TermDays.Dated"/>).</param>
    public static TuteeCompliance Evaluate(TuteeFacts facts, TermDays term, IReadOnlyList<DatedContact> all, TutoringPolicy policy, DateOnly asOf)
    {
        var student = facts.Student;
        var (calendar, first, length) = (term.Calendar, term.First, term.Length);
        var state = States(facts, first, length);
        bool anyStudying = false, anyAway = false;
        foreach (var s in state)
        {
            anyStudying |= s == Studying;
            anyAway |= s == Away;
        }
        bool StudyingOn(DateOnly d) => d.DayNumber - first is var i && i >= 0 && i < length ? state[i] == Studying : StudyingOutside(facts, d);

        var excluded = student.VisitingStudyAbroad ? "visiting-study-abroad"
            : !policy.ContactRequiredIn(student.YearOfStudy) ? "no-contact-requirement"
            : !(anyStudying || anyAway) ? "not-a-tutee-this-term"
            : null;
        var tutor = Tutor(facts.Assignments, term.Term, asOf);

        // The contacts of the term: how many in each term-time month, and what the term-wide rules ask of them.
        var monthCounts = new int[term.Months.Count];
        int inTerm = 0, unanswered = 0;
        bool attempted = false, responded = false;
        foreach (var c in all)
        {
            if (!term.Term.Contains(c.Day)) continue;
            inTerm++;
            for (var m = 0; m < monthCounts.Length; m++)
                if (term.Months[m].Month.Year == c.Day.Year && term.Months[m].Month.Month == c.Day.Month) monthCounts[m]++;
            attempted |= c.Entry.Direction == ContactDirection.TutorInitiated;
            responded |= c.Entry.TuteeResponded == true;
            if (c.Entry is { Direction: ContactDirection.TutorInitiated, TuteeResponded: false }) unanswered++;
        }

        var months = new List<MonthCheck>(term.Months.Count);
        for (var m = 0; m < term.Months.Count; m++)
        {
            var month = term.Months[m];
            var required = excluded is null && policy.MonthlyTermTimeContact && month.Days.TrueForAll(i => state[i] == Studying);
            months.Add(new MonthCheck(month.Month, Status(required, monthCounts[m] > 0, term.Term.Start.AddDays(month.Days[^1]), asOf), monthCounts[m]));
        }

        // Check-ins count across the whole semester and welcome contact happens before term starts: both look beyond the term.
        var (checkIn, semesterNumber) = CheckIn(calendar, term, policy, all, excluded is null, StudyingOn, asOf);
        var welcome = Welcome(calendar, term, policy, all, excluded is null, StudyingOn, asOf);
        // CO-1: a first-year tutee's first term includes a meeting in person or by video.
        var met = false;
        foreach (var c in all) met |= c.Day <= term.Term.End && Array.IndexOf(Meetings, c.Entry.Kind) >= 0;
        var initial = Status(excluded is null && term.IsFirstTerm && student.YearOfStudy == 1 && anyStudying, met, term.Term.End, asOf);
        var away = excluded is null && anyAway;
        var awayCheck = Status(away, inTerm > 0, term.Term.End, asOf);

        return new TuteeCompliance(student.StudentId, tutor?.TutorId, term.TermKey, excluded, away, months, Combine(months),
            checkIn, semesterNumber, welcome, awayCheck, initial, attempted, responded, unanswered);
    }

    private static readonly ContactKind[] Individual = [ContactKind.IndividualMeeting, ContactKind.Email, ContactKind.Call, ContactKind.VideoCall, ContactKind.Message];
    private static readonly ContactKind[] Meetings = [ContactKind.IndividualMeeting, ContactKind.GroupMeeting, ContactKind.VideoCall];

    /// <summary>
    /// The tutee's state on each day of the term: allocated (some tutor period covers the day) and studying, allocated
    /// and away, or neither. A day's status is the last period covering it, as <see cref="StatusOn"/> says.
    /// </summary>
    private static byte[] States(TuteeFacts facts, int first, int length)
    {
        var end = first + length; // exclusive
        var allocated = new bool[length];
        foreach (var a in facts.Assignments)
        {
            var (from, to) = (Math.Max(a.From.DayNumber, first), Math.Min(a.To?.DayNumber ?? end, end));
            for (var d = from; d < to; d++) allocated[d - first] = true;
        }
        var statuses = new StudentStatus[length];
        Array.Fill(statuses, facts.Statuses.Count == 0 ? facts.Student.Status : StudentStatus.Studying);
        foreach (var p in facts.Statuses)
        {
            var (from, to) = (Math.Max(p.From.DayNumber, first), Math.Min(p.To?.DayNumber ?? end, end));
            for (var d = from; d < to; d++) statuses[d - first] = p.Status;
        }
        var state = new byte[length];
        for (var i = 0; i < length; i++)
            state[i] = !allocated[i] ? Other : statuses[i] == StudentStatus.Studying ? Studying : statuses[i].IsAway() ? Away : Other;
        return state;
    }

    private static bool StudyingOutside(TuteeFacts facts, DateOnly date) => facts.Assignments.Any(a => a.CoversDate(date)) && StatusOn(facts, date) == StudentStatus.Studying;

    /// <summary>The tutor on the term's last day (or the as-of date, if earlier), else the last one allocated on any day of the term.</summary>
    private static TutorAssignment? Tutor(IReadOnlyList<TutorAssignment> assignments, Term term, DateOnly asOf)
    {
        var on = Min(term.End, asOf);
        TutorAssignment? covering = null, inTerm = null;
        foreach (var a in assignments)
        {
            if (a.CoversDate(on)) covering = a;
            var from = a.From > term.Start ? a.From : term.Start;
            if (from <= term.End && (a.To is null || from < a.To)) inTerm = a;
        }
        return covering ?? inTerm;
    }

    /// <summary>CO-3: the semester ending in (or last overlapping) the term needs its individual progress-and-wellbeing check-ins, Welcome Week aside.</summary>
    private static (Check, int?) CheckIn(SchoolCalendar calendar, TermDays term, TutoringPolicy policy, IReadOnlyList<DatedContact> contacts,
        bool applies, Func<DateOnly, bool> studying, DateOnly asOf)
    {
        var semester = term.Semester;
        if (semester is null || policy.CheckInsPerSemester <= 0) return (Check.NotRequired, null);
        var checkIns = 0;
        foreach (var c in contacts)
            if (semester.Contains(c.Day) && !calendar.IsWelcomePeriod(c.Day) && c.Entry.EnquiredAboutProgressAndWellbeing && Array.IndexOf(Individual, c.Entry.Kind) >= 0)
                checkIns++;
        var lastDay = Min(semester.End, term.Term.End);
        return (Status(applies && studying(lastDay), checkIns >= policy.CheckInsPerSemester, semester.End, asOf), semester.Number);
    }

    /// <summary>CO-13: in the first term, the tutor contacts (or invites) each tutee within the welcome period.</summary>
    private static Check Welcome(SchoolCalendar calendar, TermDays term, TutoringPolicy policy, IReadOnlyList<DatedContact> contacts,
        bool applies, Func<DateOnly, bool> studying, DateOnly asOf)
    {
        if (!term.IsFirstTerm || policy.WelcomePeriodDays <= 0) return Check.NotRequired;
        var end = Min(calendar.WelcomeEnd, calendar.WelcomeStart.AddDays(policy.WelcomePeriodDays - 1));
        var done = false;
        foreach (var c in contacts) done |= c.Entry.Direction == ContactDirection.TutorInitiated && c.Day >= calendar.WelcomeStart && c.Day <= end;
        return Status(applies && studying(calendar.WelcomeStart), done, end, asOf);
    }

    private static Check Status(bool required, bool met, DateOnly windowEnd, DateOnly asOf) =>
        !required ? Check.NotRequired : met ? Check.Met : windowEnd >= asOf ? Check.Pending : Check.Missed;

    private static Check Combine(List<MonthCheck> months)
    {
        bool missed = false, pending = false, met = false;
        foreach (var m in months)
        {
            missed |= m.Status == Check.Missed;
            pending |= m.Status == Check.Pending;
            met |= m.Status == Check.Met;
        }
        return missed ? Check.Missed : pending ? Check.Pending : met ? Check.Met : Check.NotRequired;
    }

    /// <summary>The status on a date: periods are [From, To) like assignments; before any period, the profile's status.</summary>
    internal static StudentStatus StatusOn(TuteeFacts facts, DateOnly date) =>
        facts.Statuses.LastOrDefault(p => p.From <= date && (p.To is null || date < p.To))?.Status
        ?? (facts.Statuses.Count == 0 ? facts.Student.Status : StudentStatus.Studying);

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
