using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.Governance.Reporting.Kpis;

namespace PersonalTutoring.Governance.Reporting;

/// <summary>The KPI report and the year-end report (issue 14), kept apart so the module file needs one line per concern.</summary>
internal static class ReportingRegistration
{
    public static void Configure(StoreOptions options)
    {
    }

    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<KpiSources>();
        services.AddSingleton<KpiReads>();
    }

    public static void AddPolicies(AuthorizationOptions options)
    {
        options.AddRolesPolicy(ReportingPolicies.ReadUniversity, Roles.Admin, Roles.Dean, Roles.Governance, Roles.Auditor);
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        KpiReads.Map(app);
    }
}

internal static class ReportingPolicies
{
    public const string ReadUniversity = "governance.university-figures.read";
}
