using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Marten;
using Wolverine;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.Contact.ContactLogs.Concerns;
using PersonalTutoring.Contact.ContactLogs.Notes;
using PersonalTutoring.Contact.ContactLogs.Objectives;
using PersonalTutoring.Contact.ContactLogs.Recording;
using PersonalTutoring.Contact.ContactLogs.Referrals;
using PersonalTutoring.Contact.ContactLogs.Sharing;
using PersonalTutoring.Contact.ContactLogs.SupportFlags;
using PersonalTutoring.Contact.ReadModels.NoteReads;
using PersonalTutoring.Contact.ReadModels.StudentRecords;
using PersonalTutoring.Contact.ReadModels.SeniorTutor;
using PersonalTutoring.Contact.ReadModels.SupportTeam;
using PersonalTutoring.Contact.Compliance;
using PersonalTutoring.Contact.Contracts;
using PersonalTutoring.Contact.Reports;
using PersonalTutoring.Contact.Shared;

namespace PersonalTutoring.Contact;

/// <summary>The Contact module's only entry points: contact log, notes, sharing, referrals, concerns, objectives, compliance.</summary>
public static class ContactModule
{
    public const string Tag = "Contact";

    /// <summary>The PostgreSQL schema of the module's documents.</summary>
    public const string Schema = "contact";

    public static IServiceCollection AddContactModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.ConfigureMarten(options =>
        {
            ContactLogEvents.Register(options);
            StudentRecordProjection.Register(options);
            ReadModels.ContactFacts.ContactYearProjection.Register(options);
            NoteReadsProjection.Register(options);
        });
        services.AddValidatorsFrom(typeof(ContactModule).Assembly);
        // Meetings held elsewhere arrive as messages (MeetingContactHandler).
        services.ConfigureWolverine(o => o.Discovery.IncludeAssembly(typeof(ContactModule).Assembly));
        services.AddOptions<ContactSettings>().BindConfiguration(ContactSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ContactSettings>, ContactSettingsValidator>();
        services.AddSingleton<StudentContext>();
        services.AddSingleton<ComplianceReader>();
        services.AddSingleton<IContactQueries, ContactQueries>();
        services.AddSingleton<PersonalTutoring.DataProtection.Contracts.ISubjectDataSource, ReadModels.StudentRecords.ContactSubjectData>();
        services.AddSingleton<ReadModels.ContactFacts.ContactFactReader>();
        services.AddSingleton<IContactFigures, ContactFigures>();
        return services;
    }

    public static void AddContactPolicies(this AuthorizationOptions options)
    {
        options.AddRolesPolicy(ContactPolicies.RecordContact, Roles.Tutor, Roles.SeniorTutor);
        options.AddRolesPolicy(ContactPolicies.ReadRecord, Roles.Tutor, Roles.SeniorTutor, Roles.SupportTeam, Roles.Dean, Roles.Admin, Roles.Auditor);
        options.AddRolesPolicy(ContactPolicies.NoteReads, Roles.Dean, Roles.Auditor);
        options.AddRolesPolicy(ContactPolicies.Consent, Roles.Student, Roles.Tutor, Roles.SeniorTutor);
        options.AddRolesPolicy(ContactPolicies.HandleReferrals, Roles.Tutor, Roles.SeniorTutor, Roles.SupportTeam);
        options.AddRolesPolicy(ContactPolicies.HandleConcerns, Roles.SeniorTutor, Roles.SupportTeam);
        options.AddRolesPolicy(ContactPolicies.SupportTeam, Roles.SupportTeam);
        options.AddRolesPolicy(ContactPolicies.Compliance, Roles.SeniorTutor, Roles.Dean, Roles.Admin, Roles.Governance, Roles.Auditor);
        options.AddRolesPolicy(ContactPolicies.Worklists, Roles.Tutor, Roles.SeniorTutor, Roles.Dean, Roles.Admin);
        options.AddRolesPolicy(ContactPolicies.Engagement, Roles.Tutor, Roles.SeniorTutor, Roles.SupportTeam, Roles.Dean, Roles.Admin);
        options.AddRolesPolicy(ContactPolicies.Reports, Roles.SeniorTutor, Roles.Dean, Roles.Admin, Roles.Auditor);
    }

    /// <summary>Seeds a realistic current term of contact for the demo students; run after the Governance and Allocation seeds. Idempotent.</summary>
    public static Task SeedContactDemoAsync(this IServiceProvider services, CancellationToken ct) => Seeding.ContactDemoSeed.RunAsync(services, ct);

    public static IEndpointRouteBuilder MapContactEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags(Tag);
        RecordContact.Map(group);
        WriteNote.Map(group);
        AmendNote.Map(group);
        Consents.Map(group);
        MakeReferral.Map(group);
        ProgressReferral.Map(group);
        RaiseConcern.Map(group);
        ProgressConcern.Map(group);
        Objectives.Map(group);
        SupportFlags.Map(group);
        StudentRecordEndpoint.Map(group);
        NoteReadsProjection.Map(group);
        SupportTeamWorklist.Map(group);
        SchoolConcerns.Map(group);
        SchoolCompliance.Map(group);
        ContactDue.Map(group);
        OverdueReplies.Map(group);
        Engagement.Map(group);
        StudentRouteContacts.Map(group);
        return app;
    }
}

internal static class ContactPolicies
{
    public const string RecordContact = "contact.record";
    public const string ReadRecord = "contact.read-record";
    public const string NoteReads = "contact.note-reads";
    public const string Consent = "contact.consent";
    public const string HandleReferrals = "contact.handle-referrals";
    public const string HandleConcerns = "contact.handle-concerns";
    public const string SupportTeam = "contact.support-team";
    public const string Compliance = "contact.compliance";
    public const string Worklists = "contact.worklists";
    public const string Engagement = "contact.engagement";
    public const string Reports = "contact.reports";
}
