namespace PersonalTutoring.Governance.Tests.Integration.DevelopmentAndGuide;

/// <summary>GO-6 Tutee Satisfaction survey figures and GO-10 feedback with actions, over HTTP.</summary>
public sealed class EvaluationApiTests(DevelopmentApi api) : IClassFixture<DevelopmentApi>
{
    private const string Evaluation = "/api/schools/EVA/evaluation/2025-26";

    private HttpClient SeniorTutor => api.ClientFor(Roles.SeniorTutor, "st-eva", "EVA");

    [Fact]
    public async Task A_senior_tutor_records_survey_figures_and_feedback_and_governance_reads_the_approval()
    {
        await api.RegisterSchoolAsync("EVA");
        await SeniorTutor.PutJson($"{Evaluation}/survey/contact-with-tutor", new { respondents = 400, agreeing = 330 }).ShouldBe(HttpStatusCode.OK);
        await SeniorTutor.PutJson($"{Evaluation}/survey/positive-experience", new { respondents = 398, agreeing = 301 }).ShouldBe(HttpStatusCode.OK);
        var theme = (await SeniorTutor.PostJson($"{Evaluation}/feedback-themes", new { source = "Tutees", theme = "Did not know how to change tutor" })
            .ShouldBe(HttpStatusCode.Created)).GetProperty("themeId").GetGuid();
        var action = (await SeniorTutor.PostJson($"{Evaluation}/feedback-themes/{theme}/actions", new { action = "Explain it in Welcome Week", status = "Planned" })
            .ShouldBe(HttpStatusCode.Created)).GetProperty("actionId").GetGuid();
        await SeniorTutor.PutJson($"{Evaluation}/feedback-themes/{theme}/actions/{action}/status", new { status = "Done" }).ShouldBe(HttpStatusCode.OK);
        await api.CatchUpAsync();

        var view = await api.ClientFor(Roles.Governance, "gov-1").GetAsync(Evaluation).ShouldBe(HttpStatusCode.OK);

        view.GetProperty("survey")[0].GetProperty("question").GetString().Should().Be("contact-with-tutor");
        view.GetProperty("survey")[0].GetProperty("approvalPercent").GetDecimal().Should().Be(82.5m);
        view.GetProperty("survey")[1].GetProperty("approvalPercent").GetDecimal().Should().Be(75.6m);
        var recorded = view.GetProperty("feedbackThemes")[0];
        recorded.GetProperty("source").GetString().Should().Be("Tutees");
        recorded.GetProperty("actions")[0].GetProperty("status").GetString().Should().Be("Done");
    }

