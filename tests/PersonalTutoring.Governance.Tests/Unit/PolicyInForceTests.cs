using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.SchoolPolicies;
using PersonalTutoring.Governance.SchoolPolicies.InForce;
using PersonalTutoring.Governance.SchoolPolicies.ReadModels;
using static PersonalTutoring.Governance.Tests.Unit.PolicyFixtures;

namespace PersonalTutoring.Governance.Tests.Unit;

/// <summary>GO-3 / ADR 0010: the policy in force on a date is the latest version the Dean approved by then.</summary>
public sealed class PolicyInForceTests
{
    private static PolicyVersionView Version(int n, DateOnly? deanOn, PolicyTerms? terms = null, DateOnly? committeeOn = null) =>
        new(n, deanOn is null ? PolicyStage.Draft : PolicyStage.DeanApproved, terms ?? Terms(40 + n), "st-1", Now,
            committeeOn is null && deanOn is null ? null : new(committeeOn ?? deanOn!.Value, "SEC"), deanOn is null ? null : new(deanOn.Value, "Dean"), null);

    private static PolicyVersionsView View(params PolicyVersionView[] versions) => new("MED", "2026-27", versions);

    [Fact]
    public void With_no_policy_the_university_default_applies_visibly()
    {
        var policy = PolicyInForce.Resolve("MED", null, new(2026, 11, 22), null);
        policy.IsUniversityDefault.Should().BeTrue();
        policy.Version.Should().BeNull();
        policy.CaseloadTarget.Should().Be(50);
        policy.ResponseWorkingDays.Should().Be(3);
        policy.AcademicYear.Should().Be("2026-27");
    }

    [Fact]
    public void A_draft_or_committee_approved_version_is_not_in_force() =>
        PolicyInForce.Resolve("MED", View(Version(1, null, committeeOn: new(2026, 5, 13))), new(2026, 11, 22), null).IsUniversityDefault.Should().BeTrue();

    [Fact]
    public void The_latest_dean_approved_version_wins()
    {
        var view = View(Version(1, new(2026, 6, 10)), Version(2, new(2026, 10, 1)), Version(3, null));
        var policy = PolicyInForce.Resolve("MED", view, new(2026, 11, 22), null);
        policy.Version.Should().Be(2);
        policy.CaseloadTarget.Should().Be(42);
        policy.IsUniversityDefault.Should().BeFalse();
    }

    [Fact]
    public void A_version_applies_from_the_date_the_dean_approved_it()
    {
        var view = View(Version(1, new(2026, 6, 10)), Version(2, new(2026, 10, 1)));
        PolicyInForce.Resolve("MED", view, new(2026, 9, 30), null).Version.Should().Be(1);
        PolicyInForce.Resolve("MED", view, new(2026, 10, 1), null).Version.Should().Be(2);
    }

    [Fact]
    public void Before_the_first_dean_approval_the_university_default_applies() =>
        PolicyInForce.Resolve("MED", View(Version(1, new(2026, 9, 15))), new(2026, 9, 1), null).IsUniversityDefault.Should().BeTrue();

    [Fact]
    public void A_cohort_override_changes_only_what_it_states()
    {
        var terms = Terms(50, new PolicyOverride(CohortLevel.PGT, CaseloadTarget: 25, CaseloadMaximum: 30));
        var view = View(Version(1, new(2026, 6, 10), terms));
        var pgt = PolicyInForce.Resolve("MED", view, new(2026, 11, 22), CohortLevel.PGT);
        pgt.CaseloadTarget.Should().Be(25);
        pgt.AllocationBlocks.Should().Equal(new YearBlock(1, 2), new YearBlock(4, 5));
        pgt.Level.Should().Be(CohortLevel.PGT);
        PolicyInForce.Resolve("MED", view, new(2026, 11, 22), CohortLevel.UG).CaseloadTarget.Should().Be(50);
    }
}
