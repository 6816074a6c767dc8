namespace PersonalTutoring.Api.Tests;

/// <summary>
/// Control characters other than tab, CR and LF are refused wherever a string enters the API, with the field named
/// (issue 10 item 1): PostgreSQL cannot store NUL, and no client means to send one.
/// </summary>
public sealed class HostileInputTests(TutoringApiFactory api) : IClassFixture<TutoringApiFactory>
{
    [Theory]
    [InlineData("\u0000")]
    [InlineData("\u0007")]
    [InlineData("\u001b[31m")]
    [InlineData("\u007f")]
    public async Task A_control_character_in_a_body_field_is_a_400_naming_the_field(string hostile)
    {
        var problem = await api.Admin().PutJson("/api/schools/HI-BODY", new { name = $"School{hostile}of Law", college = "Arts" })
            .ShouldBeProblem(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").TryGetProperty("name", out _).Should().BeTrue(problem.ToString());
        await (await api.Admin().GetAsync("/api/schools/HI-BODY")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_control_character_in_a_nested_body_field_or_a_list_item_is_named_by_its_path()
    {
        var problem = await api.Admin().PutJson("/api/schools/HI-NEST/policies/2026-27", new { extraResponsibilities = new[] { "ok", "bad\u0000" } })
            .ShouldBeProblem(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Contain("extraResponsibilities[1]");
    }

    [Fact]
    public async Task Tab_cr_and_lf_are_ordinary_text()
    {
        await api.Admin().PutJson("/api/schools/HI-TEXT", new { name = "School of\tLaw\r\n" }).ShouldBe(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("/api/schools/HI%02X", "schoolCode")]
    [InlineData("/api/schools/HI%01X/caseloads", "schoolCode")]
    [InlineData("/api/handovers?schoolCode=%00", "schoolCode")]
    [InlineData("/api/notifications?studentId=a%00b", "studentId")]
    [InlineData("/api/admin/dead-letters?projection=%1F", "projection")]
    [InlineData("/api/admin/dead-letters?%00=1", "query")]
    public async Task A_control_character_in_a_route_or_query_value_is_a_400_naming_it(string url, string field)
    {
        var problem = await api.Admin().GetAsync(url).ShouldBeProblem(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
    }

    [Fact]
    public async Task A_control_character_in_a_path_no_route_matches_is_a_400()
    {
        await (await api.Admin().GetAsync("/api/no-such%07thing")).ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_control_character_in_a_header_the_api_reads_is_a_400()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/projections");
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", "abc\u0001def");

        var problem = await (await api.Admin().SendAsync(request)).ShouldBeProblem(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").TryGetProperty("X-Correlation-Id", out _).Should().BeTrue(problem.ToString());
    }

    [Fact]
    public async Task An_overlong_route_value_is_a_400_not_a_database_error()
    {
        var problem = await api.Admin().GetAsync("/api/schools/" + new string('A', 5000)).ShouldBeProblem(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").TryGetProperty("schoolCode", out _).Should().BeTrue(problem.ToString());
    }
}
