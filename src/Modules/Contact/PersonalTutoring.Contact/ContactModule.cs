using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PersonalTutoring.Contact;

/// <summary>The Contact module's only entry points.</summary>
public static class ContactModule
{
    public const string Tag = "Contact";

    public static IServiceCollection AddContactModule(this IServiceCollection services, IConfiguration configuration) => services;

    public static void AddContactPolicies(this AuthorizationOptions options)
    {
    }

    public static IEndpointRouteBuilder MapContactEndpoints(this IEndpointRouteBuilder app) => app;
}
