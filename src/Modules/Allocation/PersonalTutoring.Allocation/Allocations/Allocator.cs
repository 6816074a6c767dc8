using PersonalTutoring.Allocation.Allocations.Allocating;
using PersonalTutoring.Allocation.Notifications;
using PersonalTutoring.Allocation.Students;
using PersonalTutoring.Allocation.Tutors;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.Allocations;

/// <summary>A student's write model and the stream it was read from.</summary>
internal sealed record StudentSlot(string Id, Student State, StreamRef Stream);

/// <summary>A tutor's write model, kept up to date while several allocations are staged against it in one command.</summary>
internal sealed class TutorSlot(string id, Tutor state, StreamRef stream)
{
    public string Id { get; } = id;
    public Tutor State { get; set; } = state;
    public StreamRef Stream { get; } = stream;
}

/// <summary>Stages one allocation decision into a <see cref="ChangeSet"/>: the student's event, both caseloads, the notices (AL-5).</summary>
internal static class Allocator
{
    public static TutorAllocated? Stage(ChangeSet changes, StudentSlot student, TutorSlot to, TutorSlot? from, TutoringPolicy policy,
        AllocationTerms terms, DateTimeOffset now, string? actor)
    {
        var allocated = AllocationRules.Decide(student.State, student.Id, to.State, to.Id, policy, terms, now);
        if (allocated is null) return null;
        if (allocated.PreviousTutorId is not null && from?.Id != allocated.PreviousTutorId)
            throw new InvalidOperationException($"The previous tutor {allocated.PreviousTutorId} of {student.Id} must be loaded to release the tutee.");
        changes.Append(student.Stream, allocated);
        changes.Assign(to.Id, to.Stream, student.Id, allocated.EffectiveOn, now);
        to.State = to.State with { Tutees = to.State.Tutees.Add(student.Id) };
        if (allocated.PreviousTutorId is not null)
        {
            changes.Release(from!.Id, from.Stream, student.Id, allocated.EffectiveOn, now);
            from.State = from.State with { Tutees = from.State.Tutees.Remove(student.Id) };
        }
        changes.Notify(Notices.ForChange(Notices.ToIntegration(allocated, actor), Notices.Of(student.Id, student.State.Record!),
            Notices.Of(to.Id, to.State.Details!), from is null ? null : Notices.Of(from.Id, from.State.Details!)));
        return allocated;
    }
}
