using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PersonalTutoring.Allocation;

/// <summary>The Allocation module's only entry points.</summary>
public static class AllocationModule
{
    public const string Tag = "Allocation";

    public static IServiceCollection AddAllocationModule(this IServiceCollection services, IConfiguration configuration) => services;

    public static void AddAllocationPolicies(this AuthorizationOptions options)
    {
    }

    public static IEndpointRouteBuilder MapAllocationEndpoints(this IEndpointRouteBuilder app) => app;
}
