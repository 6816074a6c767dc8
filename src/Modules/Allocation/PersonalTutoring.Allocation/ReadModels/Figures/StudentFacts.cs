using JasperFx.Events;
using Marten;
using PersonalTutoring.Allocation.ChangeRequests;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.Students;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.ReadModels.Figures;

/// <summary>The student record's KPI-relevant values from the moment <see cref="RecordedAt"/> on.</summary>
internal sealed record RecordFact(DateTimeOffset RecordedAt, string SchoolCode, CohortLevel Level, DateOnly RegisteredOn, StudentStatus Status, bool Visiting);

/// <summary>An allocation (tutor) or its end (no tutor) effective on a date, recorded at an instant.</summary>
internal sealed record AllocationFact(string? TutorId, DateOnly EffectiveOn, DateTimeOffset RecordedAt);

/// <summary>
/// One student's time-stamped facts for the KPI report (docs/adr/0065): every value carries the instant it was recorded,
/// so "as the system knew it on a date" is a filter, not a replay of the student's stream. Names are not kept.
/// </summary>
internal sealed record StudentFacts(string StudentId, string SchoolCode, IReadOnlyList<RecordFact> Records, IReadOnlyList<AllocationFact> Allocations,
    IReadOnlyList<DateTimeOffset> ChangeRequestedAt)
{
    /// <summary>The record as known at the end of <paramref name="known"/>; null before registration was recorded.</summary>
    public RecordFact? RecordKnownOn(DateOnly known) => Records.LastOrDefault(r => Dates.UkDate(r.RecordedAt) <= known);

    /// <summary>The allocation periods [From, To) as known at the end of <paramref name="known"/>, in the order recorded.</summary>
    public IReadOnlyList<(string TutorId, DateOnly From, DateOnly? To, DateTimeOffset RecordedAt)> PeriodsKnownOn(DateOnly known)
    {
        var periods = new List<(string TutorId, DateOnly From, DateOnly? To, DateTimeOffset RecordedAt)>();
        foreach (var fact in Allocations.Where(a => Dates.UkDate(a.RecordedAt) <= known))
        {
            // As the student view does: a new allocation or an end closes the open period the day before it takes effect.
            for (var i = 0; i < periods.Count; i++)
                if (periods[i].To is null) periods[i] = periods[i] with { To = fact.EffectiveOn };
            periods.RemoveAll(p => p.To <= p.From);
            if (fact.TutorId is { } tutor) periods.Add((tutor, fact.EffectiveOn, null, fact.RecordedAt));
        }
        return periods;
    }
}

/// <summary>Async: only the KPI report reads it. Multi-stream: change requests live on their own streams.</summary>
internal sealed class StudentFactsProjection : FoldProjection<StudentFacts>
{
    public override string Name => "allocation-student-facts";

    public override IReadOnlyCollection<Type> EventTypes =>
        [typeof(StudentRegistered), typeof(StudentRecordChanged), typeof(TutorAllocated), typeof(AllocationEnded), typeof(TutorChangeRequested)];

    public static void Register(StoreOptions options)
    {
        options.Schema.For<StudentFacts>().DatabaseSchemaName(AllocationModule.Schema).Identity(v => v.StudentId).Index(v => v.SchoolCode);
        options.AddFold(new StudentFactsProjection());
    }

    protected override IEnumerable<string> Identities(IEvent e) => e.Data switch
    {
        StudentRegistered r => [r.StudentId],
        StudentRecordChanged c => [c.StudentId],
        TutorAllocated a => [a.StudentId],
        AllocationEnded x => [x.StudentId],
        TutorChangeRequested q => [q.StudentId],
        _ => [],
    };

    protected override StudentFacts? Evolve(StudentFacts? current, string id, IEvent e) => (current, e.Data) switch
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
}
