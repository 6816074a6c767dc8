using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.SchoolPolicies.ReadModels;

namespace PersonalTutoring.Governance.SchoolPolicies.InForce;

/// <summary>
/// Which version is in force on a date (ADR 0010): among the versions of the academic year containing the date
/// that the Dean has approved on or before that date, the highest version number. Committee approval alone and
/// drafts never apply; sharing with the sub-committee is a record, not a gate. With none, the university default.
/// </summary>
internal static class PolicyInForce
{
    public static PolicyVersionView? Pick(IEnumerable<PolicyVersionView> versions, DateOnly date) =>
        versions.Where(v => v.DeanApproval is { } dean && dean.On <= date).MaxBy(v => v.Version);

    public static TutoringPolicy Resolve(string schoolCode, PolicyVersionsView? view, DateOnly date, CohortLevel? level)
    {
        var year = AcademicYear.Containing(date).ToString();
        var version = view is null ? null : Pick(view.Versions, date);
        var settings = version?.Terms.For(level) ?? UniversityDefault.Settings;
        return settings.ToPolicy(schoolCode, year, level, version?.Version);
    }
}

/// <summary>
/// The policy query other modules use (Allocation, Contact, Meetings read their rules here); a singleton, so it
/// reads through a short query session of its own.
/// </summary>
internal sealed class TutoringPolicies(IDocumentStore store) : ITutoringPolicies
{
    public async Task<TutoringPolicy> InForceAsync(string schoolCode, DateOnly date, CohortLevel? level, CancellationToken ct)
    {
        var year = AcademicYear.Containing(date).ToString();
        await using var session = store.QuerySession();
        var view = await session.LoadAsync<PolicyVersionsView>(PolicyVersionsView.IdOf(schoolCode, year), ct);
        return PolicyInForce.Resolve(schoolCode, view, date, level);
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/schools/{schoolCode}/policies/in-force", async (string schoolCode, DateOnly? date, CohortLevel? level,
                ITutoringPolicies policies, ISchoolDirectory schools, TimeProvider clock, CancellationToken ct) =>
            {
                await GovernanceAccess.DemandSchoolExistsAsync(schools, schoolCode, ct);
                return Results.Ok(await policies.InForceAsync(schoolCode, date ?? GovernanceAccess.Today(clock), level, ct));
            })
            .RequireAuthorization(GovernancePolicies.ReadPolicies)
            .RequireReadSchool("read the tutoring policy")
            .WithName("GetPolicyInForce")
            .WithSummary("The tutoring policy in force for a school on a date (default today) and cohort level, or the university default.")
            .Produces<TutoringPolicy>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
