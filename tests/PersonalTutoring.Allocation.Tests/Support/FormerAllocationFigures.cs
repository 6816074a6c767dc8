using JasperFx.Events;
using Marten;
using PersonalTutoring.Allocation.ChangeRequests;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.Students;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.Tests.Support;

/// <summary>
/// The oracle of docs/adr/0089: Allocation's KPI figures as they were computed before it, kept verbatim in test code —
/// the former <c>allocation-student-facts</c> fold (every fact with its recording instant), replayed here from the event
/// store in sequence order, and the former loop over every student fact of the school (or of every school).
/// </summary>
internal sealed class FormerAllocationFigures(IDocumentStore store, ITutoringPolicies policies)
{
    private sealed record RecordFact(DateTimeOffset RecordedAt, string SchoolCode, CohortLevel Level, DateOnly RegisteredOn, StudentStatus Status, bool Visiting);

    private sealed record AllocationFact(string? TutorId, DateOnly EffectiveOn, DateTimeOffset RecordedAt);

    private sealed record StudentFacts(string StudentId, string SchoolCode, IReadOnlyList<RecordFact> Records, IReadOnlyList<AllocationFact> Allocations,
        IReadOnlyList<DateTimeOffset> ChangeRequestedAt)
    {
        public RecordFact? RecordKnownOn(DateOnly known) => Records.LastOrDefault(r => Dates.UkDate(r.RecordedAt) <= known);

        public IReadOnlyList<(string TutorId, DateOnly From, DateOnly? To, DateTimeOffset RecordedAt)> PeriodsKnownOn(DateOnly known)
        {
            var periods = new List<(string TutorId, DateOnly From, DateOnly? To, DateTimeOffset RecordedAt)>();
            foreach (var fact in Allocations.Where(a => Dates.UkDate(a.RecordedAt) <= known))
            {
                for (var i = 0; i < periods.Count; i++)
                    if (periods[i].To is null) periods[i] = periods[i] with { To = fact.EffectiveOn };
                periods.RemoveAll(p => p.To <= p.From);
                if (fact.TutorId is { } tutor) periods.Add((tutor, fact.EffectiveOn, null, fact.RecordedAt));
            }
            return periods;
        }
    }

    private static string? Identity(IEvent e) => e.Data switch
    {
        StudentRegistered r => r.StudentId,
        StudentRecordChanged c => c.StudentId,
        TutorAllocated a => a.StudentId,
        AllocationEnded x => x.StudentId,
        TutorChangeRequested q => q.StudentId,
        _ => null,
    };

    private static StudentFacts? Evolve(StudentFacts? current, IEvent e) => (current, e.Data) switch
    {
        (_, StudentRegistered r) => new StudentFacts(r.StudentId, r.Record.SchoolCode, [Fact(r.Record, r.RecordedAt)], current?.Allocations ?? [], current?.ChangeRequestedAt ?? []),
        ({ } f, StudentRecordChanged c) => Changed(f.Records[^1], c.Record)
            ? f with { SchoolCode = c.Record.SchoolCode, Records = [.. f.Records, Fact(c.Record, c.RecordedAt)] }
            : f,
        ({ } f, TutorAllocated a) => f with { Allocations = [.. f.Allocations, new AllocationFact(a.TutorId, a.EffectiveOn, a.AllocatedAt)] },
        ({ } f, AllocationEnded x) => f with { Allocations = [.. f.Allocations, new AllocationFact(null, x.EffectiveOn, x.EndedAt)] },
        (_, TutorChangeRequested q) => (current ?? new StudentFacts(q.StudentId, q.SchoolCode, [], [], [])) with
        {
            ChangeRequestedAt = [.. current?.ChangeRequestedAt ?? [], q.RequestedAt],
        },
        _ => current,
    };

    private static RecordFact Fact(StudentRecord r, DateTimeOffset at) => new(at, r.SchoolCode, r.Level, r.RegisteredOn, r.Status, r.VisitingStudyAbroad);

