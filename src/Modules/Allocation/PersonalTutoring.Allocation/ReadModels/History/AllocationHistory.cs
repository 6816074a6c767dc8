using JasperFx.Events;
using Marten;
using PersonalTutoring.Allocation.Students;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.Allocation.ReadModels.History;

/// <summary>One change of tutor as an auditor reads it (AL-13): who, from when, recorded when and by whom, why.</summary>
internal sealed record AllocationChange(
    long Sequence,
    string? FromTutorId,
    string? ToTutorId,
    DateOnly EffectiveOn,
    DateTimeOffset RecordedAt,
    string? Actor,
    string Kind,
    string Reason,
    string? OverrideJustification);

internal sealed record AllocationHistory(string StudentId, IReadOnlyList<AllocationChange> Changes);

/// <summary>
/// Async: nothing decides on it; the actor comes from the event's metadata, the time from the event. Keyed by student id.
/// </summary>
internal sealed class AllocationHistoryProjection : StreamFoldProjection<AllocationHistory>
{
    public override string Name => "allocation-history";

    public override IReadOnlyCollection<Type> EventTypes => StudentEvents.AllocationChanges;

    public static void Register(StoreOptions options)
    {
        options.Schema.For<AllocationHistory>().DatabaseSchemaName(AllocationModule.Schema).Identity(h => h.StudentId);
        options.AddFold(new AllocationHistoryProjection());
    }

    protected override string DocumentId(IEvent e) => e.Data switch
    {
        TutorAllocated a => a.StudentId,
        AllocationEnded x => x.StudentId,
        _ => throw new InvalidOperationException($"Unexpected {e.EventTypeName} in {Name}."),
    };

    protected override AllocationHistory? Evolve(AllocationHistory? current, IEvent e)
    {
        AllocationChange? change = e.Data switch
        {
            TutorAllocated a => new(e.Sequence, a.PreviousTutorId, a.TutorId, a.EffectiveOn, e.Timestamp, e.UserName, a.Kind.ToString(), a.Reason, a.OverrideJustification),
            AllocationEnded x => new(e.Sequence, x.TutorId, null, x.EffectiveOn, e.Timestamp, e.UserName, "Ended", x.Reason, null),
            _ => null,
        };
        if (change is null) return current;
        var studentId = e.Data is TutorAllocated t ? t.StudentId : ((AllocationEnded)e.Data).StudentId;
        return new AllocationHistory(studentId, [.. current?.Changes ?? [], change]);
    }
}
