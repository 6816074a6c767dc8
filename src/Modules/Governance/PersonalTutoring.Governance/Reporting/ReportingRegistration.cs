using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Governance.Reporting.Kpis;
using PersonalTutoring.Governance.Reporting.YearEnd;

namespace PersonalTutoring.Governance.Reporting;

/// <summary>The KPI report and the year-end report (issue 14), kept apart so the module file needs one line per concern.</summary>
internal static class ReportingRegistration
{
    public static void Configure(StoreOptions options)
    {
        YearEndReportEvents.Register(options);
        YearEndReportViewProjection.Register(options);
        // The keeper's queries over every kept day (KpiFactsKept.ClosedSchoolDaysAsync, KnownTodaySchoolDaysAsync) read these columns, not the facts: a
        // document of several kilobytes, decompressed once per field read (2.6 s over six years' 55,000 rows; 0.14 s from the columns).
        options.Schema.For<KeptKpiFacts>().DatabaseSchemaName(GovernanceModule.Schema).Identity(k => k.Id)
            .Duplicate(k => k.KpiDate).Duplicate(k => k.KnownOn).Duplicate(k => k.SchoolCode).Duplicate(k => k.Basis)
            .Duplicate(k => k.Configuration).Duplicate(k => k.Closed).Duplicate(k => k.CaughtUp).Duplicate(k => k.Changes!);
    }

    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<KpiSources>();
        services.AddOptions<KpiFactsSettings>().BindConfiguration(KpiFactsSettings.Section);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<KpiFactsSettings>>().Value);
        services.AddSingleton<KpiFactsKept>();
        services.AddSingleton<IProjectionRebuilt>(sp => sp.GetRequiredService<KpiFactsKept>());
        services.AddSingleton<KpiFactsKeeping>();
        services.AddHostedService<KpiFactsKeeper>();
        services.AddSingleton<KpiReads>();
        services.AddSingleton<KpiTrends>();
        services.AddSingleton<ReportContents>();
        services.AddOptions<ReportingCycleSettings>().BindConfiguration(ReportingCycleSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReportingCycleSettings>, ReportingCycleSettingsValidator>();
    }

    public static void AddPolicies(AuthorizationOptions options)
    {
        options.AddRolesPolicy(ReportingPolicies.ReadUniversity, Roles.Admin, Roles.Dean, Roles.Governance, Roles.Auditor);
        options.AddRolesPolicy(ReportingPolicies.WriteReport, Roles.Admin, Roles.SeniorTutor);
        options.AddRolesPolicy(ReportingPolicies.ReadTutorFigures, Roles.Admin, Roles.Dean, Roles.Governance, Roles.Auditor, Roles.SeniorTutor, Roles.Tutor);
        options.AddRolesPolicy(ReportingPolicies.RecordStep, Roles.Admin, Roles.SeniorTutor, Roles.Dean);
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        KpiReads.Map(app);
        KpiTrends.Map(app);
        TutorKpiReads.Map(app);
        YearEndReports.Map(app);
        ReportingOverview.Map(app);
        ReportExports.Map(app);
    }
}

internal static class ReportingPolicies
{
    public const string ReadUniversity = "governance.university-figures.read";
    public const string WriteReport = "governance.year-end-report.write";
    public const string ReadTutorFigures = "governance.tutor-figures.read";
    public const string RecordStep = "governance.year-end-report.step";
}
