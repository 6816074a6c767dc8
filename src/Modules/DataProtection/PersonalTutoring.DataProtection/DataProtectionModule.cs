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
using PersonalTutoring.DataProtection.Contracts;
using PersonalTutoring.DataProtection.Erasure;
using PersonalTutoring.DataProtection.ReadLog;
using PersonalTutoring.DataProtection.Retention;
using PersonalTutoring.DataProtection.SubjectAccess;

namespace PersonalTutoring.DataProtection;

internal static class DataProtectionPolicies
{
    public const string RequestErasure = "data-protection-request-erasure";
    public const string ApproveErasure = "data-protection-approve-erasure";
    public const string ManageHolds = "data-protection-manage-holds";
    public const string Read = "data-protection-read";
    public const string Export = "data-protection-export";
    public const string Withhold = "data-protection-withhold";
    public const string OwnRecord = "data-protection-own-record";
    public const string ReadLog = "data-protection-read-log";
    public const string ReadSchoolLog = "data-protection-read-school-log";
    public const string RunRetention = "data-protection-run-retention";
}

/// <summary>The <c>DataProtection</c> section's module settings (the master keys of the same section are the key ring's).</summary>
internal sealed class DataProtectionModuleSettings
{
    /// <summary>Years a student-route visa holder's records are kept after sponsorship ends (the sponsor's duty).</summary>
    public int VisaRetentionYears { get; set; } = 1;
}

internal sealed class DataProtectionModuleSettingsValidator : IValidateOptions<DataProtectionModuleSettings>
{
    public ValidateOptionsResult Validate(string? name, DataProtectionModuleSettings options) =>
        options.VisaRetentionYears is >= 0 and <= 20
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"DataProtection:VisaRetentionYears is {options.VisaRetentionYears}: give 0 to 20.");
}

/// <summary>The Data protection module: erasure requests and their approval, legal holds (issue 16, ADRs 0076 and 0077).</summary>
public static class DataProtectionModule
{
    public const string Tag = "DataProtection";

    /// <summary>The module's documents' schema.</summary>
    public const string Schema = "data_protection";

    public static IServiceCollection AddDataProtectionModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.ConfigureMarten(options =>
        {
            ErasureEvents.Register(options);
            PersonalDataReadLogProjection.Register(options);
            ErasureRequestViewProjection.Register(options);
        });
        services.AddValidatorsFrom(typeof(DataProtectionModule).Assembly);
        services.AddOptions<DataProtectionModuleSettings>().BindConfiguration("DataProtection").ValidateOnStart();
        services.AddSingleton<IValidateOptions<DataProtectionModuleSettings>, DataProtectionModuleSettingsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DataProtectionModuleSettings>>().Value);
        services.AddSingleton<LegalHolds>();
        services.AddSingleton<IErasures, Erasures>();
        services.AddSingleton<SubjectDataGatherer>();
        services.AddOptions<RetentionSettings>().BindConfiguration(RetentionSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionSettings>, RetentionSettingsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RetentionSettings>>().Value);
        services.AddSingleton<RetentionSchedule>();
        services.AddSingleton<RetentionRuns>();
        services.AddSingleton<IRetentionDays, RetentionDays>();
        services.AddHostedService<RetentionScheduler>();
        services.ConfigureWolverine(o => o.Discovery.IncludeAssembly(typeof(DataProtectionModule).Assembly));
        services.AddSingleton<ISubjectDataSource, DataProtectionSubjectData>();
        return services;
    }

    public static void AddDataProtectionPolicies(this AuthorizationOptions options)
    {
        options.AddRolesPolicy(DataProtectionPolicies.RequestErasure, Roles.Admin);
        options.AddRolesPolicy(DataProtectionPolicies.ApproveErasure, Roles.Dean);
        options.AddRolesPolicy(DataProtectionPolicies.ManageHolds, Roles.Admin, Roles.Dean);
        options.AddRolesPolicy(DataProtectionPolicies.Read, Roles.Admin, Roles.Dean, Roles.Auditor);
        options.AddRolesPolicy(DataProtectionPolicies.Export, Roles.Admin, Roles.Dean);
        options.AddRolesPolicy(DataProtectionPolicies.Withhold, Roles.Admin, Roles.Dean);
        options.AddRolesPolicy(DataProtectionPolicies.OwnRecord, Roles.Student, Roles.Admin, Roles.Dean);
        options.AddRolesPolicy(DataProtectionPolicies.ReadLog, Roles.Student, Roles.Admin, Roles.Dean, Roles.Auditor);
        options.AddRolesPolicy(DataProtectionPolicies.ReadSchoolLog, Roles.Admin, Roles.Dean, Roles.Auditor);
        options.AddRolesPolicy(DataProtectionPolicies.RunRetention, Roles.Admin);
    }

    public static IEndpointRouteBuilder MapDataProtectionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags(Tag);
        RequestErasure.Map(group);
        DecideErasure.Map(group);
        ErasureRequestList.Map(group);
        LegalHoldSlices.Map(group);
        ReadPrivacy.Map(group);
        SubjectAccessSlices.Map(group);
        WithholdingSlices.Map(group);
        PersonalDataReadLogProjection.Map(group);
        RetentionSlices.Map(group);
        return app;
    }
}
