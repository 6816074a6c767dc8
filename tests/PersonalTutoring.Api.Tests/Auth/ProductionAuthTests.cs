using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;

namespace PersonalTutoring.Api.Tests.Auth;

/// <summary>The host in Production, trusting a local OpenID Connect issuer whose roles and schools arrive in claims of other names.</summary>
public sealed class ProductionApi : TutoringApiFactory
{
    public LocalIssuer Issuer { get; private set; } = null!;

    protected override string Environment => "Production";

    public override async Task InitializeAsync()
    {
        Issuer = await LocalIssuer.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Issuer is not null) await Issuer.DisposeAsync();
    }

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Authentication:Authority", Issuer.Url);
        builder.UseSetting("Authentication:RequireHttpsMetadata", "false");
        builder.UseSetting("Authentication:RoleClaim", "roles");
        builder.UseSetting("Authentication:SchoolClaim", "realm_access.schools");
        builder.UseSetting("Authentication:ApiDocsClientId", "tutoring-docs");
        builder.UseSetting("Authentication:ApiDocsScopes", "openid tutoring.api");
        builder.UseSetting("Allocation:Mail:From", "personal-tutoring@uni.test"); // outside Development mail needs a relay;
        builder.UseSetting("Allocation:Mail:Smtp:Host", "127.0.0.1");              // these tests send none
    }

    public HttpClient With(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public string Token(string subject, string[] roles, TimeSpan? lifetime = null, string audience = "personal-tutoring", DateTimeOffset? now = null) =>
        Issuer.Mint(subject, new Dictionary<string, object> { ["roles"] = roles }, lifetime, audience, now);
}

public sealed class ProductionAuthTests(ProductionApi api) : IClassFixture<ProductionApi>
{
    [Fact]
    public async Task A_token_from_the_authority_with_roles_in_the_configured_claim_is_accepted()
    {
        await api.With(api.Token("admin-1", [Roles.Admin])).GetAsync("/api/admin/projections").ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Roles_in_a_claim_other_than_the_configured_one_grant_nothing()
    {
        var token = api.Issuer.Mint("admin-1", new Dictionary<string, object> { ["role"] = new[] { Roles.Admin } });

        await (await api.With(token).GetAsync("/api/admin/projections")).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Schools_are_read_from_the_configured_claim_path()
    {
        var medOnly = api.Issuer.Mint("st-1", new Dictionary<string, object>
        {
            ["roles"] = new[] { Roles.SeniorTutor },
            ["realm_access"] = new Dictionary<string, object> { ["schools"] = new[] { "MED" } },
        });
        var client = api.With(medOnly);

        (await client.GetAsync("/api/handovers?schoolCode=MED")).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await client.GetAsync("/api/handovers?schoolCode=ENG")).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_token_living_longer_than_the_maximum_is_refused_with_the_reason()
    {
        var response = await api.With(api.Token("admin-1", [Roles.Admin], lifetime: TimeSpan.FromHours(13))).GetAsync("/api/admin/projections");

        var problem = await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        challenge.Should().StartWith("Bearer error=\"invalid_token\"").And.Contain("error_description=\"The token expires more than 12 h from now");
        problem.GetProperty("detail").GetString().Should().Contain("12 h");
    }

    [Fact]
    public async Task A_token_within_the_maximum_lifetime_is_accepted()
    {
        await api.With(api.Token("admin-1", [Roles.Admin], lifetime: TimeSpan.FromHours(11.9))).GetAsync("/api/admin/projections").ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("expired", "The token expired at")]
    [InlineData("audience", "not issued for this API")]
    [InlineData("development-key", "signature is not valid")]
    [InlineData("garbage", "not a well-formed JWT")]
    public async Task A_refused_token_says_why_in_the_challenge_and_the_problem(string kind, string reason)
    {
        var token = kind switch
        {
            "expired" => api.Token("admin-1", [Roles.Admin], TimeSpan.FromHours(1), now: DateTimeOffset.UtcNow.AddHours(-3)),
            "audience" => api.Token("admin-1", [Roles.Admin], audience: "someone-else"),
            "development-key" => JwtAuthentication.MintDevelopmentToken(TutoringApiFactory.SigningKey, "admin-1", [Roles.Admin], roleClaim: "roles"),
            _ => "not.a.jwt",
        };

        var response = await api.With(token).GetAsync("/api/admin/projections");

        var problem = await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Contain("error=\"invalid_token\"").And.Contain(reason);
        problem.GetProperty("detail").GetString().Should().Contain(reason);
    }

    [Fact]
    public async Task No_token_is_a_plain_bearer_challenge()
    {
        var response = await api.CreateClient().GetAsync("/api/admin/projections");

        await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
    }

    [Fact]
    public async Task The_api_docs_need_a_signed_in_admin()
    {
        await (await api.CreateClient().GetAsync("/swagger/v1/swagger.json")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        await (await api.With(api.Token("t-1", [Roles.Tutor])).GetAsync("/swagger/v1/swagger.json")).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.CreateClient().GetAsync("/swagger/index.html")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        await api.With(api.Token("admin-1", [Roles.Admin])).GetAsync("/swagger/v1/swagger.json").ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_api_docs_offer_the_authoritys_authorization_code_flow_with_pkce()
    {
        var admin = api.With(api.Token("admin-1", [Roles.Admin]));

        var doc = await admin.GetAsync("/swagger/v1/swagger.json").ShouldBe(HttpStatusCode.OK);
        var flow = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("oauth2").GetProperty("flows").GetProperty("authorizationCode");
        flow.GetProperty("authorizationUrl").GetString().Should().Be($"{api.Issuer.Url}/authorize");
        flow.GetProperty("tokenUrl").GetString().Should().Be($"{api.Issuer.Url}/token");
        flow.GetProperty("scopes").EnumerateObject().Select(s => s.Name).Should().Equal("openid", "tutoring.api");
        var ui = await (await admin.GetAsync("/swagger/index.js")).Content.ReadAsStringAsync();
        ui.Should().Contain("\"usePkceWithAuthorizationCodeGrant\":true").And.Contain("\"clientId\":\"tutoring-docs\"");
    }

    [Fact]
    public async Task Readiness_details_are_for_a_signed_in_admin_only()
    {
        var anonymous = await api.CreateClient().GetAsync("/health/ready").ShouldBe(HttpStatusCode.OK);
        anonymous.GetProperty("status").GetString().Should().Be("Healthy");
        anonymous.TryGetProperty("checks", out _).Should().BeFalse("the anonymous see the status only");
        var tutor = await api.With(api.Token("t-1", [Roles.Tutor])).GetAsync("/health/ready").ShouldBe(HttpStatusCode.OK);
        tutor.TryGetProperty("checks", out _).Should().BeFalse();

        var admin = await api.With(api.Token("admin-1", [Roles.Admin])).GetAsync("/health/ready").ShouldBe(HttpStatusCode.OK);
        admin.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().Should().Be("Healthy");
    }
}
