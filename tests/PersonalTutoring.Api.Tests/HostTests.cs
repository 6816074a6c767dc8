using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace PersonalTutoring.Api.Tests;

public sealed class HostTests(TutoringApiFactory api) : IClassFixture<TutoringApiFactory>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_without_a_token(string path)
    {
        var health = await api.CreateClient().GetAsync(path).ShouldBe(HttpStatusCode.OK);

        health.GetProperty("status").GetString().Should().Be("Healthy");
    }

    [Fact]
    public async Task Readiness_reports_the_database_and_the_daemon()
    {
        var health = await api.CreateClient().GetAsync("/health/ready").ShouldBe(HttpStatusCode.OK);

        health.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().Should().Be("Healthy");
        health.GetProperty("checks").GetProperty("projections").GetProperty("description").GetString().Should().Contain("daemon");
    }

    [Fact]
    public async Task The_api_description_is_public_declares_the_bearer_scheme_and_summarises_every_operation()
    {
        var doc = await api.CreateClient().GetAsync("/swagger/v1/swagger.json").ShouldBe(HttpStatusCode.OK);

        doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString().Should().Be("bearer");
        var operations = doc.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Path: path.Name, Verb: op.Name, Op: op.Value))).ToList();
        operations.Should().NotBeEmpty();
        operations.Where(o => !HasSummary(o.Op)).Select(o => $"{o.Verb} {o.Path}").Should().BeEmpty("every endpoint documents what it does");
        operations.Where(o => !HasOneTag(o.Op)).Select(o => $"{o.Verb} {o.Path}").Should().BeEmpty("one tag per module");
        (await api.CreateClient().GetAsync("/swagger/index.html")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Writes_that_honour_if_match_document_the_header_and_412_and_no_other_operation_does()
    {
        var doc = await api.CreateClient().GetAsync("/swagger/v1/swagger.json").ShouldBe(HttpStatusCode.OK);
        var operations = doc.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Name: $"{op.Name.ToUpperInvariant()} {path.Name}", Op: op.Value))).ToList();

        var with412 = operations.Where(o => o.Op.GetProperty("responses").TryGetProperty("412", out _)).Select(o => o.Name).ToList();
        var withHeader = operations.Where(o => o.Op.TryGetProperty("parameters", out var ps)
            && ps.EnumerateArray().Any(p => p.GetProperty("in").GetString() == "header" && p.GetProperty("name").GetString() == "If-Match")).Select(o => o.Name).ToList();

        with412.Should().Contain(["PUT /api/schools/{schoolCode}", "PUT /api/students/{studentId}", "POST /api/students/{studentId}/contacts",
            "PUT /api/schools/{schoolCode}/policies/{academicYear}", "POST /api/tutors/{staffId}/unavailability"]);
        with412.Should().HaveCount(77, "every endpoint that compares If-Match with the version it read"); // 43 + Meetings 14 + References 10 + year-end reports 3 + DataProtection 7
        withHeader.Should().BeEquivalentTo(with412);
    }

    [Fact]
    public async Task Every_post_documents_the_idempotency_key_header_and_its_422()
    {
        var doc = await api.CreateClient().GetAsync("/swagger/v1/swagger.json").ShouldBe(HttpStatusCode.OK);
        var posts = doc.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(op => op.Name == "post").Select(op => (Name: path.Name, Op: op.Value))).ToList();

        posts.Should().HaveCountGreaterThan(30);
        posts.Where(p => !(p.Op.TryGetProperty("parameters", out var ps) && ps.EnumerateArray().Any(x => x.GetProperty("name").GetString() == "Idempotency-Key")))
            .Select(p => p.Name).Should().BeEmpty();
        posts.Where(p => !p.Op.GetProperty("responses").TryGetProperty("422", out _)).Select(p => p.Name).Should().BeEmpty();
    }

    private static bool HasSummary(JsonElement op) => op.TryGetProperty("summary", out var s) && s.GetString()!.Length > 10;

    private static bool HasOneTag(JsonElement op) => op.TryGetProperty("tags", out var t) && t.GetArrayLength() == 1;

    [Fact]
    public void Every_endpoint_but_health_and_the_api_docs_demands_an_authorization_policy()
    {
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        endpoints.Should().NotBeEmpty();
        var open = endpoints.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(e => e.RoutePattern.RawText).ToList();
        // Calendar applications cannot send a bearer token: a feed's secret token in its URL is its credential (docs/adr/0055).
        // The web's sign-in (docs/adr/0060) must be reachable before a session exists, as must what the sign-in page
        // itself loads: the stylesheet and the framework's own scripts (Blazor's static assets, fingerprinted or not).
        string[] signIn = ["/sign-in", "/sign-in/persona", "/sign-in/university", "/web/site.css", "/web/site.js", "/_framework/opaque-redirect"];
        open.Should().OnlyContain(p => p!.StartsWith("/health/") || p == "/api/calendar-feeds/{token}" || signIn.Contains(p) || IsFrameworkScript(p),
            "only health, calendar feeds, the web's sign-in and its static assets are anonymous (Swagger is middleware)");
        var unguarded = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Where(e => !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => !string.IsNullOrEmpty(a.Policy)))
            .Select(e => $"{string.Join(",", e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])} {e.RoutePattern.RawText}")
            .ToList();
        unguarded.Should().BeEmpty("every endpoint names its authorization policy");
    }

    private static bool IsFrameworkScript(string path) =>
        System.Text.RegularExpressions.Regex.IsMatch(path, @"^_framework/blazor\.(web|server)(\.[a-z0-9]+)?\.js(\.gz)?$");

    [Fact]
    public async Task A_request_without_a_token_is_a_401_problem()
    {
        await (await api.CreateClient().GetAsync("/api/admin/projections")).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_a_401_problem()
    {
        var client = api.CreateClient();
        var forged = JwtAuthentication.MintDevelopmentToken("some-other-key-that-is-long-enough-000000000", "admin-1", [Roles.Admin]);
        client.DefaultRequestHeaders.Authorization = new("Bearer", forged);

        await (await client.GetAsync("/api/admin/projections")).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_expired_token_is_a_401_problem()
    {
        var client = api.CreateClient();
        var expired = JwtAuthentication.MintDevelopmentToken(TutoringApiFactory.SigningKey, "admin-1", [Roles.Admin],
            lifetime: TimeSpan.FromHours(1), now: DateTimeOffset.UtcNow.AddHours(-3));
        client.DefaultRequestHeaders.Authorization = new("Bearer", expired);

        await (await client.GetAsync("/api/admin/projections")).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(Roles.Student)]
    [InlineData(Roles.Tutor)]
    [InlineData(Roles.SeniorTutor)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Dean)]
    [InlineData(Roles.Governance)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Integration)]
    public async Task Only_admins_operate_the_projection_daemon(string role)
    {
        await (await api.ClientFor(role, "someone").GetAsync("/api/admin/projections")).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(role, "someone").PostJson("/api/admin/message-dead-letters/discard", new { ids = new[] { Guid.NewGuid() } }))
            .ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Discarding_dead_letters_names_between_1_and_1000_of_them()
    {
        var admin = api.Admin();

        await (await admin.PostJson("/api/admin/message-dead-letters/discard", new { ids = Array.Empty<Guid>() })).ShouldBeProblem(HttpStatusCode.BadRequest);
        (await admin.PostJson("/api/admin/message-dead-letters/discard", new { ids = new[] { Guid.NewGuid() } })).StatusCode.Should().Be(HttpStatusCode.NoContent,
            "an id no longer among the dead letters is already discarded");
    }

    [Fact]
    public async Task Admins_see_every_projection_and_can_rebuild_one()
    {
        var admin = api.Admin();

        var projections = await admin.GetAsync("/api/admin/projections").ShouldBe(HttpStatusCode.OK);
        projections.EnumerateArray().Select(p => p.GetProperty("name").GetString()).Should().Contain("governance-schools");
        var rebuilt = await admin.PostAsync("/api/admin/projections/governance-schools/rebuild", null).ShouldBe(HttpStatusCode.OK);
        rebuilt.GetProperty("projection").GetString().Should().Be("governance-schools");
        await (await admin.PostAsync("/api/admin/projections/no-such-thing/rebuild", null)).ShouldBeProblem(HttpStatusCode.NotFound);
        await admin.GetAsync("/api/admin/dead-letters").ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        await (await api.Admin().GetAsync("/api/nothing-here")).ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
