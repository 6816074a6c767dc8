using System.Text.Json;
using System.Text.Json.Nodes;
using static PersonalTutoring.Governance.Tests.Integration.GovernanceTestSupport;

namespace PersonalTutoring.Governance.Tests.Integration;

/// <summary>
/// ME-5 and the booking cut-off as school policy terms (issue 12): optional, school-wide (a cohort override cannot
/// change them), and in force through the contract; left out, the policy says nothing and Meetings' settings apply.
/// </summary>
public sealed class ClinicTermsTests(GovernanceApi api) : IClassFixture<GovernanceApi>
{
    private static JsonObject PolicyWith(params (string Field, int Value)[] terms)
    {
        var policy = JsonSerializer.SerializeToNode(Policy(overrides: [new { level = "PGT", caseloadTarget = 25, caseloadMaximum = 30 }]), HttpAssertions.Json)!.AsObject();
        foreach (var (field, value) in terms) policy[field] = value;
        return policy;
    }

    [Fact]
    public async Task A_school_policy_sets_clinic_slot_lengths_and_the_cut_off_for_every_cohort_and_one_that_does_not_leaves_them_unset()
    {
        await api.RegisterSchoolAsync("CLT");
        var admin = api.Admin();
        await admin.PutJson("/api/schools/CLT/policies/2026-27", PolicyWith(("oneToOneMinMinutes", 10), ("oneToOneMaxMinutes", 30), ("groupMinMinutes", 45),
            ("groupMaxMinutes", 90), ("bookingCancellationCutoffHours", 48))).ShouldBe(HttpStatusCode.Created);
        await admin.PostJson("/api/schools/CLT/policies/2026-27/versions/1/committee-approval", Approval("2026-05-13", "SEC")).ShouldBe(HttpStatusCode.OK);
        await admin.PostJson("/api/schools/CLT/policies/2026-27/versions/1/dean-approval", Approval("2026-06-10", "Dean")).ShouldBe(HttpStatusCode.OK);

        foreach (var level in new[] { "", "&level=PGT" })
        {
            var inForce = await admin.GetAsync($"/api/schools/CLT/policies/in-force?date=2026-11-22{level}").ShouldBe(HttpStatusCode.OK);
            (inForce.GetProperty("oneToOneMinMinutes").GetInt32(), inForce.GetProperty("oneToOneMaxMinutes").GetInt32()).Should().Be((10, 30));
            (inForce.GetProperty("groupMinMinutes").GetInt32(), inForce.GetProperty("groupMaxMinutes").GetInt32()).Should().Be((45, 90));
            inForce.GetProperty("bookingCancellationCutoffHours").GetInt32().Should().Be(48);
        }
        var unset = await admin.GetAsync("/api/schools/CLT/policies/in-force?date=2025-11-22").ShouldBe(HttpStatusCode.OK);
        unset.GetProperty("oneToOneMaxMinutes").ValueKind.Should().Be(JsonValueKind.Null, "the university default says nothing: Meetings' settings apply");
    }

    [Theory]
    [InlineData("CU1", "oneToOneMinMinutes", 2)]
    [InlineData("CU2", "groupMaxMinutes", 600)]
    [InlineData("CU3", "bookingCancellationCutoffHours", -1)]
    [InlineData("CU4", "bookingCancellationCutoffHours", 500)]
    public async Task Impossible_clinic_terms_are_refused_with_the_field_named(string school, string field, int value)
    {
        await api.RegisterSchoolAsync(school);
        var problem = await api.Admin().PutJson($"/api/schools/{school}/policies/2026-27", PolicyWith((field, value))).ShouldBeProblem(HttpStatusCode.BadRequest);
        problem.ErrorFields().Should().Contain(n => n.Equals(field, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_longest_slot_shorter_than_the_shortest_is_refused()
    {
        await api.RegisterSchoolAsync("CLV");
        var problem = await api.Admin().PutJson("/api/schools/CLV/policies/2026-27", PolicyWith(("oneToOneMinMinutes", 30), ("oneToOneMaxMinutes", 20)))
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        problem.ErrorFields().Should().Contain(n => n.Equals("oneToOneMaxMinutes", StringComparison.OrdinalIgnoreCase));
    }
}
