using static PersonalTutoring.Governance.Tests.Integration.GovernanceTestSupport;

namespace PersonalTutoring.Governance.Tests.Integration;

/// <summary>Issue 3 roles: a school's Senior Tutor (or Admin) drafts; Admin and Dean approve; tutors read their own school's policy.</summary>
public sealed class PolicyRolesTests(GovernanceApi api) : IClassFixture<GovernanceApi>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        // Idempotent PUTs: the first test creates, the others find it there (201 or 200).
        (await api.Admin().PutJson("/api/schools/ROLE", new { name = "Role School" })).IsSuccessStatusCode.Should().BeTrue();
        (await api.Admin().PutJson("/api/schools/ROLE/policies/2028-29", Policy())).IsSuccessStatusCode.Should().BeTrue();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(Roles.Student, "ROLE")]
    [InlineData(Roles.Tutor, "ROLE")]
    [InlineData(Roles.SupportTeam, "ROLE")]
    [InlineData(Roles.Dean, "ROLE")]
    [InlineData(Roles.Governance, "ROLE")]
    [InlineData(Roles.Auditor, "ROLE")]
    [InlineData(Roles.Integration, "ROLE")]
    [InlineData(Roles.SeniorTutor, "OTHER")]
    public async Task Only_the_schools_senior_tutor_or_an_admin_drafts_its_policy(string role, string school)
    {
        await (await api.ClientFor(role, "x", school).PutJson("/api/schools/ROLE/policies/2027-28", Policy())).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.EventCountAsync("policy-ROLE-2027-28")).Should().Be(0);
    }

    [Fact]
    public async Task The_schools_senior_tutor_drafts_and_the_dean_approves()
    {
        await api.ClientFor(Roles.SeniorTutor, "st-1", "ROLE").PutJson("/api/schools/ROLE/policies/2026-27", Policy()).ShouldBe(HttpStatusCode.Created);
        var dean = api.ClientFor(Roles.Dean, "dean-1");
        await dean.PostJson("/api/schools/ROLE/policies/2026-27/versions/1/committee-approval", Approval("2026-05-13", "SEC")).ShouldBe(HttpStatusCode.OK);
        await dean.PostJson("/api/schools/ROLE/policies/2026-27/versions/1/dean-approval", Approval("2026-06-10", "Dean")).ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(Roles.Student)]
    [InlineData(Roles.Tutor)]
    [InlineData(Roles.SeniorTutor)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Governance)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Integration)]
    public async Task Only_admins_and_the_dean_record_approvals(string role)
    {
        var client = api.ClientFor(role, "x", "ROLE");
        foreach (var step in new[] { "committee-approval", "dean-approval", "shared" })
            await (await client.PostJson($"/api/schools/ROLE/policies/2028-29/versions/1/{step}", Approval("2026-05-13", "SEC"))).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.EventCountAsync("policy-ROLE-2028-29")).Should().Be(1);
    }

    [Theory]
    [InlineData(Roles.Student, "ROLE")]
    [InlineData(Roles.SupportTeam, "ROLE")]
    [InlineData(Roles.Integration, "ROLE")]
    [InlineData(Roles.Tutor, "OTHER")]
    [InlineData(Roles.SeniorTutor, "OTHER")]
    public async Task Students_other_schools_and_unrelated_roles_cannot_read_a_policy(string role, string school)
    {
        var client = api.ClientFor(role, "x", school);
        await (await client.GetAsync("/api/schools/ROLE/policies/2026-27")).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await client.GetAsync("/api/schools/ROLE/policies/in-force")).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(Roles.Tutor, "ROLE")]
    [InlineData(Roles.SeniorTutor, "ROLE")]
    [InlineData(Roles.Governance, "")]
    [InlineData(Roles.Auditor, "")]
    [InlineData(Roles.Dean, "")]
    public async Task Tutors_of_the_school_and_governance_read_the_policy(string role, string school)
    {
        var client = school == "" ? api.ClientFor(role, "x") : api.ClientFor(role, "x", school);
        await client.GetAsync("/api/schools/ROLE/policies/2026-27").ShouldBe(HttpStatusCode.OK);
        await client.GetAsync("/api/schools/ROLE/policies/in-force").ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Tutors_see_approved_versions_only_while_the_senior_tutor_sees_drafts()
    {
        (await api.ClientFor(Roles.Tutor, "t1", "ROLE").GetAsync("/api/schools/ROLE/policies/2028-29").ShouldBe(HttpStatusCode.OK))
            .GetProperty("versions").GetArrayLength().Should().Be(0, "version 1 of 2028-29 is a draft");
        (await api.ClientFor(Roles.SeniorTutor, "st-1", "ROLE").GetAsync("/api/schools/ROLE/policies/2028-29").ShouldBe(HttpStatusCode.OK))
            .GetProperty("versions").GetArrayLength().Should().Be(1);
    }
}
