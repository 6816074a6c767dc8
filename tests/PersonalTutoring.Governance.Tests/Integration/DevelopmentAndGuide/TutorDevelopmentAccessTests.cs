namespace PersonalTutoring.Governance.Tests.Integration.DevelopmentAndGuide;

/// <summary>
/// Who sees tutor development (GO-8, GO-9): the school's Senior Tutors, the Dean and Admin; a tutor their own record
/// only; Governance and Auditors the school's figures only, never a named tutor or a concern.
/// </summary>
public sealed partial class TutorDevelopmentApiTests
{
    /// <summary>Once per class: T1 with a quiz score, T2 with a concern, in school TDX.</summary>
    private async Task ArrangeAccessSchoolAsync()
    {
        if (await api.EventCountAsync("tutor-development-TDX:T2") > 0) return;
        var senior = await SchoolWithTutorAsync("TDX", "T1", "2020-01-01");
        await senior.PutJson(Record("TDX", "T2"), new { roleStartedOn = "2021-01-01" });
        await senior.PostJson(Record("TDX", "T1") + "/quiz-attempts", new { score = 72, takenOn = "2025-01-01" });
        await senior.PostJson(Record("TDX", "T2") + "/concerns", new { description = "Confidential concern", raisedOn = "2025-09-01" });
        await api.CatchUpAsync();
    }

    [Theory]
    [MemberData(nameof(ForbiddenRoles.NotManagingSchools), MemberType = typeof(ForbiddenRoles))]
    public async Task Only_senior_tutors_the_dean_and_admin_record_development(string role)
    {
        await api.RegisterSchoolAsync("TDX");
        var client = api.ClientFor(role, "T9", "TDX");

        await (await client.PutJson(Record("TDX", "T9"), new { roleStartedOn = "2024-01-01" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await client.PostJson(Record("TDX", "T1") + "/training", new { course = "Essentials", completedOn = "2025-01-01" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await client.PostJson(Record("TDX", "T1") + "/quiz-attempts", new { score = 100, takenOn = "2025-01-01" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await client.PostJson(Record("TDX", "T2") + "/concerns", new { description = "x", raisedOn = "2025-01-01" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await client.PostJson($"{Record("TDX", "T2")}/concerns/{Guid.NewGuid()}/resolution", new { resolution = "x", resolvedOn = "2025-01-01" }))
            .ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.EventCountAsync("tutor-development-TDX:T9")).Should().Be(0);
    }

    [Fact]
    public async Task A_senior_tutor_of_another_school_neither_records_nor_reads()
    {
        await ArrangeAccessSchoolAsync();
        var other = SeniorTutor("OTHER");

        await (await other.PutJson(Record("TDX", "T8"), new { roleStartedOn = "2024-01-01" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await other.GetAsync("/api/schools/TDX/tutor-development")).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await other.GetAsync(Record("TDX", "T1"))).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await other.GetAsync("/api/schools/TDX/tutor-development/kpis")).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.EventCountAsync("tutor-development-TDX:T8")).Should().Be(0);
    }

    [Theory]
    [InlineData(Roles.Dean)]
    [InlineData(Roles.Admin)]
    public async Task The_dean_and_admin_read_every_school_view(string role)
    {
        await ArrangeAccessSchoolAsync();

        var rows = await api.ClientFor(role, "u1").GetAsync("/api/schools/TDX/tutor-development").ShouldBe(HttpStatusCode.OK);

        rows.GetArrayLength().Should().Be(2);
    }

    [Theory]
    [MemberData(nameof(ForbiddenRoles.NotManagingSchools), MemberType = typeof(ForbiddenRoles))]
    public async Task No_other_role_reads_the_named_school_view(string role)
    {
        await ArrangeAccessSchoolAsync();

        await (await api.ClientFor(role, "T1", "TDX").GetAsync("/api/schools/TDX/tutor-development")).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_tutor_reads_their_own_record_but_not_a_colleagues()
    {
        await ArrangeAccessSchoolAsync();
        var tutor = api.ClientFor(Roles.Tutor, "T1", "TDX");

        var own = await tutor.GetAsync(Record("TDX", "T1")).ShouldBe(HttpStatusCode.OK);
        own.GetProperty("status").GetProperty("lastQuizScore").GetInt32().Should().Be(72);
        await (await tutor.GetAsync(Record("TDX", "T2"))).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(Roles.Tutor, "T1", "OTHER").GetAsync(Record("TDX", "T1"))).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(Roles.Governance)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Student)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Integration)]
    public async Task Oversight_and_other_roles_never_read_a_named_tutors_record(string role)
    {
        await ArrangeAccessSchoolAsync();

        await (await api.ClientFor(role, "u1", "TDX").GetAsync(Record("TDX", "T2"))).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(Roles.Governance)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Dean)]
    [InlineData(Roles.SeniorTutor)]
    public async Task Governance_reads_the_knowledge_and_training_figures_without_names_or_concerns(string role)
    {
        await ArrangeAccessSchoolAsync();

        var kpis = await api.ClientFor(role, "u1", "TDX").GetAsync("/api/schools/TDX/tutor-development/kpis?academicYear=2025-26").ShouldBe(HttpStatusCode.OK);

        kpis.GetProperty("tutors").GetInt32().Should().Be(2);
        kpis.GetProperty("percentQuizWithinThreeYears").GetDecimal().Should().Be(50m);
        kpis.GetProperty("medianQuizScore").GetDecimal().Should().Be(72m);
        kpis.GetProperty("identifiedAsNotSufficientlyFulfillingRole").GetInt32().Should().Be(1);
        kpis.ToString().Should().NotContain("T2").And.NotContain("Confidential");
    }

    [Theory]
    [InlineData(Roles.Student)]
    [InlineData(Roles.Tutor)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Integration)]
    public async Task Students_tutors_and_others_do_not_read_the_figures(string role)
    {
        await (await api.ClientFor(role, "u1", "TDX").GetAsync("/api/schools/TDX/tutor-development/kpis")).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_figures_for_a_badly_written_academic_year_are_a_400()
    {
        var problem = await (await api.ClientFor(Roles.Governance, "g").GetAsync("/api/schools/TDX/tutor-development/kpis?academicYear=2025")).ShouldBeProblem(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").TryGetProperty("academicYear", out _).Should().BeTrue();
    }

    [Fact]
    public async Task A_rebuild_of_the_development_projection_gives_identical_results()
    {
        await ArrangeAccessSchoolAsync();
        var senior = SeniorTutor("TDX");

        var (before, after) = await api.RebuildAsync("governance-tutor-development",
            async () => (await senior.GetAsync("/api/schools/TDX/tutor-development?asOf=2025-10-01").ShouldBe(HttpStatusCode.OK)).ToString());

        after.Should().Be(before);
        before.Should().Contain("T2");
    }

    [Fact]
    public async Task A_stale_if_match_is_a_412_and_writes_nothing()
    {
        var senior = await SchoolWithTutorAsync("TDS");
        var request = new HttpRequestMessage(HttpMethod.Post, Record("TDS", "T1") + "/training")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { course = "Essentials", completedOn = "2025-01-01" }),
        };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"7\""));

        await (await senior.SendAsync(request)).ShouldBeProblem(HttpStatusCode.PreconditionFailed);
        (await api.EventCountAsync("tutor-development-TDS:")).Should().Be(1);
    }
}
