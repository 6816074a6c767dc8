using PersonalTutoring.Allocation.Contracts;
using System.Text.Json.Serialization;
using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.DataProtection.Contracts;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.Students;

/// <summary>
/// The student record as the student-record system sends it; compared whole so a repeated upsert appends nothing. The
/// name and e-mail address are personal text under the key of the student's profile (<c>s1#profile</c>), erased with
/// the whole record (docs/adr/0086); a record written before they were protected reads its plain strings.
/// </summary>
internal sealed record StudentRecord(
    PersonalText GivenName,
    PersonalText FamilyName,
    PersonalText Email,
    string SchoolCode,
    string ProgrammeCode,
    CohortLevel Level,
    int YearOfStudy,
    DateOnly RegisteredOn,
    StudentStatus Status,
    bool StudentRouteVisa,
    bool VisitingStudyAbroad)
{
    /// <summary>The record of <paramref name="studentId"/> from the student-record system's plain fields, its personal ones under the profile key.</summary>
    public static StudentRecord Of(string studentId, string givenName, string familyName, string email, string schoolCode, string programmeCode,
        CohortLevel level, int yearOfStudy, DateOnly registeredOn, StudentStatus status, bool studentRouteVisa, bool visitingStudyAbroad) =>
        new(Personal(studentId, givenName), Personal(studentId, familyName), Personal(studentId, email), schoolCode, programmeCode, level, yearOfStudy,
            registeredOn, status, studentRouteVisa, visitingStudyAbroad);

    public static PersonalText Personal(string studentId, string text) => PersonalText.Of(studentId, SubjectRecordKinds.Profile, text);

    /// <summary>The student's data keys are gone: their name and address can never be read, nor used, again.</summary>
    [JsonIgnore]
    public bool IsErased => GivenName.IsErased || FamilyName.IsErased || Email.IsErased;

    /// <summary>"Given Family", or "[erased]". Never stored: it is the plaintext.</summary>
    [JsonIgnore]
    public string Name => IsErased ? PersonalText.ErasedText : $"{GivenName.Text} {FamilyName.Text}";

    /// <summary>
    /// This record as it may be recorded after <paramref name="held"/>: an erased name or address stays erased (nothing
    /// personal can be written for an erased student, and the student-record system may still send them), so a record
    /// that differs only there changes nothing.
    /// </summary>
    public StudentRecord Keeping(StudentRecord? held) => held is null ? this : this with
    {
        GivenName = held.GivenName.IsErased ? held.GivenName : GivenName,
        FamilyName = held.FamilyName.IsErased ? held.FamilyName : FamilyName,
        Email = held.Email.IsErased ? held.Email : Email,
    };
}

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
