using PersonalTutoring.BuildingBlocks.Auth;

namespace PersonalTutoring.BuildingBlocks.Privacy;

/// <summary>Why someone read a student's personal data: the short list a read is logged with (issue 16 item 5, ADR 0084).</summary>
public enum ReadPurpose { Tutoring, Wellbeing, Safeguarding, ReferenceWriting, SubjectAccess, Audit, Complaint, OwnRecord }

/// <summary>The kinds of read the log keeps (the same names as the subject-access record kinds).</summary>
public static class ReadKinds
{
    public const string StandardNote = "standard-note";
    public const string ConfidentialNote = "confidential-note";
    public const string IssuedReference = "issued-reference";
    public const string SubjectAccessExport = "subject-access-export";
}

/// <summary>
/// One read of a student's personal data: which record, who, in which roles, why, when; never the text. Appended to the
/// reading module's own log stream; the Data protection module's read log folds every one of them, whatever the stream.
/// <see cref="PurposeStated"/> is false when the reader gave no purpose and the role's usual one was recorded.
/// </summary>
public sealed record PersonalDataRead(
    string StudentId, string SchoolCode, string RecordKind, string RecordId, string ReaderId, IReadOnlyList<string> ReaderRoles,
    ReadPurpose Purpose, bool PurposeStated, DateTimeOffset ReadAt);

public static class ReadAudit
{
    /// <summary>The purpose a role reads for when it states none: its own record for a student, an audit for an auditor.</summary>
    public static ReadPurpose UsualPurpose(CurrentUser user) =>
        user.IsIn(Roles.Tutor, Roles.SeniorTutor) ? ReadPurpose.Tutoring
        : user.IsIn(Roles.SupportTeam) ? ReadPurpose.Wellbeing
        : user.IsIn(Roles.Auditor) ? ReadPurpose.Audit
        : user.IsIn(Roles.Admin, Roles.Dean) ? ReadPurpose.SubjectAccess
        : user.IsIn(Roles.Student) ? ReadPurpose.OwnRecord
        : ReadPurpose.Tutoring;

    /// <summary>One event per record read, with the stated purpose or the role's usual one.</summary>
    public static object[] Reads(CurrentUser user, ReadPurpose? purpose, string studentId, string schoolCode, string kind, IEnumerable<string> recordIds, DateTimeOffset at) =>
        recordIds.Select(id => (object)new PersonalDataRead(studentId, schoolCode, kind, id, user.Id, user.Roles.Order().ToList(),
            purpose ?? UsualPurpose(user), purpose is not null, at)).ToArray();
}
