using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.Governance.Appointments;
using PersonalTutoring.Governance.Appointments.Appointing;
using PersonalTutoring.Governance.Appointments.Ending;
using PersonalTutoring.Governance.Appointments.ReadModels;
using PersonalTutoring.Governance.Calendars;
using PersonalTutoring.Governance.Calendars.Defining;
using PersonalTutoring.Governance.Calendars.ReadModels;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.Demo;
using PersonalTutoring.Governance.Schools;
using PersonalTutoring.Governance.Schools.ReadModels;
using PersonalTutoring.Governance.Schools.RegisteringSchool;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.SchoolPolicies;
using PersonalTutoring.Governance.SchoolPolicies.Approving;
using PersonalTutoring.Governance.SchoolPolicies.Drafting;
using PersonalTutoring.Governance.SchoolPolicies.InForce;
using PersonalTutoring.Governance.SchoolPolicies.ReadModels;

namespace PersonalTutoring.Governance;

/// <summary>The Governance module's only entry points: schools, policies, calendars, appointments, development records.</summary>
public static partial class GovernanceModule
{
    public const string Tag = "Governance";

    /// <summary>The PostgreSQL schema of the module's documents.</summary>
    public const string Schema = "governance";

    public static IServiceCollection AddGovernanceModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.ConfigureMarten(options =>
        {
            DevelopmentAndGuide.Configure(options); // tutor development, evaluation, tutee guides (issue 3 items 5-7)
            SchoolEvents.Register(options);
            SchoolViewProjection.Register(options);
            PolicyEvents.Register(options);
            PolicyVersionsProjection.Register(options);
            CalendarEvents.Register(options);
            CalendarViewProjection.Register(options);
            AppointmentEvents.Register(options);
            AppointmentViewProjection.Register(options);
        });
        services.AddValidatorsFrom(typeof(GovernanceModule).Assembly);
        services.AddSingleton<ISchoolDirectory, SchoolDirectory>();
        services.AddSingleton<ITutoringPolicies, TutoringPolicies>();
        services.AddSingleton<IAcademicCalendar, AcademicCalendarQuery>();
        services.AddSingleton<IMeetingSchedules, TuteeGuides.ReadModels.MeetingSchedules>();
        return services;
    }

    public static void AddGovernancePolicies(this AuthorizationOptions options)
    {
        DevelopmentAndGuide.AddPolicies(options);
        options.AddRolesPolicy(GovernancePolicies.ManageSchools, Roles.Admin);
        options.AddRolesPolicy(GovernancePolicies.DraftPolicies, Roles.Admin, Roles.SeniorTutor);
        options.AddRolesPolicy(GovernancePolicies.ApprovePolicies, Roles.Admin, Roles.Dean);
        options.AddRolesPolicy(GovernancePolicies.ManageCalendars, Roles.Admin, Roles.Dean);
        options.AddRolesPolicy(GovernancePolicies.ManageAppointments, Roles.Admin, Roles.Dean);
        options.AddRolesPolicy(GovernancePolicies.ReadAppointments, Roles.Admin, Roles.Dean, Roles.Governance, Roles.Auditor, Roles.SeniorTutor, Roles.Tutor);
        options.AddRolesPolicy(GovernancePolicies.ReadPolicies, Roles.Admin, Roles.Dean, Roles.Governance, Roles.Auditor, Roles.SeniorTutor, Roles.Tutor);
    }

    /// <summary>
    /// Creates the demo schools (MED, ENG), their approved policies and calendars for 2025-26 and 2026-27, the
    /// Dean and the Senior Tutors, through the module's own deciders. Idempotent; the host's <c>seed-demo</c> verb calls it.
    /// </summary>
    public static Task SeedGovernanceDemoAsync(this IServiceProvider services, CancellationToken ct) => GovernanceDemo.SeedAsync(services, ct);

    public static IEndpointRouteBuilder MapGovernanceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags(Tag);
        DevelopmentAndGuide.Map(group);
        RegisterSchool.Map(group);
        SchoolViewProjection.Map(group);
        UniversityDefault.Map(group);
        DraftPolicy.Map(group);
        RecordApproval.Map(group);
        PolicyVersionsProjection.Map(group);
        TutoringPolicies.Map(group);
        DefineCalendar.Map(group);
        CalendarViewProjection.Map(group);
        AcademicCalendarQuery.Map(group);
        AppointSeniorTutor.Map(group);
        AppointDean.Map(group);
        EndAppointment.Map(group);
        AppointmentQueries.Map(group);
        return app;
    }
}

internal static class GovernancePolicies
{
    public const string ManageSchools = "governance.manage-schools";
    public const string DraftPolicies = "governance.draft-policies";
    public const string ApprovePolicies = "governance.approve-policies";
    public const string ReadPolicies = "governance.read-policies";
    public const string ManageCalendars = "governance.manage-calendars";
    public const string ManageAppointments = "governance.manage-appointments";
    public const string ReadAppointments = "governance.read-appointments";
}
