using PersonalTutoring.Allocation.Students;
using PersonalTutoring.BuildingBlocks.EventSourcing;
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

internal sealed record AllocationHistory(string StudentId, IReadOnlyList<AllocationChange> Changes)
{
    public static string Id(string studentId) => Student.StreamId(studentId);
}

/// <summary>Async: nothing decides on it; the actor comes from the event's metadata, the time from the event.</summary>
internal sealed class AllocationHistoryProjection : SingleStreamProjection<AllocationHistory>
{
    public override string Name => "allocation-history";

    public override IReadOnlyCollection<Type> EventTypes => StudentEvents.AllocationChanges;

    protected override AllocationHistory? Evolve(AllocationHistory? current, StoredEvent e)
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
