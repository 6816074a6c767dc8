using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.Schools;
using PersonalTutoring.Governance.Schools.ReadModels;
using PersonalTutoring.Governance.Schools.RegisteringSchool;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Governance;

/// <summary>The Governance module's only entry points: schools, policies, calendars, appointments, development records.</summary>
public static partial class GovernanceModule
{
    public const string Tag = "Governance";

    public static IServiceCollection AddGovernanceModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.ConfigureEventStore(o =>
        {
            DevelopmentAndGuide.Configure(o); // tutor development, evaluation, tutee guides (issue 3 items 5-7)
            SchoolEvents.Register(o.Events);
            o.Documents.Register<SchoolView>("governance", "schools");
            o.Projections.Add(new SchoolViewProjection());
        });
        services.AddValidatorsFrom(typeof(GovernanceModule).Assembly);
        services.AddSingleton<ISchoolDirectory, SchoolDirectory>();
        return services;
    }

    public static void AddGovernancePolicies(this AuthorizationOptions options)
    {
        DevelopmentAndGuide.AddPolicies(options);
        options.AddRolesPolicy(GovernancePolicies.ManageSchools, Roles.Admin);
    }

    public static IEndpointRouteBuilder MapGovernanceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags(Tag);
        DevelopmentAndGuide.Map(group);
        RegisterSchool.Map(group);
        SchoolViewProjection.Map(group);
        return app;
    }
}

internal static class GovernancePolicies
{
    public const string ManageSchools = "governance.manage-schools";
}
