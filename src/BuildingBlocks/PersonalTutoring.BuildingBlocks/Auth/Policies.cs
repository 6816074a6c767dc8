using Microsoft.AspNetCore.Authorization;

namespace PersonalTutoring.BuildingBlocks.Auth;

/// <summary>
/// Named authorization policies. Policies gate endpoints by role; which student or school a caller may touch is
/// then decided by <see cref="ResourceAccess"/>. Modules add their own with <see cref="AddRolesPolicy"/>.
/// </summary>
public static class Policies
{
    /// <summary>Any authenticated user with at least one known role.</summary>
    public const string AnyRole = "any-role";

    public const string Admin = "admin";

    /// <summary>Checks the integrity of the whole history: the Auditor's (and the Admin's, who runs the host).</summary>
    public const string VerifyHistory = "verify-history";

    public static AuthorizationOptions AddTutoringPolicies(this AuthorizationOptions options)
    {
        options.AddRolesPolicy(AnyRole, [.. Roles.All]);
        options.AddRolesPolicy(Admin, Roles.Admin);
        options.AddRolesPolicy(VerifyHistory, Roles.Auditor, Roles.Admin);
        // Nothing is reachable without a policy: an endpoint that forgets one still demands a known role.
        options.FallbackPolicy = options.GetPolicy(AnyRole);
        return options;
    }

    public static AuthorizationOptions AddRolesPolicy(this AuthorizationOptions options, string name, params string[] roles)
    {
        options.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireClaim(TutoringClaims.Subject).RequireRole(roles));
        return options;
    }
}
