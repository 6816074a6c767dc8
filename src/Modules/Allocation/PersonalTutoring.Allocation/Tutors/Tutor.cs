using System.Collections.Immutable;
using JasperFx.Events;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Allocation.Tutors;

/// <summary>The write model of a tutor: eligibility (AL-10), departure, and the current tutees (the caseload the hard maximum guards).</summary>
internal sealed record Tutor(bool Exists, TutorDetails? Details, bool HasDeanException, bool HasLeft, ImmutableHashSet<string> Tutees) : IWriteModel<Tutor>
{
    public string Id { get; init; } = "";

    public static Tutor Initial => new(false, null, false, false, []);

    public static string StreamId(string staffId) => $"tutor-{staffId}";

    public bool MayTutor => Details is { PermanentAcademicStaff: true } || HasDeanException;

    public Tutor Evolve(IEvent @event) => @event.Data switch
    {
        TutorRegistered e => this with { Exists = true, Details = e.Details },
        TutorDetailsChanged e => this with { Details = e.Details },
        DeanExceptionRecorded => this with { HasDeanException = true },
        TuteesAssigned e => this with { Tutees = Tutees.Union(e.Tutees.Select(t => t.StudentId)) },
        TuteesReleased e => this with { Tutees = Tutees.Except(e.Tutees.Select(t => t.StudentId)) },
        TutorHandedOver => this with { HasLeft = true },
        _ => this,
    };
}
