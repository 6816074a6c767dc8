using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Contact.Contracts;
using PersonalTutoring.Contact.ReadModels.StudentRecords;
using PersonalTutoring.Contact.Shared;
using PersonalTutoring.Governance.Contracts;

using PersonalTutoring.Contact.Compliance;

namespace PersonalTutoring.Contact.Tests.Support;

/// <summary>
/// The figures as they were computed before the KPI facts (docs/adr/0087): from every student's whole tutoring record.
/// Kept as the oracle the facts-based <see cref="ContactFigures"/> must agree with; one change since: a contact that
/// occurred after the KPI date is not yet one on it, whenever asked (docs/adr/0102; no figure moves: a check is missed only
/// once its window has ended, before the KPI date, and such a contact is in no such window).
/// </summary>
internal sealed class RecordBasedContactFigures(ComplianceReader reader, StudentContext context) : IContactFigures
{
    public async Task<IReadOnlyList<ContactYearFigures>> YearFiguresAsync(string schoolCode, AcademicYear year, DateOnly on, DateOnly knownOn, CancellationToken ct)
    {
        var (kpiDate, asOf) = (on, knownOn);
        var histories = await context.Allocation.HistoriesInSchoolAsync(schoolCode, ct);
        var records = await reader.RecordsAsync(histories.Select(h => h.Student.StudentId), ct);
        var calendar = await context.Calendar.ForYearAsync(schoolCode, year.ToString(), ct);
        var terms = calendar?.Terms.Where(t => t.Start <= kpiDate).OrderBy(t => t.Start).ToList() ?? [];
        bool Known(DateTimeOffset at) => Dates(at) <= asOf;
        bool InYear(DateTimeOffset at) => Dates(at) is var d && d >= year.DefaultStart && d <= kpiDate;

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
                var record = records.GetValueOrDefault(history.Student.StudentId);
                var known = record is null ? null : record with { Contacts = record.Contacts.Where(c => Known(c.RecordedAt) && Dates(c.OccurredAt) <= kpiDate).ToList() };
                if (terms.Count > 0 && calendar is not null)
                {
                    // As ComplianceReader.FactsAsync and EvaluateAsync, from the histories and policies already loaded.
                    var facts = new TuteeFacts(history.Student, history.Statuses, history.Assignments, known?.Contacts ?? []);
                    foreach (var term in terms)
                    {
                        // Not allocated on any day of the term: the rules exclude the student ("not-a-tutee-this-term"), so
                        // the evaluation is skipped — the school's earlier graduates, a third of its students after three years.
                        if (!history.Assignments.Any(a => a.From <= term.End && (a.To is null || a.To > term.Start))) continue;
                        var check = ComplianceRules.Evaluate(facts, calendar, term, await PolicyAsync(term, history.Student.Level), kpiDate);
                        if (check.Compliant is not { } compliant) continue;
                        var (tutees, met) = compliance[term.Name];
                        compliance[term.Name] = (tutees + 1, met + (compliant ? 1 : 0));
                    }
                }
                if (known is null) continue;
                foreach (var reply in known.Contacts.Where(c => c.ReplyDueAt is { } at && InYear(at)))
                {
                    due++;
                    if (reply.RepliedAt is { } answered && Known(answered) && answered <= reply.ReplyDueAt) inTime++;
                }
                referred += known.SupportFlags.Count(f => InYear(f.RaisedAt) && Known(f.RaisedAt));
                made += known.Referrals.Count(r => InYear(r.MadeAt) && Known(r.MadeAt));
                closed += known.Referrals.Count(r => r.ClosedAt is { } at && InYear(at) && Known(at));
            }
            result.Add(new ContactYearFigures(schoolCode, level.Key,
                terms.Select(t => new TermCompliance(StudentContext.TermKey(year.ToString(), t.Name), compliance[t.Name].Tutees, compliance[t.Name].Compliant)).ToList(),
                due, inTime, referred, made, closed));
        }
        return result;
    }

    /// <summary>The UK date of an instant: the year, the KPI date and the as-of date are UK dates.</summary>
    private static DateOnly Dates(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, London).DateTime);

    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
}
