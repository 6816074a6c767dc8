using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.SchoolPolicies;
using PersonalTutoring.Governance.SchoolPolicies.Drafting;

namespace PersonalTutoring.Governance.Tests.Unit;

/// <summary>Impossible policies are 400s with field errors (issue 3 quality bar).</summary>
public sealed class PolicyChecksTests
{
    private static IEnumerable<string> FieldsIn(PolicySettings settings) => PolicyChecks.Errors(settings).Select(e => e.Field);

    [Fact]
    public void The_university_default_is_a_valid_policy() => FieldsIn(UniversityDefault.Settings).Should().BeEmpty();

    [Fact]
    public void A_maximum_below_the_target_is_refused() =>
        FieldsIn(UniversityDefault.Settings with { CaseloadTarget = 50, CaseloadMaximum = 40 }).Should().Equal("CaseloadMaximum");

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Zero_or_negative_limits_are_refused(int value) =>
        FieldsIn(UniversityDefault.Settings with { CaseloadTarget = value, AllocationDeadlineDays = value, ResponseWorkingDays = value, MinimumMeetingsPerYear = value, WorkloadHoursPerTutee = value })
            .Should().Contain(["CaseloadTarget", "AllocationDeadlineDays", "ResponseWorkingDays", "MinimumMeetingsPerYear", "WorkloadHoursPerTutee"]);

    [Fact]
    public void Overlapping_blocks_are_refused() =>
        FieldsIn(UniversityDefault.Settings with { AllocationBlocks = [new YearBlock(1, 2), new YearBlock(2, 3)] }).Should().Equal("AllocationBlocks[1]");

    [Fact]
    public void A_reversed_block_is_refused() =>
        FieldsIn(UniversityDefault.Settings with { AllocationBlocks = [new YearBlock(5, 4)] }).Should().Equal("AllocationBlocks[0]");

    [Fact]
    public void UCL_blocks_1_2_3_4_5_and_6_are_valid() =>
        FieldsIn(UniversityDefault.Settings with { AllocationBlocks = [new(1, 2), new(3, 3), new(4, 5), new(6, 6)], YearsWithoutContactRequirement = [6] })
            .Should().BeEmpty();

    [Fact]
    public void A_handbook_link_must_be_a_web_address() =>
        FieldsIn(UniversityDefault.Settings with { HandbookUrl = "handbook.pdf" }).Should().Equal("HandbookUrl");

    [Fact]
    public void An_override_is_checked_with_the_settings_it_inherits()
    {
        var request = new DraftPolicy.Request(50, 60, 7, [], [], 4, true, 1, 3, 14, 2, 1.0m, [], null,
            [new PolicyOverride(CohortLevel.PGT, CaseloadTarget: 70)]);
        var result = new DraftPolicy.Validator().Validate(request);
        result.Errors.Select(e => e.PropertyName).Should().Equal("Overrides[0].CaseloadMaximum");
    }

    [Fact]
    public void A_missing_required_field_is_a_field_error_not_a_default()
    {
        var request = new DraftPolicy.Request(50, null, 7, [], [], 4, true, 1, 3, 14, 2, 1.0m, [], null, null);
        new DraftPolicy.Validator().Validate(request).Errors.Select(e => e.PropertyName).Should().Equal("CaseloadMaximum");
    }

    [Fact]
    public void Two_overrides_for_one_level_are_refused()
    {
        var request = new DraftPolicy.Request(50, 60, 7, [], [], 4, true, 1, 3, 14, 2, 1.0m, [], null,
            [new PolicyOverride(CohortLevel.PGT), new PolicyOverride(CohortLevel.PGT)]);
        new DraftPolicy.Validator().Validate(request).Errors.Select(e => e.PropertyName).Should().Contain("Overrides");
    }
}
