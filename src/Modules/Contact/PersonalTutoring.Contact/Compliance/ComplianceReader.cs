using Marten;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Contact.ReadModels.StudentRecords;
using PersonalTutoring.Contact.Shared;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Contact.Compliance;

/// <summary>A school's term, resolved from the calendar.</summary>
internal sealed record SchoolTerm(SchoolCalendar Calendar, Term Term)
{
    public string Key => StudentContext.TermKey(Calendar.AcademicYear, Term.Name);
}

/// <summary>
/// Computes compliance at query time from the contact-facts projection and the Allocation and Governance queries
/// (docs/adr/0030): nothing here writes, so the answer only changes when events or those modules' data do. A singleton,
/// so it reads the records through a short query session of its own.
/// </summary>
internal sealed class ComplianceReader(StudentContext context, IDocumentStore store)
{
    public DateOnly Today(SchoolCalendar? calendar) => StudentContext.LocalDate(calendar, context.Clock.GetUtcNow());

    /// <summary>"2025-26/Autumn", or, when omitted, the term containing today (or the latest that has started).</summary>
    public async Task<SchoolTerm> TermAsync(string schoolCode, string? termKey, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(termKey))
        {
            var today = Today(null);
            var calendar = await context.Calendar.ForDateAsync(schoolCode, today, ct)
                ?? throw new BusinessRuleException("no-calendar", $"School {schoolCode} has no calendar for {today}.");
            var term = calendar.TermContaining(today) ?? calendar.Terms.Where(t => t.Start <= today).MaxBy(t => t.Start) ?? calendar.Terms.MinBy(t => t.Start)
                ?? throw new BusinessRuleException("no-terms", $"The {calendar.AcademicYear} calendar of {schoolCode} has no terms.");
            return new SchoolTerm(calendar, term);
        }
        var parts = termKey.Split('/', 2);
        if (parts.Length != 2 || !AcademicYear.TryParse(parts[0], out _))
            throw RequestValidationException.For("term", "A term is written academic-year/term-name, e.g. 2025-26/Autumn.");
        var yearCalendar = await context.Calendar.ForYearAsync(schoolCode, parts[0], ct)
            ?? throw new NotFoundException($"School {schoolCode} has no calendar for {parts[0]}.");
        var named = yearCalendar.Terms.FirstOrDefault(t => string.Equals(t.Name, parts[1], StringComparison.OrdinalIgnoreCase))
            ?? throw new NotFoundException($"The {parts[0]} calendar of {schoolCode} has no term {parts[1]}.");
        return new SchoolTerm(yearCalendar, named);
    }

    public async Task<IReadOnlyDictionary<string, StudentRecord>> RecordsAsync(IEnumerable<string> studentIds, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var loaded = await session.LoadManyAsync<StudentRecord>(ct, studentIds.Distinct(StringComparer.Ordinal));
        return loaded.ToDictionary(r => r.StudentId, StringComparer.Ordinal);
    }

    public async Task<TuteeFacts> FactsAsync(StudentProfile student, StudentRecord? record, CancellationToken ct) =>
        new(student, await context.Allocation.StatusHistoryAsync(student.StudentId, ct), await context.Allocation.AssignmentsAsync(student.StudentId, ct),
            record?.Contacts ?? []);

    /// <summary>The same facts from a history Allocation has already read (one query for many students).</summary>
    public static TuteeFacts FactsOf(StudentHistory history, StudentRecord? record) =>
        new(history.Student, history.Statuses, history.Assignments, record?.Contacts ?? []);

    public async Task<TuteeCompliance> EvaluateAsync(TuteeFacts facts, SchoolTerm term, DateOnly asOf, CancellationToken ct)
    {
        var policy = await context.Policies.InForceAsync(facts.Student.SchoolCode, term.Term.Start, facts.Student.Level, ct);
        return ComplianceRules.Evaluate(facts, term.Calendar, term.Term, policy, asOf);
    }

    /// <summary>Every student of the school who is, or was during the term, a tutee.</summary>
    public async Task<IReadOnlyList<TuteeCompliance>> SchoolAsync(string schoolCode, SchoolTerm term, CancellationToken ct)
    {
        var students = await context.Allocation.StudentsInSchoolAsync(schoolCode, ct);
        var records = await RecordsAsync(students.Select(s => s.StudentId), ct);
        var asOf = Today(term.Calendar);
        var result = new List<TuteeCompliance>();
        foreach (var student in students.OrderBy(s => s.StudentId, StringComparer.Ordinal))
            result.Add(await EvaluateAsync(await FactsAsync(student, records.GetValueOrDefault(student.StudentId), ct), term, asOf, ct));
        return result;
    }
}