    [Theory]
    [InlineData("survey/contact-with-tutor", """{"respondents":100,"agreeing":101}""", "agreeing")]
    [InlineData("survey/contact-with-tutor", """{"respondents":-1,"agreeing":0}""", "respondents")]
    [InlineData("survey/contact-with-tutor", """{"agreeing":10}""", "respondents")]
    [InlineData("survey/overall-happiness", """{"respondents":100,"agreeing":10}""", "question")]
    public async Task Impossible_survey_figures_are_a_400_and_write_nothing(string path, string body, string field)
    {
        await api.RegisterSchoolAsync("EVB");
        var client = api.ClientFor(Roles.SeniorTutor, "st", "EVB");

        var problem = await (await client.PutRaw($"/api/schools/EVB/evaluation/2025-26/{path}", body)).ShouldBeProblem(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
        (await api.EventCountAsync("school-evaluation-EVB-")).Should().Be(0);
    }

    [Theory]
    [InlineData("""{"source":"Tutees","theme":""}""")]
    [InlineData("""{"theme":"No source"}""")]
    [InlineData("""{"source":"Parents","theme":"Unknown source"}""")]
    public async Task A_feedback_theme_needs_a_known_source_and_text(string body)
    {
        await api.RegisterSchoolAsync("EVB");

        await (await api.ClientFor(Roles.Admin, "a").PostRaw("/api/schools/EVB/evaluation/2025-26/feedback-themes", body)).ShouldBeProblem(HttpStatusCode.BadRequest);
        (await api.EventCountAsync("school-evaluation-EVB-")).Should().Be(0);
    }

    [Fact]
    public async Task An_action_on_an_unknown_theme_is_a_404()
    {
        await api.RegisterSchoolAsync("EVB");

        await (await SeniorTutorOf("EVB").PostJson($"/api/schools/EVB/evaluation/2025-26/feedback-themes/{Guid.NewGuid()}/actions", new { action = "x", status = "Planned" }))
            .ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_bad_academic_year_is_a_400()
    {
        var problem = await (await api.Admin().GetAsync("/api/schools/EVA/evaluation/2025-27")).ShouldBeProblem(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").TryGetProperty("academicYear", out _).Should().BeTrue();
    }

    [Theory]
    [InlineData(Roles.Student)]
    [InlineData(Roles.Tutor)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Governance)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Integration)]
    public async Task Only_the_schools_senior_tutors_the_dean_and_admin_record_the_evaluation(string role)
    {
        await api.RegisterSchoolAsync("EVC");

        await (await api.ClientFor(role, "u", "EVC").PutJson("/api/schools/EVC/evaluation/2025-26/survey/contact-with-tutor", new { respondents = 1, agreeing = 1 }))
            .ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await SeniorTutorOf("OTHER").PutJson("/api/schools/EVC/evaluation/2025-26/survey/contact-with-tutor", new { respondents = 1, agreeing = 1 }))
            .ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(role, "u", "EVC").PostJson("/api/schools/EVC/evaluation/2025-26/feedback-themes", new { source = "Tutors", theme = "x" }))
            .ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await SeniorTutorOf("OTHER").PostJson("/api/schools/EVC/evaluation/2025-26/feedback-themes", new { source = "Tutors", theme = "x" }))
            .ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.EventCountAsync("school-evaluation-EVC-")).Should().Be(0);
    }

    [Theory]
    [InlineData(Roles.Student)]
    [InlineData(Roles.Tutor)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Integration)]
    public async Task Students_tutors_and_others_do_not_read_the_evaluation(string role)
    {
        await (await api.ClientFor(role, "u", "EVA").GetAsync(Evaluation)).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await SeniorTutorOf("OTHER").GetAsync(Evaluation)).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_rebuild_of_the_evaluation_projection_gives_identical_results()
    {
        await api.RegisterSchoolAsync("EVR");
        await SeniorTutorOf("EVR").PutJson("/api/schools/EVR/evaluation/2025-26/survey/contact-with-tutor", new { respondents = 3, agreeing = 2 }).ShouldBe(HttpStatusCode.OK);
        await SeniorTutorOf("EVR").PostJson("/api/schools/EVR/evaluation/2025-26/feedback-themes", new { source = "Tutors", theme = "Workload" }).ShouldBe(HttpStatusCode.Created);

        var (before, after) = await api.RebuildAsync("governance-evaluations",
            async () => (await api.Admin().GetAsync("/api/schools/EVR/evaluation/2025-26").ShouldBe(HttpStatusCode.OK)).ToString());

        after.Should().Be(before);
        before.Should().Contain("66.7");
    }

    [Theory]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Dean)]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.SeniorTutor)]
    public async Task Auditors_the_dean_admin_and_the_schools_senior_tutors_read_the_evaluation(string role)
    {
        await api.RegisterSchoolAsync("EVO");
        await SeniorTutorOf("EVO").PutJson("/api/schools/EVO/evaluation/2025-26/survey/positive-experience", new { respondents = 8, agreeing = 6 }).ShouldBe(HttpStatusCode.OK);
        await api.CatchUpAsync();

        var view = await api.ClientFor(role, "u", "EVO").GetAsync("/api/schools/EVO/evaluation/2025-26").ShouldBe(HttpStatusCode.OK);

        view.GetProperty("survey")[0].GetProperty("approvalPercent").GetDecimal().Should().Be(75m);
    }

    private HttpClient SeniorTutorOf(string school) => api.ClientFor(Roles.SeniorTutor, $"st-{school}", school);
}
