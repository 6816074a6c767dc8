using PersonalTutoring.Allocation.Contracts;
using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.Students;

/// <summary>The student record as the student-record system sends it; compared whole so a repeated upsert appends nothing.</summary>
internal sealed record StudentRecord(
    string GivenName,
    string FamilyName,
    string Email,
    string SchoolCode,
    string ProgrammeCode,
    CohortLevel Level,
    int YearOfStudy,
    DateOnly RegisteredOn,
    StudentStatus Status,
    bool StudentRouteVisa,
    bool VisitingStudyAbroad);

/// <summary>Why a student's tutor changed: the history an auditor reads (AL-13).</summary>
internal enum AllocationKind { Allocation, Reallocation, AutoAllocation, NewBlock, Handover, ChangeRequest }

internal sealed record StudentRegistered(string StudentId, StudentRecord Record, DateTimeOffset RecordedAt);

internal sealed record StudentRecordChanged(string StudentId, StudentRecord Record, DateTimeOffset RecordedAt);

/// <summary>The student's tutor is now <see cref="TutorId"/> from <see cref="EffectiveOn"/>; any previous allocation ends that day.</summary>
internal sealed record TutorAllocated(
    string StudentId,
    string SchoolCode,
    string TutorId,
    string? PreviousTutorId,
    DateOnly EffectiveOn,
    int YearOfStudy,
    AllocationKind Kind,
    string Reason,
    string? OverrideJustification,
    DateTimeOffset AllocatedAt);

/// <summary>The student has no tutor from <see cref="EffectiveOn"/> (withdrawn, graduated, moved school).</summary>
internal sealed record AllocationEnded(string StudentId, string SchoolCode, string TutorId, DateOnly EffectiveOn, string Reason, DateTimeOffset EndedAt);

internal static class StudentEvents
{
    public static void Register(StoreOptions options)
    {
        options.Events.MapEventType<StudentRegistered>("allocation.student_registered");
        options.Events.MapEventType<StudentRecordChanged>("allocation.student_record_changed");
        options.Events.MapEventType<TutorAllocated>("allocation.tutor_allocated");
        options.Events.MapEventType<AllocationEnded>("allocation.allocation_ended");
        options.AddWriteModel<Student>();
    }

    public static readonly Type[] AllocationChanges = [typeof(TutorAllocated), typeof(AllocationEnded)];
}
