using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Marten;
using PersonalTutoring.Allocation.Allocations.Allocating;
using PersonalTutoring.Allocation.Allocations.AutoAllocating;
using PersonalTutoring.Allocation.ChangeRequests;
using PersonalTutoring.Allocation.ChangeRequests.Deciding;
using PersonalTutoring.Allocation.ChangeRequests.Requesting;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.Feed;
using PersonalTutoring.Allocation.Notifications;
using PersonalTutoring.Allocation.ReadModels;
using PersonalTutoring.Allocation.ReadModels.ChangeRequests;
using PersonalTutoring.Allocation.ReadModels.Handovers;
using PersonalTutoring.Allocation.Tutors.HandingOver;
using PersonalTutoring.Allocation.Tutors.RecordingUnavailability;
using PersonalTutoring.Allocation.Queries;
using PersonalTutoring.Allocation.ReadModels.History;
using PersonalTutoring.Allocation.ReadModels.StudentViews;
using PersonalTutoring.Allocation.ReadModels.TutorViews;
using PersonalTutoring.Allocation.Students;
using PersonalTutoring.Allocation.Students.Upserting;
using PersonalTutoring.Allocation.Tutors;
using PersonalTutoring.Allocation.Tutors.RecordingDeanException;
using PersonalTutoring.Allocation.Tutors.Upserting;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Allocation;

/// <summary>The Allocation module's only entry points: students, tutors, allocations, change requests, handovers, history.</summary>
public static class AllocationModule
{
    public const string Tag = "Allocation";

    /// <summary>The PostgreSQL schema of the module's documents.</summary>
    public const string Schema = "allocation";

    public static IServiceCollection AddAllocationModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.ConfigureMarten(options =>
        {
            StudentEvents.Register(options);
            TutorEvents.Register(options);
            ChangeRequestEvents.Register(options);
            StudentViewProjection.Register(options);
            TutorViewProjection.Register(options);
            AllocationHistoryProjection.Register(options);
            HandoverViewProjection.Register(options);
            ChangeRequestViewProjection.Register(options);
            ReadModels.Figures.KpiStudentProjection.Register(options); // the KPI answer's time-stamped facts by year (issue 14, ADR 0089)
            NotificationDocuments.Register(options);
        });
        services.AddValidatorsFrom(typeof(AllocationModule).Assembly);
        services.AddSingleton<PolicyLookup>();
        services.AddScoped<StudentUpserts>();
        services.AddScoped<AutoAllocation>();
        services.AddSingleton<AllocationRunMetrics>();
        services.AddScoped<HandOver>();
        services.AddAllocationNotifications();
        services.AddSingleton<AllocationQueries>();
        services.AddSingleton<IAllocationQueries>(sp => sp.GetRequiredService<AllocationQueries>());
        services.AddSingleton<ILeavers>(sp => sp.GetRequiredService<AllocationQueries>());
        services.AddSingleton<IStudentErasure, Notifications.NotificationErasure>();
        services.AddSingleton<PersonalTutoring.DataProtection.Contracts.ISubjectDataSource, AllocationSubjectData>();
        services.AddSingleton<IAllocationFigures, ReadModels.Figures.AllocationFigures>();
        services.Replace(ServiceDescriptor.Singleton<IStudentDirectory, StudentDirectory>());
        return services;
    }

    public static void AddAllocationPolicies(this AuthorizationOptions options)
    {
        options.AddRolesPolicy(AllocationPolicies.Upsert, Roles.Integration, Roles.Admin);
        options.AddRolesPolicy(AllocationPolicies.Manage, Roles.SeniorTutor, Roles.Admin);
        options.AddRolesPolicy(AllocationPolicies.DecideChange, Roles.SeniorTutor);
        options.AddRolesPolicy(AllocationPolicies.DeanException, Roles.Dean);
        options.AddRolesPolicy(AllocationPolicies.ReadStudent, Roles.Student, Roles.Tutor, Roles.SeniorTutor, Roles.SupportTeam, Roles.Dean,
            Roles.Auditor, Roles.Integration, Roles.Admin);
        options.AddRolesPolicy(AllocationPolicies.ReadSchool, Roles.Tutor, Roles.SeniorTutor, Roles.SupportTeam, Roles.Dean, Roles.Auditor,
            Roles.Integration, Roles.Admin);
        options.AddRolesPolicy(AllocationPolicies.RequestChange, Roles.Student, Roles.Tutor, Roles.SeniorTutor, Roles.SupportTeam, Roles.Admin);
        options.AddRolesPolicy(AllocationPolicies.Notifications, Roles.Admin, Roles.Auditor);
        options.AddRolesPolicy(AllocationPolicies.Feed, Roles.Integration, Roles.Admin, Roles.Auditor);
    }

    /// <summary>
    /// Seeds the demo university's tutors, ~2,000 students, allocations, a handover, an unavailability and a change
    /// request (the <c>seed-demo</c> verb, after the Governance seed). Idempotent.
    /// </summary>
    public static Task SeedAllocationDemoAsync(this IServiceProvider services, CancellationToken ct) => Seeding.DemoSeed.RunAsync(services, ct);

    public static IEndpointRouteBuilder MapAllocationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags(Tag);
        UpsertStudent.Map(group);
        UpsertStudentsBatch.Map(group);
        StudentReads.Map(group);
        UpsertTutor.Map(group);
        RecordDeanException.Map(group);
        AllocateTutor.Map(group);
        AutoAllocate.Map(group);
        RecordUnavailability.Map(group);
        HandOver.Map(group);
        RequestTutorChange.Map(group);
        DecideTutorChange.Map(group);
        SchoolReads.Map(group);
        SchoolStudents.Map(group);
        HandoverViewProjection.Map(group);
        ChangeRequestViewProjection.Map(group);
        NotificationsEndpoint.Map(group);
        FeedEndpoint.Map(group);
        return app;
    }
}
