namespace PersonalTutoring.Api.Tests;

/// <summary>Whatever a client sends, the answer is a problem (never a 500) and nothing is written.</summary>
public sealed class ProblemDetailsTests(TutoringApiFactory api) : IClassFixture<TutoringApiFactory>
{
    private const string School = "/api/schools/PDT";

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"name\": 5}")]
    [InlineData("{\"name\": [\"a\"]}")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task Malformed_or_mistyped_json_is_a_400_and_writes_nothing(string body)
    {
        var admin = api.Admin();

        var problem = await (await admin.PutRaw(School, body)).ShouldBeProblem(HttpStatusCode.BadRequest);

        problem.GetProperty("detail").GetString().Should().NotBeNullOrEmpty();
        await (await admin.GetAsync(School)).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Field_errors_name_the_field()
    {
        var problem = await (await api.Admin().PutJson(School, new { name = "" })).ShouldBeProblem(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").TryGetProperty("name", out _).Should().BeTrue(problem.ToString());
    }

    [Fact]
    public async Task A_bad_identifier_in_the_route_is_a_400()
    {
        var problem = await (await api.Admin().PutJson("/api/schools/not%20a%20code", new { name = "X" })).ShouldBeProblem(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").TryGetProperty("schoolCode", out _).Should().BeTrue();
    }

    [Fact]
    public async Task An_oversized_body_is_a_413()
    {
        var huge = "{\"name\":\"" + new string('x', 9 * 1024 * 1024) + "\"}";

        await (await api.Admin().PutRaw(School, huge)).ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_stale_if_match_is_a_409_and_writes_nothing()
    {
        var admin = api.Admin();
        await admin.PutJson("/api/schools/PDT-ETAG", new { name = "Before" }).ShouldBe(HttpStatusCode.Created);
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/schools/PDT-ETAG") { Content = System.Net.Http.Json.JsonContent.Create(new { name = "After" }) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"7\"");

        await (await admin.SendAsync(request)).ShouldBeProblem(HttpStatusCode.Conflict);

        var school = await admin.GetAsync("/api/schools/PDT-ETAG").ShouldBe(HttpStatusCode.OK);
        school.GetProperty("name").GetString().Should().Be("Before");
    }
}

/// <summary>Problems look alike whatever raised them (docs/adr/0052): one type scheme, field names as the client spelt them.</summary>
public sealed class ProblemShapeTests(TutoringApiFactory api) : IClassFixture<TutoringApiFactory>
{
    [Fact]
    public async Task Every_problem_type_is_the_rfc_9110_section_of_its_status_whatever_raised_it()
    {
        var problems = new[]
        {
            await (await api.Admin().PutJson("/api/schools/PTY", new { name = "" })).ShouldBeProblem(HttpStatusCode.BadRequest),
            await (await api.CreateClient().GetAsync("/api/schools")).ShouldBeProblem(HttpStatusCode.Unauthorized),
            await (await api.ClientFor(Roles.Student, "s").GetAsync("/api/admin/projections")).ShouldBeProblem(HttpStatusCode.Forbidden),
            await (await api.Admin().GetAsync("/api/nothing-here")).ShouldBeProblem(HttpStatusCode.NotFound),
            await (await api.Admin().GetAsync("/api/schools/NOPE")).ShouldBeProblem(HttpStatusCode.NotFound),
        };

        problems.Select(p => p.GetProperty("type").GetString()).Should().Equal(
            "https://www.rfc-editor.org/rfc/rfc9110#status.400",
            "https://www.rfc-editor.org/rfc/rfc9110#status.401",
            "https://www.rfc-editor.org/rfc/rfc9110#status.403",
            "https://www.rfc-editor.org/rfc/rfc9110#status.404",
            "https://www.rfc-editor.org/rfc/rfc9110#status.404");
    }

    [Fact]
    public async Task Field_errors_of_nested_members_are_camel_case_paths()
    {
        var problem = await (await api.Admin().PutJson("/api/academic-years/2025-26/calendar", new
        {
            timeZone = "Nowhere/Nope",
            terms = new[] { new { name = "", from = "2025-09-22", to = "2025-09-01" } },
        })).ShouldBeProblem(HttpStatusCode.BadRequest);

        var fields = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        fields.Should().NotBeEmpty().And.OnlyContain(f => char.IsLower(f[0]), problem.ToString());
        fields.Should().Contain(["semesters", "welcome"]);
    }
}