    private static bool Changed(RecordFact last, StudentRecord r) =>
        last.SchoolCode != r.SchoolCode || last.Level != r.Level || last.RegisteredOn != r.RegisteredOn || last.Status != r.Status || last.Visiting != r.VisitingStudyAbroad;

    private async Task<List<StudentFacts>> FactsAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync(ct);
        var facts = new Dictionary<string, StudentFacts?>(StringComparer.Ordinal);
        foreach (var e in events)
            if (Identity(e) is { } id)
                facts[id] = Evolve(facts.GetValueOrDefault(id), e);
        return [.. facts.Values.OfType<StudentFacts>()];
    }

    public async Task<IReadOnlyList<AllocationYearFigures>> YearFiguresAsync(string? schoolCode, AcademicYear year, DateOnly on, DateOnly knownOn, CancellationToken ct)
    {
        var all = await FactsAsync(ct);
        var facts = schoolCode is null ? all : all.Where(f => f.SchoolCode == schoolCode).ToList();
        var (kpiDate, asOf) = (on, knownOn);
        var deadlines = new Dictionary<(string, DateOnly, CohortLevel), int>();
        var rows = new Dictionary<(string School, CohortLevel Level), Row>();
        foreach (var student in facts)
        {
            if (student.RecordKnownOn(kpiDate < asOf ? kpiDate : asOf) is not { } record || (schoolCode is not null && record.SchoolCode != schoolCode)) continue;
            var row = rows.TryGetValue((record.SchoolCode, record.Level), out var r) ? r : rows[(record.SchoolCode, record.Level)] = new Row();
            var periods = student.PeriodsKnownOn(asOf);
            if (!record.Status.HasLeft() && periods.FirstOrDefault(p => p.From <= kpiDate && (p.To is null || kpiDate < p.To)) is { TutorId: { } tutor })
                row.TuteesPerTutor[tutor] = row.TuteesPerTutor.GetValueOrDefault(tutor) + 1;
            if (periods.Any(p => p.From <= kpiDate && (p.To is null || p.To > year.DefaultStart)))
            {
                row.Tutees++;
                if (student.ChangeRequestedAt.Any(at => Dates.UkDate(at) is var d && d >= year.DefaultStart && d <= kpiDate)) row.Requesting++;
            }
            if (!record.Visiting && record.RegisteredOn >= year.DefaultStart && record.RegisteredOn <= kpiDate)
            {
                var key = (record.SchoolCode, record.RegisteredOn, record.Level);
                if (!deadlines.TryGetValue(key, out var days))
                    deadlines[key] = days = (await policies.InForceAsync(record.SchoolCode, record.RegisteredOn, record.Level, ct)).AllocationDeadlineDays;
                Judge(student, record.RegisteredOn.AddDays(days), asOf, kpiDate, row);
            }
        }
        return rows.OrderBy(kv => kv.Key.School, StringComparer.Ordinal).ThenBy(kv => kv.Key.Level)
            .Select(kv => new AllocationYearFigures(kv.Key.School, kv.Key.Level, kv.Value.TuteesPerTutor, kv.Value.Intake, kv.Value.Pending, kv.Value.Late,
                kv.Value.Tutees, kv.Value.Requesting))
            .ToList();
    }

    private static void Judge(StudentFacts student, DateOnly deadline, DateOnly asOf, DateOnly kpiDate, Row row)
    {
        var first = student.Allocations.FirstOrDefault(a => a.TutorId is not null && Dates.UkDate(a.RecordedAt) <= asOf);
        if (first is not null)
        {
            row.Intake++;
            if (Dates.UkDate(first.RecordedAt) > deadline) row.Late++;
            return;
        }
        if (student.Records.Any(r => r.Status.HasLeft() && Dates.UkDate(r.RecordedAt) <= deadline && Dates.UkDate(r.RecordedAt) <= asOf)) return;
        row.Intake++;
        if (kpiDate > deadline) row.Late++;
        else row.Pending++;
    }

    private sealed class Row
    {
        public Dictionary<string, int> TuteesPerTutor { get; } = new(StringComparer.Ordinal);
        public int Intake, Pending, Late, Tutees, Requesting;
    }
}
