using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Marten;
using Wolverine;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.References.Contracts;
using PersonalTutoring.References.ReadModels;
using PersonalTutoring.References.Requests;
using PersonalTutoring.References.Requests.Drafting;
using PersonalTutoring.References.Requests.Issuing;
using PersonalTutoring.References.Requests.Requesting;
using PersonalTutoring.References.Requests.Responding;

namespace PersonalTutoring.References;

/// <summary>The References module's only entry points: requests, drafting, issuing and the retained copies (RE-1…RE-5).</summary>
public static class ReferencesModule
{
    public const string Tag = "References";

    /// <summary>The PostgreSQL schema of the module's documents.</summary>
    public const string Schema = "references";

    public static IServiceCollection AddReferencesModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.ConfigureMarten(options =>
        {
            ReferenceEvents.Register(options);
            options.AddWriteModel<ReferenceRequest>();
            ReferenceRequestProjection.Register(options);
            options.AddWriteModel<Ukfpo.UkfpoFormStream>();
            Ukfpo.UkfpoFormProjection.Register(options);
            AcademicRecords.AcademicRecordProjection.Register(options);
        });
        services.AddValidatorsFrom(typeof(ReferencesModule).Assembly);
        services.AddSingleton<IReferenceQueries, ReferenceQueries>();
        services.AddSingleton<PersonalTutoring.DataProtection.Contracts.ISubjectDataSource, ReadModels.ReferenceSubjectData>();
        services.AddSingleton(new Reminders.ReminderSettings(Reminders.DeadlineReminders.DaysBefore(configuration)));
        services.ConfigureWolverine(o => o.Discovery.IncludeAssembly(typeof(ReferencesModule).Assembly));
        return services;
    }

    public static void AddReferencesPolicies(this AuthorizationOptions options)
    {
        options.AddRolesPolicy(ReferencesPolicies.Request, Roles.Student);
        options.AddRolesPolicy(ReferencesPolicies.Tutor, Roles.Tutor, Roles.SeniorTutor);
        options.AddRolesPolicy(ReferencesPolicies.SupportTeam, Roles.SupportTeam);
        options.AddRolesPolicy(ReferencesPolicies.Read, Roles.Student, Roles.Tutor, Roles.SeniorTutor, Roles.SupportTeam, Roles.Dean, Roles.Auditor);
        options.AddRolesPolicy(ReferencesPolicies.ReadText, Roles.Student, Roles.Tutor, Roles.SeniorTutor);
        options.AddRolesPolicy(ReferencesPolicies.ReadLog, Roles.Tutor, Roles.SeniorTutor, Roles.Dean, Roles.Auditor);
        options.AddRolesPolicy(ReferencesPolicies.School, Roles.SeniorTutor);
        options.AddRolesPolicy(ReferencesPolicies.StudentList, Roles.Student, Roles.Tutor, Roles.SeniorTutor, Roles.Dean, Roles.Auditor);
        options.AddRolesPolicy(ReferencesPolicies.ConfigureForms, Roles.SeniorTutor, Roles.Dean, Roles.Admin);
        options.AddRolesPolicy(ReferencesPolicies.ReadForms, Roles.Tutor, Roles.SeniorTutor, Roles.Dean, Roles.Admin);
        options.AddRolesPolicy(ReferencesPolicies.AcademicRecord, Roles.Integration, Roles.Admin);
        options.AddRolesPolicy(ReferencesPolicies.Oversight, Roles.SeniorTutor, Roles.Dean, Roles.Auditor);
    }

    /// <summary>Seeds reference requests in every state for demo students; run after the Allocation seed. Idempotent.</summary>
    public static Task SeedReferencesDemoAsync(this IServiceProvider services, CancellationToken ct) => Seeding.ReferencesDemoSeed.RunAsync(services, ct);

    public static IEndpointRouteBuilder MapReferencesEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags(Tag);
        RequestReference.Map(group);
        AcceptRequest.Map(group);
        DeclineRequest.Map(group);
        RaiseReferenceConcern.Map(group);
        AnswerConcern.Map(group);
        SaveDraft.Map(group);
        IssueReference.Map(group);
        MarkConfidential.Map(group);
        ReferenceRequestProjection.Map(group);
        IssuedReferences.Map(group);
        Worklists.Map(group);
        Ukfpo.ConfigureUkfpoForm.Map(group);
        Ukfpo.UkfpoAnswers.Map(group);
        Ukfpo.UkfpoExport.Map(group);
        AcademicRecords.PutAcademicRecord.Map(group);
        AcademicRecords.DraftingEvidence.Map(group);
        return app;
    }
}

internal static class ReferencesPolicies
{
    public const string Request = "references.request";
    public const string Tutor = "references.tutor";
    public const string SupportTeam = "references.support-team";
    public const string Read = "references.read";
    public const string ReadText = "references.read-text";
    public const string ReadLog = "references.read-log";
    public const string School = "references.school";
    public const string StudentList = "references.student-list";
    public const string ConfigureForms = "references.configure-forms";
    public const string ReadForms = "references.read-forms";
    public const string AcademicRecord = "references.academic-record";
    public const string Oversight = "references.oversight";
}
