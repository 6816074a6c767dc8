using static PersonalTutoring.Governance.Tests.Integration.GovernanceTestSupport;

namespace PersonalTutoring.Governance.Tests.Integration;

/// <summary>GO-3 through the API: draft, approvals in order, the policy in force, new versions after approval.</summary>
public sealed class PoliciesApiTests(GovernanceApi api) : IClassFixture<GovernanceApi>
{
    private const string Url = "/api/schools/{0}/policies/2026-27";

    private static string For(string school) => string.Format(System.Globalization.CultureInfo.InvariantCulture, Url, school);

    [Fact]
    public async Task The_approval_cycle_puts_a_version_in_force_and_a_later_change_is_a_new_draft()
    {
        await api.RegisterSchoolAsync("CYC");
        var admin = api.Admin();
        var drafted = await admin.PutJson(For("CYC"), Policy()).ShouldBe(HttpStatusCode.Created);
        drafted.GetProperty("versions")[0].GetProperty("stage").GetString().Should().Be("Draft");
        (await admin.GetAsync("/api/schools/CYC/policies/in-force?date=2026-11-22").ShouldBe(HttpStatusCode.OK))
            .GetProperty("isUniversityDefault").GetBoolean().Should().BeTrue("a draft is not in force");

        (await admin.PostJson(For("CYC") + "/versions/1/dean-approval", Approval("2026-06-10", "Dean 12")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity))
            .Code().Should().Be("policy-approval-out-of-order");
        (await api.EventCountAsync("policy-CYC-2026-27")).Should().Be(1, "a refused approval writes nothing");

        await admin.PostJson(For("CYC") + "/versions/1/committee-approval", Approval("2026-05-13", "SEC 4.2")).ShouldBe(HttpStatusCode.OK);
        await admin.PostJson(For("CYC") + "/versions/1/dean-approval", Approval("2026-06-10", "Dean 12")).ShouldBe(HttpStatusCode.OK);
        var inForce = await admin.GetAsync("/api/schools/CYC/policies/in-force?date=2026-11-22").ShouldBe(HttpStatusCode.OK);
        inForce.GetProperty("isUniversityDefault").GetBoolean().Should().BeFalse();
        inForce.GetProperty("version").GetInt32().Should().Be(1);
        inForce.GetProperty("caseloadTarget").GetInt32().Should().Be(45);
        var shared = await admin.PostJson(For("CYC") + "/versions/1/shared", Approval("2026-06-24", "SWISC 7")).ShouldBe(HttpStatusCode.OK);
        shared.GetProperty("versions")[0].GetProperty("stage").GetString().Should().Be("SharedWithSubCommittee");

        var second = await admin.PutJson(For("CYC"), Policy(caseloadTarget: 40)).ShouldBe(HttpStatusCode.Created);
        second.GetProperty("versions")[1].GetProperty("stage").GetString().Should().Be("Draft");
        second.GetProperty("versions")[0].GetProperty("terms").GetProperty("settings").GetProperty("caseloadTarget").GetInt32().Should().Be(45, "an approved version is never edited");
        (await admin.GetAsync("/api/schools/CYC/policies/in-force?date=2026-11-22").ShouldBe(HttpStatusCode.OK))
            .GetProperty("version").GetInt32().Should().Be(1, "version 2 still needs approval");
    }

    [Fact]
    public async Task A_cohort_override_applies_to_its_level_only()
    {
        await api.RegisterSchoolAsync("OVR");
        var admin = api.Admin();
        await admin.PutJson(For("OVR"), Policy(overrides: [new { level = "PGT", caseloadTarget = 25, caseloadMaximum = 30 }])).ShouldBe(HttpStatusCode.Created);
        await admin.PostJson(For("OVR") + "/versions/1/committee-approval", Approval("2026-05-13", "SEC")).ShouldBe(HttpStatusCode.OK);
        await admin.PostJson(For("OVR") + "/versions/1/dean-approval", Approval("2026-06-10", "Dean")).ShouldBe(HttpStatusCode.OK);

        var pgt = await admin.GetAsync("/api/schools/OVR/policies/in-force?date=2026-11-22&level=PGT").ShouldBe(HttpStatusCode.OK);
        pgt.GetProperty("caseloadTarget").GetInt32().Should().Be(25);
        pgt.GetProperty("responseWorkingDays").GetInt32().Should().Be(3);
        (await admin.GetAsync("/api/schools/OVR/policies/in-force?date=2026-11-22&level=UG").ShouldBe(HttpStatusCode.OK))
            .GetProperty("caseloadTarget").GetInt32().Should().Be(45);
        (await admin.GetAsync("/api/schools/OVR/policies/in-force?date=2025-11-22").ShouldBe(HttpStatusCode.OK))
            .GetProperty("isUniversityDefault").GetBoolean().Should().BeTrue("2025-26 has no approved policy");
    }

