using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Schools.ReadModels;
using PersonalTutoring.Governance.Schools.RegisteringSchool;
using PersonalTutoring.Governance.Surveys;
using PersonalTutoring.Governance.Surveys.ReadModels;
using PersonalTutoring.Governance.TuteeGuides;
using PersonalTutoring.Governance.TutorDevelopment;

namespace PersonalTutoring.Governance;

/// <summary>
/// Registration of issue 3 items 5–7 (tutor development, survey results and evaluation, "What tutees can expect"),
/// kept apart from GovernanceModule.cs so the module file needs one line per concern.
/// </summary>
internal static class DevelopmentAndGuide
{
    public static void Configure(StoreOptions options)
    {
        TutorDevelopmentEvents.Register(options);
        EvaluationEvents.Register(options);
        TuteeGuideEvents.Register(options);
        TutorDevelopmentRegistration.Configure(options);
        EvaluationRegistration.Configure(options);
        TuteeGuideRegistration.Configure(options);
    }

    public static void AddPolicies(AuthorizationOptions options)
    {
        // Who may call at all; which school they may act for is then ResourceAccess.DemandSchool's decision.
        options.AddRolesPolicy(DevelopmentPolicies.ManageSchoolRecords, Roles.Admin, Roles.Dean, Roles.SeniorTutor);
        options.AddRolesPolicy(DevelopmentPolicies.ReadTutorRecord, Roles.Admin, Roles.Dean, Roles.SeniorTutor, Roles.Tutor);
        options.AddRolesPolicy(DevelopmentPolicies.ReadFigures, Roles.Admin, Roles.Dean, Roles.SeniorTutor, Roles.Governance, Roles.Auditor);
        options.AddRolesPolicy(DevelopmentPolicies.ReadPublishedGuide,
            Roles.Student, Roles.Tutor, Roles.SeniorTutor, Roles.SupportTeam, Roles.Dean, Roles.Governance, Roles.Auditor, Roles.Admin);
    }

    public static void Map(IEndpointRouteBuilder group)
    {
        TutorDevelopmentRegistration.Map(group);
        EvaluationRegistration.Map(group);
        TuteeGuideRegistration.Map(group);
    }
}

internal static class DevelopmentPolicies
{
    public const string ManageSchoolRecords = "governance.school-records.manage";
    public const string ReadTutorRecord = "governance.tutor-record.read";
    public const string ReadFigures = "governance.school-figures.read";
    public const string ReadPublishedGuide = "governance.published-guide.read";

    /// <summary>Roles that read a school's figures and published documents without belonging to the school.</summary>
    public static readonly string[] Oversight = [Roles.Admin, Roles.Dean, Roles.Governance, Roles.Auditor];
}

/// <summary>Route values shared by the slices: checked before any read or write (400 with a field error).</summary>
internal static class RouteValues
{
    public static void School(string schoolCode) => SchoolCodes.Demand(schoolCode);

    /// <summary>Records are kept only for registered schools: an unknown code is a 404, not a new school.</summary>
    public static async Task RegisteredSchoolAsync(IQuerySession session, string schoolCode, CancellationToken ct)
    {
        SchoolCodes.Demand(schoolCode);
        if (await session.LoadAsync<SchoolView>(schoolCode, ct) is null)
            throw new NotFoundException($"School {schoolCode} is not registered.");
    }

    public static void Staff(string staffId)
    {
        if (string.IsNullOrWhiteSpace(staffId) || staffId.Length > 64 || !staffId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw RequestValidationException.For("staffId", "A staff id is 1-64 letters, digits, '-', '_' or '.'.");
    }
}
