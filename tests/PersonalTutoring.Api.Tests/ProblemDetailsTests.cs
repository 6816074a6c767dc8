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

        problem.GetProperty("errors").TryGetProperty("Name", out _).Should().BeTrue(problem.ToString());
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
    public async Task A_stale_if_match_is_a_412_precondition_failed_and_writes_nothing()
    {
        var admin = api.Admin();
        await admin.PutJson("/api/schools/PDT-ETAG", new { name = "Before" }).ShouldBe(HttpStatusCode.Created);
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/schools/PDT-ETAG") { Content = System.Net.Http.Json.JsonContent.Create(new { name = "After" }) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"7\"");

        await (await admin.SendAsync(request)).ShouldBeProblem(HttpStatusCode.PreconditionFailed);

        var school = await admin.GetAsync("/api/schools/PDT-ETAG").ShouldBe(HttpStatusCode.OK);
        school.GetProperty("name").GetString().Should().Be("Before");
    }
}
