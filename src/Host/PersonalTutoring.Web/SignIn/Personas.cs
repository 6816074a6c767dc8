using System.Security.Claims;
using PersonalTutoring.BuildingBlocks.Auth;

namespace PersonalTutoring.Web.SignIn;

/// <summary>Someone of the demo university (<c>seed-demo</c>) to sign in as in Development; the ids are the seed's.</summary>
public sealed record Persona(string Key, string Id, string Name, string Role, string? School, string Does, string Home)
{
    public ClaimsPrincipal Principal()
    {
        List<Claim> claims = [new(TutoringClaims.Subject, Id), new(TutoringClaims.Role, Role), new("name", Name)];
        if (School is not null) claims.Add(new Claim(TutoringClaims.School, School));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, WebAuthentication.CookieScheme, TutoringClaims.Subject, TutoringClaims.Role));
    }
}

/// <summary>The demo personas the Development sign-in page lists: one of each role, a Senior Tutor of each demo school.</summary>
public static class Personas
{
    public static readonly IReadOnlyList<Persona> All =
    [
        new("tutee", "med-0001", "A first-year medical student (med-0001)", Roles.Student, "MED", "sees their tutor and how to contact them", "/my-tutor"),
        new("tutor", "t-med-01", "A personal tutor in Medicine (t-med-01)", Roles.Tutor, null, "works through their tutees by what is due", "/tutees"),
        new("senior-tutor-med", "staff-med-st1", "Dr Amara Okafor, Senior Tutor of MED", Roles.SeniorTutor, "MED", "sees the school at a glance", "/schools/MED"),
        new("senior-tutor-eng", "staff-eng-st1", "Dr Tom Hughes, Senior Tutor of ENG", Roles.SeniorTutor, "ENG", "sees the school at a glance", "/schools/ENG"),
        new("support-team", "staff-support-1", "A member of the Support Team", Roles.SupportTeam, null, "follows up students the system flags", "/support-team"),
        new("dean", "staff-dean-1", "Professor Helen Carter, Dean", Roles.Dean, null, "looks across every school", "/schools/MED"),
        new("governance", "staff-governance-1", "A governance officer", Roles.Governance, null, "reads the figures of every school", "/kpis"),
        new("auditor", "staff-auditor-1", "An auditor", Roles.Auditor, null, "replays who tutored a student on any date", "/replay"),
        new("admin", "admin-1", "An administrator", Roles.Admin, null, "looks after schools and the system", "/schools/MED"),
    ];

    public static Persona? Find(string? key) => All.FirstOrDefault(p => p.Key == key);
}