    [Fact]
    public async Task Impossible_policies_are_field_errors_and_nothing_is_written()
    {
        await api.RegisterSchoolAsync("BAD");
        var problem = await (await api.Admin().PutJson(For("BAD"), Policy(caseloadTarget: 50, caseloadMaximum: 40,
            blocks: [new { fromYear = 1, toYear = 3 }, new { fromYear = 3, toYear = 4 }, new { fromYear = 6, toYear = 5 }]))).ShouldBeProblem(HttpStatusCode.BadRequest);
        problem.ErrorFields().Should().Contain(["caseloadMaximum", "allocationBlocks[1]", "allocationBlocks[2]"]);
        await (await api.Admin().PutJson(For("BAD"), new { caseloadTarget = 50 })).ShouldBeProblem(HttpStatusCode.BadRequest);
        (await api.EventCountAsync("policy-BAD-2026-27")).Should().Be(0);
    }

    [Fact]
    public async Task An_unknown_school_is_404_and_a_malformed_year_is_400()
    {
        await (await api.Admin().PutJson(For("NOPE"), Policy())).ShouldBeProblem(HttpStatusCode.NotFound);
        await api.RegisterSchoolAsync("YR");
        await (await api.Admin().PutJson("/api/schools/YR/policies/2026-28", Policy())).ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_stale_if_match_is_a_conflict_and_a_bad_level_or_date_is_a_400()
    {
        await api.RegisterSchoolAsync("ETAG");
        var admin = api.Admin();
        var created = await admin.PutJson(For("ETAG"), Policy());
        await created.ShouldBe(HttpStatusCode.Created);
        created.Headers.ETag!.Tag.Should().Be("\"1\"");
        var stale = new HttpRequestMessage(HttpMethod.Put, For("ETAG")) { Content = System.Net.Http.Json.JsonContent.Create(Policy(caseloadTarget: 30), options: HttpAssertions.Json) };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"0\""));
        await (await admin.SendAsync(stale)).ShouldBeProblem(HttpStatusCode.Conflict);
        (await api.EventCountAsync("policy-ETAG-2026-27")).Should().Be(1);
        await (await admin.GetAsync("/api/schools/ETAG/policies/in-force?level=Postdoc")).ShouldBeProblem(HttpStatusCode.BadRequest);
        await (await admin.GetAsync("/api/schools/ETAG/policies/in-force?date=22-11-2026x")).ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData(Roles.Student)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Integration)]
    public async Task Students_and_unrelated_roles_cannot_read_the_university_default(string role) =>
        await (await api.ClientFor(role, "x").GetAsync("/api/policies/university-default")).ShouldBeProblem(HttpStatusCode.Forbidden);

    [Fact]
    public async Task The_university_default_is_published() =>
        (await api.ClientFor(Roles.Tutor, "t1", "MED").GetAsync("/api/policies/university-default").ShouldBe(HttpStatusCode.OK))
            .GetProperty("caseloadTarget").GetInt32().Should().Be(50);

    [Fact]
    public async Task A_rebuild_of_the_policy_projection_gives_the_same_versions()
    {
        await api.RegisterSchoolAsync("REB");
        await api.Admin().PutJson(For("REB"), Policy()).ShouldBe(HttpStatusCode.Created);
        await api.Admin().PostJson(For("REB") + "/versions/1/committee-approval", Approval("2026-05-13", "SEC")).ShouldBe(HttpStatusCode.OK);
        var before = (await api.Admin().GetAsync(For("REB")).ShouldBe(HttpStatusCode.OK)).GetRawText();
        await api.Admin().PostAsync("/api/admin/projections/governance-policies/rebuild", null).ShouldBe(HttpStatusCode.OK);
        (await api.Admin().GetAsync(For("REB")).ShouldBe(HttpStatusCode.OK)).GetRawText().Should().Be(before);
    }
}
