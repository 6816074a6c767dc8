using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Contact.Contracts;
using PersonalTutoring.Contact.ReadModels.ContactFacts;
using PersonalTutoring.Contact.Shared;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Contact.Compliance;

/// <summary>
/// <see cref="IContactFigures"/>: the same compliance rules as the school's compliance page, evaluated on the KPI date
/// with only the contacts recorded by the known-on date, and the dated entries (replies, support flags, referrals)
/// counted by their own instants. Tutees are grouped by their cohort level today; the allocation periods come from
/// Allocation's current history (docs/adr/0065 says what that means for as-of answers).
/// A fixed number of round trips per school, whatever its size or age (docs/performance.md, KPI bench; docs/adr/0087):
/// the students with their histories in one query (none when the caller passes those it read with Allocation's figures),
/// their KPI facts of the year in one (a small row per student and year, not every contact of every student's career),
/// and each policy once per term and cohort level.
/// </summary>
internal sealed class ContactFigures(ContactFactReader reader, StudentContext context) : IContactFigures
{
    public async Task<IReadOnlyList<ContactYearFigures>> YearFiguresAsync(string schoolCode, AcademicYear year, DateOnly on, DateOnly knownOn, CancellationToken ct) =>
        await YearFiguresAsync(schoolCode, year, on, knownOn, await context.Allocation.YearHistoriesInSchoolAsync(schoolCode, year, ct), ct);

    public async Task<IReadOnlyList<ContactYearFigures>> YearFiguresAsync(string schoolCode, AcademicYear year, DateOnly on, DateOnly knownOn,
        IReadOnlyList<StudentHistory> histories, CancellationToken ct)
    {
        var (kpiDate, asOf) = (on, knownOn);
        var calendar = await context.Calendar.ForYearAsync(schoolCode, year.ToString(), ct);
        var terms = calendar?.Terms.Where(t => t.Start <= kpiDate).OrderBy(t => t.Start).ToList() ?? [];
        // What the rules need of each term's days, worked out once for all the school's tutees.
        var termDays = calendar is null ? [] : terms.Select(t => new TermDays(calendar, t)).ToList();
        // CO-1's initial meeting looks at every earlier contact, so first-years' earlier meetings are read too.
        var rows = await reader.YearsAsync([.. histories.Select(h => h.Student.StudentId)], Years(year, calendar),
            [.. histories.Where(h => h.Student.YearOfStudy == 1).Select(h => h.Student.StudentId)], ct);
        // UK dates compared as instants, worked out once: an instant's UK date is on or before a date exactly when the
        // instant is before the next day's UK midnight (every fact of the school is dated by these two).
        var (knownBefore, yearFrom, yearBefore) = (UkMidnight(asOf.AddDays(1)), UkMidnight(year.DefaultStart), UkMidnight(kpiDate.AddDays(1)));
        bool Known(DateTimeOffset at) => at < knownBefore;
        bool InYear(DateTimeOffset at) => at >= yearFrom && at < yearBefore;

        var policies = new Dictionary<(DateOnly, CohortLevel), TutoringPolicy>();
        async Task<TutoringPolicy> PolicyAsync(Term term, CohortLevel level) => policies.TryGetValue((term.Start, level), out var known)
            ? known
            : policies[(term.Start, level)] = await context.Policies.InForceAsync(schoolCode, term.Start, level, ct);

        var result = new List<ContactYearFigures>();
        foreach (var level in histories.GroupBy(h => h.Student.Level).OrderBy(g => g.Key))
        {
            var compliance = terms.ToDictionary(t => t.Name, _ => (Tutees: 0, Compliant: 0));
            int due = 0, inTime = 0, referred = 0, made = 0, closed = 0;
            foreach (var history in level)
            {
                var mine = rows[history.Student.StudentId].ToList();
                // A contact carried into the next year's row too is one contact.
                var contacts = mine.SelectMany(r => r.Contacts).DistinctBy(c => c.ContactId).Where(c => Known(c.RecordedAt)).Select(c => c.ToEntry()).ToList();
                if (terms.Count > 0 && calendar is not null)
                {
                    var tutee = new TuteeFacts(history.Student, history.Statuses, history.Assignments, contacts);
                    DatedContact[]? dated = null; // their local dates, once for every term (one calendar, one time zone)
                    foreach (var term in termDays)
                    {
                        // Not allocated on any day of the term: the rules exclude the student ("not-a-tutee-this-term"), so
                        // the evaluation is skipped — the school's earlier graduates, a third of its students after three years.
                        if (!history.Assignments.Any(a => a.From <= term.Term.End && (a.To is null || a.To > term.Term.Start))) continue;
                        dated ??= term.Dated(contacts);
                        var check = ComplianceRules.Evaluate(tutee, term, dated, await PolicyAsync(term.Term, history.Student.Level), kpiDate);
                        if (check.Compliant is not { } compliant) continue;
                        var (tutees, met) = compliance[term.Term.Name];
                        compliance[term.Term.Name] = (tutees + 1, met + (compliant ? 1 : 0));
                    }
                }
                foreach (var reply in contacts.Where(c => c.ReplyDueAt is { } at && InYear(at)))
                {
                    due++;
                    if (reply.RepliedAt is { } answered && Known(answered) && answered <= reply.ReplyDueAt) inTime++;
                }
                int Count(Func<ContactYear, IEnumerable<DatedFact>> facts) => mine.SelectMany(facts).DistinctBy(f => f.Id).Count(f => InYear(f.At) && Known(f.At));
                referred += Count(r => r.FlagsRaised);
                made += Count(r => r.ReferralsMade);
                closed += Count(r => r.ReferralsClosed);
            }
            result.Add(new ContactYearFigures(schoolCode, level.Key,
                terms.Select(t => new TermCompliance(StudentContext.TermKey(year.ToString(), t.Name), compliance[t.Name].Tutees, compliance[t.Name].Compliant)).ToList(),
                due, inTime, referred, made, closed));
        }
        return result;
    }

    /// <summary>
    /// The academic years whose rows hold every fact that can count: the year itself (replies, flags, referrals by their
    /// UK date) and every day of the school's calendar for it (the compliance windows), a day either side for the
    /// calendar's time zone. A row also holds its year's first month's worth of the previous year's contacts
    /// (<see cref="ContactYearProjection.CarriedDays"/>), so a calendar inside the year needs only its own row. The rules
    /// and counts filter exactly; this only chooses the rows read.
    /// </summary>
    internal static IReadOnlyList<int> Years(AcademicYear year, SchoolCalendar? calendar)
    {
        var first = year.DefaultStart;
        var last = year.DefaultEnd;
        if (calendar is not null)
        {
            DateOnly[] starts = [calendar.WelcomeStart, .. calendar.Terms.Select(t => t.Start), .. calendar.Semesters.Select(s => s.Start)];
            DateOnly[] ends = [calendar.WelcomeEnd, .. calendar.Terms.Select(t => t.End), .. calendar.Semesters.Select(s => s.End)];
            first = starts.Min().AddDays(-1) is var start && start < first ? start : first;
            last = ends.Max().AddDays(1) is var end && end > last ? end : last;
        }
        var years = new List<int> { AcademicYear.Containing(last).StartYear };
        while (new AcademicYear(years[^1]).DefaultStart.AddDays(-ContactYearProjection.CarriedDays) > first) years.Add(years[^1] - 1);
        return years;
    }

    /// <summary>The first instant of a UK date: the year, the KPI date and the as-of date are UK dates.</summary>
    private static DateTimeOffset UkMidnight(DateOnly date) => StudentContext.StartOf(London, date);

    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
}
