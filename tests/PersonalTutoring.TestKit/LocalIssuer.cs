using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PersonalTutoring.TestKit;

/// <summary>
/// A small OpenID Connect issuer on 127.0.0.1 for tests and benchmarks that run the host outside Development: it
/// publishes a discovery document and an RSA key, and mints tokens signed with it. <see cref="Metadata"/> can be
/// replaced to serve broken metadata.
/// </summary>
public sealed class LocalIssuer : IAsyncDisposable
{
    private readonly RSA rsa = RSA.Create(2048);
    private readonly WebApplication app;

    private LocalIssuer(WebApplication app)
    {
        this.app = app;
        Key = new RsaSecurityKey(rsa) { KeyId = "local-issuer-key" };
    }

    public string Url { get; private set; } = "";

    public RsaSecurityKey Key { get; }

    /// <summary>What <c>/.well-known/openid-configuration</c> answers; by default a valid document.</summary>
    public Func<LocalIssuer, object> Metadata { get; set; } = Valid;

    public static async Task<LocalIssuer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var issuer = new LocalIssuer(builder.Build());
        issuer.app.MapGet("/.well-known/openid-configuration", () => Results.Json(issuer.Metadata(issuer)));
        issuer.app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(issuer.rsa.ExportParameters(false)) { KeyId = issuer.Key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        await issuer.app.StartAsync();
        issuer.Url = issuer.app.Urls.First();
        return issuer;
    }

    public static object Valid(LocalIssuer issuer) => new
    {
        issuer = issuer.Url,
        jwks_uri = $"{issuer.Url}/jwks",
        authorization_endpoint = $"{issuer.Url}/authorize",
        token_endpoint = $"{issuer.Url}/token",
        response_types_supported = new[] { "code" },
        subject_types_supported = new[] { "public" },
        id_token_signing_alg_values_supported = new[] { "RS256" },
    };

    /// <summary>A token from this issuer; <paramref name="claims"/> are added as given (claim name → string or string[]).</summary>
    public string Mint(string subject, IReadOnlyDictionary<string, object> claims, TimeSpan? lifetime = null, string audience = "personal-tutoring",
        DateTimeOffset? now = null)
    {
        var issued = (now ?? DateTimeOffset.UtcNow).UtcDateTime;
        var all = new Dictionary<string, object>(claims) { ["sub"] = subject };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Url,
            Audience = audience,
            Claims = all,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = issued + (lifetime ?? TimeSpan.FromHours(1)),
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>A token carrying the given roles (and schools) in the default <c>role</c>/<c>school</c> claims.</summary>
    public string Mint(string subject, string[] roles, string[]? schools = null, TimeSpan? lifetime = null) =>
        Mint(subject, schools is { Length: > 0 } ? new Dictionary<string, object> { ["role"] = roles, ["school"] = schools } : new Dictionary<string, object> { ["role"] = roles }, lifetime);

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        rsa.Dispose();
    }
}
