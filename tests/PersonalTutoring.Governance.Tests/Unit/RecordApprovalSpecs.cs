using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.SchoolPolicies;
using PersonalTutoring.Governance.SchoolPolicies.Approving;
using static PersonalTutoring.Governance.Tests.Unit.PolicyFixtures;

namespace PersonalTutoring.Governance.Tests.Unit;

/// <summary>GO-3: School Education Committee, then the Dean, then shared with the sub-committee — in that order.</summary>
public sealed class RecordApprovalSpecs
{
    private static Spec<SchoolPolicy>.Outcome Record(Spec<SchoolPolicy>.GivenState given, int version, ApprovalStep step, DateOnly on, string reference = "ref") =>
        given.When(s => RecordApproval.Decide(s, "MED", "2026-27", version, step, on, reference, "admin", Today, Now));

    [Fact]
    public void The_committee_approves_a_draft() =>
        Record(Spec<SchoolPolicy>.Given(Drafted(1)), 1, ApprovalStep.Committee, new(2026, 5, 13), "SEC 4.2").Then(Committee(1));

    [Fact]
    public void The_dean_approves_after_the_committee() =>
        Record(Spec<SchoolPolicy>.Given(Drafted(1), Committee(1)), 1, ApprovalStep.Dean, new(2026, 6, 10), "Dean 12").Then(Dean(1));

    [Fact]
    public void The_dean_cannot_approve_before_the_committee() =>
        Record(Spec<SchoolPolicy>.Given(Drafted(1)), 1, ApprovalStep.Dean, new(2026, 6, 10)).ThenRefused("policy-approval-out-of-order");

    [Fact]
    public void A_draft_cannot_be_shared_before_the_dean_approves() =>
        Record(Spec<SchoolPolicy>.Given(Drafted(1), Committee(1)), 1, ApprovalStep.Shared, new(2026, 6, 20)).ThenRefused("policy-approval-out-of-order");

    [Fact]
    public void A_dean_approved_version_is_shared_with_the_sub_committee() =>
        Record(Spec<SchoolPolicy>.Given(Drafted(1), Committee(1), Dean(1)), 1, ApprovalStep.Shared, new(2026, 6, 24), "SWISC 7")
            .Then(new PolicySharedWithSubCommittee("MED", "2026-27", 1, new(2026, 6, 24), "SWISC 7", "admin", Now));

    [Fact]
    public void Recording_the_same_step_again_decides_nothing() =>
        Record(Spec<SchoolPolicy>.Given(Drafted(1), Committee(1)), 1, ApprovalStep.Committee, new(2026, 5, 13), "SEC 4.2").ThenNothing();

    [Fact]
    public void Recording_a_step_again_with_other_details_is_refused() =>
        Record(Spec<SchoolPolicy>.Given(Drafted(1), Committee(1)), 1, ApprovalStep.Committee, new(2026, 5, 14), "SEC 9").ThenRefused("policy-step-already-recorded");

    [Fact]
    public void A_superseded_version_cannot_be_approved() =>
        Record(Spec<SchoolPolicy>.Given(Drafted(1), Committee(1), Drafted(2, Terms(45))), 1, ApprovalStep.Dean, new(2026, 6, 10))
            .ThenRefused("policy-version-superseded");

    [Fact]
    public void An_approval_cannot_be_dated_in_the_future() =>
        Record(Spec<SchoolPolicy>.Given(Drafted(1)), 1, ApprovalStep.Committee, Today.AddDays(1)).ThenRefused("approval-date-in-future");

    [Fact]
    public void The_dean_cannot_approve_before_the_committee_met() =>
        Record(Spec<SchoolPolicy>.Given(Drafted(1), Committee(1)), 1, ApprovalStep.Dean, new(2026, 5, 1)).ThenRefused("approval-date-before-previous-step");

    [Fact]
    public void An_unknown_version_is_not_found() =>
        Record(Spec<SchoolPolicy>.Given(Drafted(1)), 7, ApprovalStep.Committee, new(2026, 5, 13)).ThenThrows<NotFoundException>();
}
