using Microsoft.AspNetCore.Authorization;
using PersonalTutoring.Governance;

namespace PersonalTutoring.Host.Infrastructure;

/// <summary>A module's two entry points, as the host sees them.</summary>
internal sealed record ModuleRegistration(
    string Name,
    Action<IServiceCollection, IConfiguration> AddServices,
    Action<AuthorizationOptions> AddPolicies,
    Action<IEndpointRouteBuilder> MapEndpoints);

/// <summary>Every module the host composes; adding a module is one line here.</summary>
internal static class ModuleCatalog
{
    public static readonly IReadOnlyList<ModuleRegistration> Modules =
    [
        new("Governance", (s, c) => s.AddGovernanceModule(c), o => o.AddGovernancePolicies(), e => e.MapGovernanceEndpoints()),
    ];
}
