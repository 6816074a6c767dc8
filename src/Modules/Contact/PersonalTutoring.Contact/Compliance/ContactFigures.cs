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

    public Task<IReadOnlyList<ContactYearFigures>> YearFiguresAsync(string schoolCode, AcademicYear year, DateOnly on, DateOnly knownOn,
        IReadOnlyList<StudentHistory> histories, CancellationToken ct) =>
        FiguresAsync(schoolCode, year, on, knownOn, [], Task.FromResult(histories), halves: 1, ct);

    /// <summary>
    /// Read ahead for one school's answer (docs/adr/0095), which then has the host to itself: its rows are read and its
    /// tutees worked through in two halves at once. The university's answer works two schools at once instead, one each.
    /// </summary>
    public Task<IReadOnlyList<ContactYearFigures>> YearFiguresAsync(string schoolCode, AcademicYear year, DateOnly on, DateOnly knownOn,
        IReadOnlyList<string> students, Task<IReadOnlyList<StudentHistory>> histories, CancellationToken ct) =>
        FiguresAsync(schoolCode, year, on, knownOn, students, histories, halves: 2, ct);

    /// <summary>
    /// A school's figures as of a day count the facts dated up to it (<see cref="SchoolRows.FiguresAsync"/>), and every such
    /// fact is in a row of that year or an earlier one (a row holds its own year's facts and the last weeks of the year
    /// before), under a ledger key up to <c>{year}/{day}</c> (docs/adr/0102): every school's marks of a day are the digest
    /// of the keys up to it, whichever its students and calendar (the rows do not name a school).
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<string?>>> DaysChangesAsync(IReadOnlyList<string> schools, AcademicYear year, IReadOnlyList<DateOnly> throughs,
        CancellationToken ct)
    {
        IReadOnlyList<string?> marks = [.. await reader.ChangesThroughAsync(year.StartYear, throughs, ct)];
        return [.. schools.Select(_ => marks)];
    }

    /// <summary>
    /// The school's rows read once, as one day's figures read them (for the terms started by the last day), and each day's
    /// figures worked out over them (docs/adr/0099), one tutee after another: the keeper's walk shares the host with answers.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<ContactYearFigures>>> DaysFiguresAsync(string schoolCode, AcademicYear year, IReadOnlyList<DateOnly> days,
        DateOnly? knownOn, IReadOnlyList<StudentHistory> histories, CancellationToken ct)
    {
        if (days.Count == 0) return [];
        var rows = await ReadAsync(schoolCode, year, days.Max(), [], Task.FromResult(histories), halves: 1, ct);
        var figures = new List<IReadOnlyList<ContactYearFigures>>(days.Count);
        foreach (var day in days) figures.Add(await rows.FiguresAsync(day, knownOn ?? day, halves: 1, ct));
        return figures;
    }

    private async Task<IReadOnlyList<ContactYearFigures>> FiguresAsync(string schoolCode, AcademicYear year, DateOnly on, DateOnly knownOn,
        IReadOnlyList<string> students, Task<IReadOnlyList<StudentHistory>> historiesRead, int halves, CancellationToken ct) =>
        await (await ReadAsync(schoolCode, year, on, students, historiesRead, halves, ct)).FiguresAsync(on, knownOn, halves, ct);

    /// <summary>What the figures of any KPI date up to <paramref name="last"/> read: the rows, the terms started by then and their policies.</summary>
    private async Task<SchoolRows> ReadAsync(string schoolCode, AcademicYear year, DateOnly last, IReadOnlyList<string> students,
        Task<IReadOnlyList<StudentHistory>> historiesRead, int halves, CancellationToken ct)
    {
        var calendar = await context.Calendar.ForYearAsync(schoolCode, year.ToString(), ct);
        var terms = calendar?.Terms.Where(t => t.Start <= last).OrderBy(t => t.Start).ToList() ?? [];
        // What the rules need of each term's days, worked out once for all the school's tutees (and every day's figures).
        var termDays = calendar is null ? [] : terms.Select(t => new TermDays(calendar, t)).ToList();
        var years = Years(year, calendar);
        // The rows of the students known now are read while the histories are; the rest once they are known.
        var read = await reader.RowsAsync(students, years, halves, ct);
        var histories = await historiesRead;
        var known = students.ToHashSet(StringComparer.Ordinal);
        // CO-1's initial meeting looks at every earlier contact, so first-years' earlier meetings are read too; both reads
        // and the policies (each term's for each cohort level) at once.
        var rest = reader.RowsAsync([.. histories.Select(h => h.Student.StudentId).Where(s => !known.Contains(s))], years, halves, ct);
        var earlier = reader.MeetingsBeforeAsync([.. histories.Where(h => h.Student.YearOfStudy == 1).Select(h => h.Student.StudentId)], years.Min(), ct);
        var policiesRead = histories.Select(h => h.Student.Level).Distinct().SelectMany(level => terms.Select(term => (term.Start, Level: level))).Distinct()
            .Select(async key => (Key: key, Policy: await context.Policies.InForceAsync(schoolCode, key.Start, key.Level, ct))).ToList();
        var rows = read.Concat(await rest).Concat(await earlier).ToLookup(r => r.StudentId, StringComparer.Ordinal);
        var policies = (await Task.WhenAll(policiesRead)).ToDictionary(p => p.Key, p => p.Policy);
        return new SchoolRows(schoolCode, year, termDays, histories, rows, policies);
    }

    /// <summary>One school's rows of the year, read once (<see cref="ReadAsync"/>); the figures of a KPI date as known on a date.</summary>
    private sealed class SchoolRows(string schoolCode, AcademicYear year, IReadOnlyList<TermDays> started, IReadOnlyList<StudentHistory> histories,
        ILookup<string, ContactYear> rows, IReadOnlyDictionary<(DateOnly Start, CohortLevel Level), TutoringPolicy> policies)
    {
        public async Task<IReadOnlyList<ContactYearFigures>> FiguresAsync(DateOnly kpiDate, DateOnly asOf, int halves, CancellationToken ct)
        {
            var termDays = started.Where(t => t.Term.Start <= kpiDate).ToList();
            // UK dates compared as instants, worked out once: an instant's UK date is on or before a date exactly when the
            // instant is before the next day's UK midnight (every fact of the school is dated by these two).
            var (knownBefore, yearFrom, yearBefore) = (UkMidnight(asOf.AddDays(1)), UkMidnight(year.DefaultStart), UkMidnight(kpiDate.AddDays(1)));
            bool Known(DateTimeOffset at) => at < knownBefore;
            bool InYear(DateTimeOffset at) => at >= yearFrom && at < yearBefore;

            void Count(StudentHistory history, Tally tally)
            {
                var mine = rows[history.Student.StudentId].ToList();
                // A contact carried into the next year's row too is one contact.
                // What had happened by the KPI date (docs/adr/0102): a contact after it, recorded by the known-on date, is not yet
                // one. No figure moves (a check is missed only once its window ended before the KPI date, and such a contact
                // is in no such window), but the figures then read nothing dated after the day, which the ledger's keys rely on.
                var contacts = mine.SelectMany(r => r.Contacts).DistinctBy(c => c.ContactId).Where(c => Known(c.RecordedAt) && c.OccurredAt < yearBefore)
                    .Select(c => c.ToEntry()).ToList();
                if (termDays.Count > 0)
                {
                    var tutee = new TuteeFacts(history.Student, history.Statuses, history.Assignments, contacts);
                    DatedContact[]? dated = null; // their local dates, once for every term (one calendar, one time zone)
                    for (var t = 0; t < termDays.Count; t++)
                    {
                        var term = termDays[t];
                        // Not allocated on any day of the term: the rules exclude the student ("not-a-tutee-this-term"), so
                        // the evaluation is skipped — the school's earlier graduates, a third of its students after three years.
                        if (!history.Assignments.Any(a => a.From <= term.Term.End && (a.To is null || a.To > term.Term.Start))) continue;
                        dated ??= term.Dated(contacts);
                        var check = ComplianceRules.Evaluate(tutee, term, dated, policies[(term.Term.Start, history.Student.Level)], kpiDate);
                        if (check.Compliant is not { } compliant) continue;
                        tally.Tutees[t]++;
                        if (compliant) tally.Compliant[t]++;
                    }
                }
                foreach (var reply in contacts.Where(c => c.ReplyDueAt is { } at && InYear(at)))
                {
                    tally.Due++;
                    if (reply.RepliedAt is { } answered && Known(answered) && answered <= reply.ReplyDueAt) tally.InTime++;
                }
                int Dated(Func<ContactYear, IEnumerable<DatedFact>> facts) => mine.SelectMany(facts).DistinctBy(f => f.Id).Count(f => InYear(f.At) && Known(f.At));
                tally.Referred += Dated(r => r.FlagsRaised);
                tally.Made += Dated(r => r.ReferralsMade);
                tally.Closed += Dated(r => r.ReferralsClosed);
            }

            var result = new List<ContactYearFigures>();
            foreach (var level in histories.GroupBy(h => h.Student.Level).OrderBy(g => g.Key))
            {
                // Every tutee is worked out on its own: one school's answer works its level's tutees through in two halves at once
                // (one per core of the host), its last step before the answer (docs/adr/0095).
                var tutees = level.ToList();
                var size = (tutees.Count + halves - 1) / halves;
                var tally = Tally.Sum(await Task.WhenAll(Enumerable.Range(0, halves).Select(h => tutees.Skip(h * size).Take(size)).Select(part => Task.Run(() =>
                {
                    var sum = new Tally(termDays.Count);
                    foreach (var history in part) Count(history, sum);
                    return sum;
                }, ct))));
                result.Add(new ContactYearFigures(schoolCode, level.Key,
                    [.. termDays.Select((t, i) => new TermCompliance(StudentContext.TermKey(year.ToString(), t.Term.Name), tally.Tutees[i], tally.Compliant[i]))],
                    tally.Due, tally.InTime, tally.Referred, tally.Made, tally.Closed));
            }
            return result;
        }
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

    /// <summary>A level's counts over some of its tutees: per term (in the order of the terms) and over the year.</summary>
    private sealed class Tally(int terms)
    {
        public int[] Tutees { get; } = new int[terms];
        public int[] Compliant { get; } = new int[terms];
        public int Due { get; set; }
        public int InTime { get; set; }
        public int Referred { get; set; }
        public int Made { get; set; }
        public int Closed { get; set; }

        public static Tally Sum(IReadOnlyList<Tally> parts)
        {
            var sum = new Tally(parts[0].Tutees.Length);
            foreach (var part in parts)
            {
                for (var t = 0; t < sum.Tutees.Length; t++)
                {
                    sum.Tutees[t] += part.Tutees[t];
                    sum.Compliant[t] += part.Compliant[t];
                }
                (sum.Due, sum.InTime, sum.Referred, sum.Made, sum.Closed) =
                    (sum.Due + part.Due, sum.InTime + part.InTime, sum.Referred + part.Referred, sum.Made + part.Made, sum.Closed + part.Closed);
            }
            return sum;
        }
    }

    /// <summary>The first instant of a UK date: the year, the KPI date and the as-of date are UK dates.</summary>
    private static DateTimeOffset UkMidnight(DateOnly date) => StudentContext.StartOf(London, date);

    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
}
