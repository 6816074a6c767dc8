namespace PersonalTutoring.BuildingBlocks.Auth;

/// <summary>The roles a token's <c>role</c> claims may carry.</summary>
public static class Roles
{
    public const string Student = "Student";
    public const string Tutor = "Tutor";
    public const string SeniorTutor = "SeniorTutor";
    public const string SupportTeam = "SupportTeam";
    public const string Dean = "Dean";
    public const string Governance = "Governance";
    public const string Auditor = "Auditor";
    public const string Integration = "Integration";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Student, Tutor, SeniorTutor, SupportTeam, Dean, Governance, Auditor, Integration, Admin];
}

/// <summary>Claim names, as in the university's OpenID Connect tokens.</summary>
public static class TutoringClaims
{
    public const string Subject = "sub";
    public const string Role = "role";

    /// <summary>The school(s) a Senior Tutor (or other school-scoped staff member) acts for; may repeat.</summary>
    public const string School = "school";
}
