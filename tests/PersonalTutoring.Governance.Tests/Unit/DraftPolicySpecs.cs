using PersonalTutoring.Governance.SchoolPolicies;
using PersonalTutoring.Governance.SchoolPolicies.Drafting;
using static PersonalTutoring.Governance.Tests.Unit.PolicyFixtures;

namespace PersonalTutoring.Governance.Tests.Unit;

/// <summary>GO-3: drafts are revised until approval starts; an approved version is never edited.</summary>
public sealed class DraftPolicySpecs
{
    [Fact]
    public void The_first_draft_is_version_1() =>
        Spec<SchoolPolicy>.Given()
            .When(s => DraftPolicy.Decide(s, "MED", "2026-27", Terms(), "st-1", Now))
            .Then(Drafted(1));

    [Fact]
    public void The_same_content_again_decides_nothing() =>
        Spec<SchoolPolicy>.Given(Drafted(1))
            .When(s => DraftPolicy.Decide(s, "MED", "2026-27", Terms(), "st-1", Now))
            .ThenNothing();

    [Fact]
    public void A_draft_is_revised_in_place() =>
        Spec<SchoolPolicy>.Given(Drafted(1))
            .When(s => DraftPolicy.Decide(s, "MED", "2026-27", Terms(45), "st-2", Now))
            .Then(new PolicyDraftRevised("MED", "2026-27", 1, Terms(45), "st-2", Now));

    [Fact]
    public void A_change_after_committee_approval_starts_a_new_version() =>
        Spec<SchoolPolicy>.Given(Drafted(1), Committee(1))
            .When(s => DraftPolicy.Decide(s, "MED", "2026-27", Terms(45), "st-1", Now))
            .Then(Drafted(2, Terms(45)));

    [Fact]
    public void A_change_after_dean_approval_starts_a_new_version_that_needs_approval_again()
    {
        var state = Spec<SchoolPolicy>.Given(Drafted(1), Committee(1), Dean(1), Drafted(2, Terms(45))).State;
        state.Latest!.Number.Should().Be(2);
        state.Latest.Stage.Should().Be(PolicyStage.Draft);
        state.Versions[0].Stage.Should().Be(PolicyStage.DeanApproved);
    }

    [Fact]
    public void Identical_content_to_an_approved_version_does_not_start_a_new_one() =>
        Spec<SchoolPolicy>.Given(Drafted(1), Committee(1), Dean(1))
            .When(s => DraftPolicy.Decide(s, "MED", "2026-27", Terms(), "st-1", Now))
            .ThenNothing();
}
