namespace PersonalTutoring.Api.Tests;

/// <summary>The host over a real Kestrel server, for what only the server decides: its own refusals and its headers.</summary>
public sealed class KestrelApi : TutoringApiFactory
{
    public KestrelApi() => UseKestrel(0);
}

/// <summary>
/// Answers Kestrel gives before the application runs still carry a problem body (issue 10, "Also" of item 4), and
/// every answer carries the security headers and no Server header (issue 10 item 17).
/// </summary>
public sealed class ServerEdgeTests(KestrelApi api) : IClassFixture<KestrelApi>
{
    [Fact]
    public async Task A_uri_too_long_for_the_server_is_a_414_problem()
    {
        var response = await api.Admin().GetAsync("/api/schools/" + new string('a', 20_000));

        var problem = await response.ShouldBeProblem(HttpStatusCode.RequestUriTooLong);
        problem.GetProperty("title").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_nul_in_the_path_is_a_400_problem_from_the_server()
    {
        await (await api.Admin().GetAsync("/api/schools/A%00B")).ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_connection_still_serves_ordinary_requests_after_the_server_refused_one()
    {
        var admin = api.Admin();
        await (await admin.GetAsync("/api/schools/A%00B")).ShouldBeProblem(HttpStatusCode.BadRequest);

        await admin.PutJson("/api/schools/EDGE", new { name = "Edge" }).ShouldBe(HttpStatusCode.Created);
        var big = await admin.GetAsync("/swagger/v1/swagger.json");
        big.StatusCode.Should().Be(HttpStatusCode.OK);
        (await big.Content.ReadAsStringAsync()).Length.Should().BeGreaterThan(100_000, "a large answer passes through whole");
    }

    [Theory]
    [InlineData("/api/schools")]
    [InlineData("/api/no-such-route")]
    [InlineData("/health/live")]
    [InlineData("/swagger/v1/swagger.json")]
    public async Task Every_answer_says_nosniff_and_names_no_server(string path)
    {
        var response = await api.Admin().GetAsync(path);

        response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff).Should().BeTrue();
        nosniff!.Single().Should().Be("nosniff");
        response.Headers.Contains("Server").Should().BeFalse("the server does not advertise itself");
    }

    [Theory]
    [InlineData("/api/schools")]
    [InlineData("/api/no-such-route")]
    public async Task Api_answers_are_never_cached(string path)
    {
        var response = await api.Admin().GetAsync(path);

        response.Headers.CacheControl!.NoStore.Should().BeTrue("personal data and notes must not be kept by browsers or proxies");
    }

    [Fact]
    public async Task Html_has_a_content_security_policy_that_still_lets_swagger_ui_load_its_own_scripts()
    {
        var response = await api.CreateClient().GetAsync("/swagger/index.html");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        policy.Should().Contain("default-src 'none'").And.Contain("script-src 'self'").And.Contain("frame-ancestors 'none'");
        policy.Should().NotContain("unsafe-eval");
    }
}
