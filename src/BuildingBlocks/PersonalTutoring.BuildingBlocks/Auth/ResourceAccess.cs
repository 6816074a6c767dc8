namespace PersonalTutoring.BuildingBlocks.Auth;

/// <summary>What the access rules need to know about a student at an instant: their school, tutor and stand-ins.</summary>
public sealed record StudentFacts(
    string StudentId,
    string SchoolCode,
    IReadOnlyCollection<string> CurrentTutorIds,
    IReadOnlyCollection<string> AlternativeContactIds);

/// <summary>Answers who a student's tutor is; implemented by the Allocation module.</summary>
public interface IStudentDirectory
{
    Task<StudentFacts?> FindAsync(string studentId, DateTimeOffset at, CancellationToken ct);
}

/// <summary>How the caller stands towards one student. A caller may stand in several ways at once.</summary>
[Flags]
public enum StudentRelation
{
    None = 0,
    Self = 1,
    CurrentTutor = 2,
    AlternativeContact = 4,
    SeniorTutorOfSchool = 8,
    UniversityWide = 16, // Admin, Dean
    Oversight = 32,      // Auditor, Governance, SupportTeam: roles whose reach the endpoint then narrows
    Integration = 64,

    /// <summary>Standing towards the student in any way at all.</summary>
    Any = Self | CurrentTutor | AlternativeContact | SeniorTutorOfSchool | UniversityWide | Oversight | Integration,
}

public sealed record StudentAccess(CurrentUser User, StudentFacts Student, StudentRelation Relation)
{
    public bool Is(StudentRelation any) => (Relation & any) != 0;

    /// <summary>Throws 403 unless the caller stands in one of <paramref name="allowed"/> ways towards the student.</summary>
    public StudentAccess Demand(StudentRelation allowed, string action) =>
        Is(allowed) ? this : throw new Http.ForbiddenException($"You may not {action} for student {Student.StudentId}.");
}

/// <summary>
/// The one place resource checks live: is this student the caller's tutee today, is this student in the Senior
/// Tutor's school. Modules call it; they never write their own checks.
/// </summary>
public sealed class ResourceAccess(IStudentDirectory directory, TimeProvider clock)
{
    /// <summary>
    /// How the caller stands towards the student. A caller who stands in no way at all (another student, a tutor who is
    /// not theirs, a Senior Tutor of another school) gets the same 404 as for a student who does not exist, so student
    /// numbers cannot be probed (issue 10 item 7); a 403 is only for callers who may see the student but not do this.
    /// </summary>
    public async Task<StudentAccess> ForStudentAsync(CurrentUser user, string studentId, CancellationToken ct, DateTimeOffset? at = null)
    {
        var facts = await directory.FindAsync(studentId, at ?? clock.GetUtcNow(), ct);
        var relation = facts is null ? StudentRelation.None : Relate(user, facts);
        if (relation == StudentRelation.None) throw NotVisible(studentId);
        return new StudentAccess(user, facts!, relation);
    }

    /// <summary>The one answer for a student who does not exist and for one the caller may not see.</summary>
    public static Http.NotFoundException NotVisible(string studentId) => new($"Student {studentId} is not known, or not to you.");

    public static StudentRelation Relate(CurrentUser user, StudentFacts facts)
    {
        var relation = StudentRelation.None;
        if (user.IsIn(Roles.Student) && user.Id == facts.StudentId) relation |= StudentRelation.Self;
        if (user.IsIn(Roles.Tutor, Roles.SeniorTutor) && facts.CurrentTutorIds.Contains(user.Id)) relation |= StudentRelation.CurrentTutor;
        if (user.IsIn(Roles.Tutor, Roles.SeniorTutor) && facts.AlternativeContactIds.Contains(user.Id)) relation |= StudentRelation.AlternativeContact;
        if (InSchool(user, facts.SchoolCode)) relation |= StudentRelation.SeniorTutorOfSchool;
        if (user.IsIn(Roles.Admin, Roles.Dean)) relation |= StudentRelation.UniversityWide;
        if (user.IsIn(Roles.Auditor, Roles.Governance, Roles.SupportTeam)) relation |= StudentRelation.Oversight;
        if (user.IsIn(Roles.Integration)) relation |= StudentRelation.Integration;
        return relation;
    }

    /// <summary>A Senior Tutor acts for the schools in their token's <c>school</c> claims.</summary>
    public static bool InSchool(CurrentUser user, string schoolCode) => user.IsIn(Roles.SeniorTutor) && user.HasSchool(schoolCode);

    /// <summary>Throws 403 unless the caller manages the school: university-wide roles, or its Senior Tutor.</summary>
    public static void DemandSchool(CurrentUser user, string schoolCode, string action, params string[] universityWideRoles)
    {
        var wide = universityWideRoles.Length == 0 ? [Roles.Admin, Roles.Dean] : universityWideRoles;
        if (user.IsIn(wide) || InSchool(user, schoolCode)) return;
        throw new Http.ForbiddenException($"You may not {action} for school {schoolCode}.");
    }
}

/// <summary>Until the Allocation module registers the real directory, no student is known.</summary>
internal sealed class NoStudentDirectory : IStudentDirectory
{
    public Task<StudentFacts?> FindAsync(string studentId, DateTimeOffset at, CancellationToken ct) => Task.FromResult<StudentFacts?>(null);
}
