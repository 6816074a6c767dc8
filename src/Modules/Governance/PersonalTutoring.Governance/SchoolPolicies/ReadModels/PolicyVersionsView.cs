using System.Text.Json.Serialization;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.SchoolPolicies.ReadModels;

/// <summary>A school's policy for one academic year: every version with its content and approval state (GO-3).</summary>
internal sealed record PolicyVersionsView(string SchoolCode, string AcademicYear, IReadOnlyList<PolicyVersionView> Versions)
{
    /// <summary>The Marten identity: the policy's stream key. Not part of the API's JSON.</summary>
    [JsonIgnore]
    public string Id => IdOf(SchoolCode, AcademicYear);

    public static string IdOf(string schoolCode, string academicYear) => SchoolPolicy.StreamId(schoolCode, academicYear);

    public static async Task<PolicyVersionsView> LoadAsync(IQuerySession session, string schoolCode, string academicYear, CancellationToken ct) =>
        await session.LoadAsync<PolicyVersionsView>(IdOf(schoolCode, academicYear), ct) ?? new(schoolCode, academicYear, []);
}

internal sealed record PolicyVersionView(
    int Version,
    PolicyStage Stage,
    PolicyTerms Terms,
    string DraftedBy,
    DateTimeOffset DraftedAt,
    ApprovalRecord? CommitteeApproval,
    ApprovalRecord? DeanApproval,
    ApprovalRecord? SharedWithSubCommittee);

/// <summary>Inline: the PUT and approval endpoints answer with it, and the in-force query must see an approval at once.</summary>
internal sealed class PolicyVersionsProjection : StreamFoldProjection<PolicyVersionsView>
{
    public override ProjectionLifecycle Lifecycle => ProjectionLifecycle.Inline;

    public override string Name => "governance-policies";

    public override IReadOnlyCollection<Type> EventTypes =>
        [typeof(PolicyDrafted), typeof(PolicyDraftRevised), typeof(PolicyApprovedByCommittee), typeof(PolicyApprovedByDean), typeof(PolicySharedWithSubCommittee)];

    protected override PolicyVersionsView? Evolve(PolicyVersionsView? current, IEvent e) => e.Data switch
    {
        PolicyDrafted d => Add(current ?? new(d.SchoolCode, d.AcademicYear, []),
            new PolicyVersionView(d.Version, PolicyStage.Draft, d.Terms, d.DraftedBy, d.DraftedAt, null, null, null)),
        PolicyDraftRevised r => Change(current, r.Version, v => v with { Terms = r.Terms, DraftedBy = r.RevisedBy, DraftedAt = r.RevisedAt }),
        PolicyApprovedByCommittee a => Change(current, a.Version, v => v with { Stage = PolicyStage.CommitteeApproved, CommitteeApproval = new(a.ApprovedOn, a.MinuteReference) }),
        PolicyApprovedByDean a => Change(current, a.Version, v => v with { Stage = PolicyStage.DeanApproved, DeanApproval = new(a.ApprovedOn, a.MinuteReference) }),
        PolicySharedWithSubCommittee s => Change(current, s.Version, v => v with { Stage = PolicyStage.SharedWithSubCommittee, SharedWithSubCommittee = new(s.SharedOn, s.Reference) }),
        _ => current,
    };

    private static PolicyVersionsView Add(PolicyVersionsView view, PolicyVersionView version) => view with { Versions = [.. view.Versions, version] };

    private static PolicyVersionsView? Change(PolicyVersionsView? view, int version, Func<PolicyVersionView, PolicyVersionView> change) =>
        view is null ? null : view with { Versions = view.Versions.Select(v => v.Version == version ? change(v) : v).ToList() };

    /// <summary>Keyed by the policy's stream key (the fold's default document id); the school code is indexed.</summary>
    public static void Register(StoreOptions options)
    {
        options.Schema.For<PolicyVersionsView>().DatabaseSchemaName(GovernanceModule.Schema).Identity(v => v.Id).Index(v => v.SchoolCode);
        options.AddFold(new PolicyVersionsProjection());
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/schools/{schoolCode}/policies/{academicYear}", async (string schoolCode, string academicYear, HttpContext http,
                IQuerySession session, ISchoolDirectory schools, CancellationToken ct) =>
            {
                var user = http.CurrentUser();
                var year = GovernanceAccess.Year(academicYear).ToString();
                await GovernanceAccess.DemandSchoolExistsAsync(schools, schoolCode, ct);
                var view = await PolicyVersionsView.LoadAsync(session, schoolCode, year, ct);
                // Tutors follow the school's policy, not its drafts: they see Dean-approved versions only.
                var seesDrafts = GovernanceAccess.ReadsEverySchool(user) || ResourceAccess.InSchool(user, schoolCode);
                return Results.Ok(seesDrafts ? view : view with { Versions = view.Versions.Where(v => v.DeanApproval is not null).ToList() });
            })
            .RequireAuthorization(GovernancePolicies.ReadPolicies)
            .RequireReadSchool("read the tutoring policy")
            .WithName("GetPolicyVersions")
            .WithSummary("Every version of a school's tutoring policy for an academic year, with its approval state (tutors: approved versions only).")
            .Produces<PolicyVersionsView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
