using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace PersonalTutoring.BuildingBlocks.Auth;

/// <summary>Who is calling: their id (student number or staff id), roles and school scope.</summary>
public sealed record CurrentUser(string Id, IReadOnlySet<string> Roles, IReadOnlySet<string> Schools)
{
    public bool IsIn(params string[] roles) => roles.Any(Roles.Contains);

    public bool HasSchool(string schoolCode) => Schools.Contains(schoolCode, StringComparer.OrdinalIgnoreCase);

    public static CurrentUser From(ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(TutoringClaims.Subject) ?? principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("An authenticated principal without a subject claim.");
        var roles = principal.FindAll(TutoringClaims.Role).Concat(principal.FindAll(ClaimTypes.Role)).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var schools = principal.FindAll(TutoringClaims.School).Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new CurrentUser(id, roles, schools);
    }
}

public static class CurrentUserAccess
{
    /// <summary>The calling user; endpoints are never anonymous, so there always is one.</summary>
    public static CurrentUser CurrentUser(this HttpContext context) => Auth.CurrentUser.From(context.User);
}
