using JasperFx.Events;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Governance.SchoolPolicies;

/// <summary>Where a version is in the GO-3 approval cycle; each step needs the one before.</summary>
internal enum PolicyStage { Draft, CommitteeApproved, DeanApproved, SharedWithSubCommittee }

/// <summary>A dated approval step with its minute (or other) reference.</summary>
internal sealed record ApprovalRecord(DateOnly On, string Reference);

internal sealed record PolicyVersion(int Number, PolicyTerms Terms, ApprovalRecord? Committee, ApprovalRecord? Dean, ApprovalRecord? Shared)
{
    public PolicyStage Stage =>
        Shared is not null ? PolicyStage.SharedWithSubCommittee
        : Dean is not null ? PolicyStage.DeanApproved
        : Committee is not null ? PolicyStage.CommitteeApproved
        : PolicyStage.Draft;
}

/// <summary>The write model of one school's policy for one academic year: its versions and their approvals.</summary>
/// <remarks>
/// State is init-only properties, not a one-parameter positional record: JasperFx reads a public constructor with
/// one argument as a conventional "create from this event" and refuses the write model's Evolve beside it.
/// </remarks>
internal sealed record SchoolPolicy : IWriteModel<SchoolPolicy>
{
    public string Id { get; init; } = "";

    public IReadOnlyList<PolicyVersion> Versions { get; init; } = [];

    public static SchoolPolicy Initial => new();

    public static string StreamId(string schoolCode, string academicYear) => $"policy-{schoolCode}-{academicYear}";

    public PolicyVersion? Latest => Versions.Count == 0 ? null : Versions[^1];

    public SchoolPolicy Evolve(IEvent @event) => @event.Data switch
    {
        PolicyDrafted e => this with { Versions = [.. Versions, new PolicyVersion(e.Version, e.Terms, null, null, null)] },
        PolicyDraftRevised e => With(e.Version, v => v with { Terms = e.Terms }),
        PolicyApprovedByCommittee e => With(e.Version, v => v with { Committee = new(e.ApprovedOn, e.MinuteReference) }),
        PolicyApprovedByDean e => With(e.Version, v => v with { Dean = new(e.ApprovedOn, e.MinuteReference) }),
        PolicySharedWithSubCommittee e => With(e.Version, v => v with { Shared = new(e.SharedOn, e.Reference) }),
        _ => this,
    };

    private SchoolPolicy With(int version, Func<PolicyVersion, PolicyVersion> change) =>
        this with { Versions = Versions.Select(v => v.Number == version ? change(v) : v).ToList() };
}
