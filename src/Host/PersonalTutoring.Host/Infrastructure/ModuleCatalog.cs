using Microsoft.AspNetCore.Authorization;
using PersonalTutoring.Allocation;
using PersonalTutoring.Contact;
using PersonalTutoring.Governance;
using PersonalTutoring.Meetings;
using PersonalTutoring.References;

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
        new("Allocation", (s, c) => s.AddAllocationModule(c), o => o.AddAllocationPolicies(), e => e.MapAllocationEndpoints()),
        new("Contact", (s, c) => s.AddContactModule(c), o => o.AddContactPolicies(), e => e.MapContactEndpoints()),
        new("Meetings", (s, c) => s.AddMeetingsModule(c), o => o.AddMeetingsPolicies(), e => e.MapMeetingsEndpoints()),
        new("References", (s, c) => s.AddReferencesModule(c), o => o.AddReferencesPolicies(), e => e.MapReferencesEndpoints()),
    ];
}
