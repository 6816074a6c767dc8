using JasperFx.Events;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Allocation.Students;

/// <summary>
/// The write model of a student: the record (to detect changes) and the current allocation (to decide
/// reallocations and continuity across year blocks, AL-8).
/// </summary>
internal sealed record Student(bool Exists, StudentRecord? Record, string? CurrentTutorId, DateOnly? CurrentFrom, int? AllocatedInYear)
    : IWriteModel<Student>
{
    public string Id { get; init; } = "";

    public static Student Initial => new(false, null, null, null, null);

    public static string StreamId(string studentId) => $"student-{studentId}";

    public Student Evolve(IEvent @event) => @event.Data switch
    {
        StudentRegistered e => this with { Exists = true, Record = e.Record },
        StudentRecordChanged e => this with { Record = e.Record },
        TutorAllocated e => this with { CurrentTutorId = e.TutorId, CurrentFrom = e.EffectiveOn, AllocatedInYear = e.YearOfStudy },
        AllocationEnded => this with { CurrentTutorId = null, CurrentFrom = null, AllocatedInYear = null },
        _ => this,
    };
}
