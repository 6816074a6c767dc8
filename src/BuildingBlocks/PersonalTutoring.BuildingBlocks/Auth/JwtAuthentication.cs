using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace PersonalTutoring.BuildingBlocks.Auth;

/// <summary>
/// Bearer-token authentication. In production tokens come from the university's OpenID Connect provider
/// (<c>Authentication:Authority</c>, <c>Authentication:Audience</c>); in development a local symmetric key
/// (<c>Authentication:DevelopmentSigningKey</c>) signs tokens minted by the <c>token</c> CLI verb.
/// We validate with Microsoft.IdentityModel directly because the JwtBearer package cannot be restored here
/// (docs/adr/0005-authentication-and-authorization.md).
/// </summary>
public sealed class JwtAuthenticationOptions : AuthenticationSchemeOptions
{
    public const string Scheme = "Bearer";
    public const string DevelopmentIssuer = "personal-tutoring-dev";

    public string? Authority { get; set; }
    public string Audience { get; set; } = "personal-tutoring";
    public string? DevelopmentSigningKey { get; set; }
    public bool AllowDevelopmentKey { get; set; }

    internal TokenValidationParameters? Parameters { get; set; }
}

public static class JwtAuthentication
{
    public static IServiceCollection AddTutoringAuthentication(this IServiceCollection services, IConfiguration configuration, bool isDevelopment)
    {
        services.AddAuthentication(JwtAuthenticationOptions.Scheme)
            .AddScheme<JwtAuthenticationOptions, JwtBearerTokenHandler>(JwtAuthenticationOptions.Scheme, o =>
            {
                var section = configuration.GetSection("Authentication");
                o.Authority = section["Authority"];
                o.Audience = section["Audience"] ?? o.Audience;
                o.DevelopmentSigningKey = section["DevelopmentSigningKey"];
                o.AllowDevelopmentKey = isDevelopment || section.GetValue<bool>("AllowDevelopmentKey");
                o.Parameters = Parameters(o);
            });
        return services;
    }

    internal static TokenValidationParameters Parameters(JwtAuthenticationOptions o)
    {
        var parameters = new TokenValidationParameters
        {
            ValidAudience = o.Audience,
            NameClaimType = TutoringClaims.Subject,
            RoleClaimType = TutoringClaims.Role,
            ClockSkew = TimeSpan.FromMinutes(1),
            ValidateLifetime = true,
            RequireExpirationTime = true,
        };
        if (!string.IsNullOrWhiteSpace(o.Authority))
        {
            var metadata = o.Authority.TrimEnd('/') + "/.well-known/openid-configuration";
            parameters.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                metadata, new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever { RequireHttps = metadata.StartsWith("https", StringComparison.Ordinal) });
            parameters.ValidIssuer = o.Authority.TrimEnd('/');
        }
        else if (o.AllowDevelopmentKey && SigningKey(o.DevelopmentSigningKey) is { } key)
        {
            parameters.IssuerSigningKey = key;
            parameters.ValidIssuer = JwtAuthenticationOptions.DevelopmentIssuer;
        }
        else
        {
            // Nothing can be validated: every token is rejected (401), which is the safe default.
            parameters.IssuerSigningKey = new SymmetricSecurityKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            parameters.ValidIssuer = "nobody";
        }
        return parameters;
    }

    public static SymmetricSecurityKey? SigningKey(string? configured) =>
        string.IsNullOrWhiteSpace(configured) || Encoding.UTF8.GetByteCount(configured) < 32
            ? null
            : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configured));

    /// <summary>Mints a development token signed with the local key (the <c>token</c> verb and the tests use it).</summary>
    public static string MintDevelopmentToken(string signingKey, string subject, IEnumerable<string> roles, IEnumerable<string>? schools = null,
        TimeSpan? lifetime = null, string audience = "personal-tutoring", DateTimeOffset? now = null)
    {
        var key = SigningKey(signingKey) ?? throw new InvalidOperationException("The development signing key must be at least 32 bytes.");
        var issued = (now ?? DateTimeOffset.UtcNow).UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [TutoringClaims.Subject] = subject,
            [TutoringClaims.Role] = roles.ToArray(),
        };
        var schoolList = schools?.ToArray() ?? [];
        if (schoolList.Length > 0) claims[TutoringClaims.School] = schoolList;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = JwtAuthenticationOptions.DevelopmentIssuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = issued + (lifetime ?? TimeSpan.FromHours(8)),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}

internal sealed class JwtBearerTokenHandler(IOptionsMonitor<JwtAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<JwtAuthenticationOptions>(options, logger, encoder)
{
    private static readonly JsonWebTokenHandler Tokens = new() { MapInboundClaims = false };

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        var result = await Tokens.ValidateTokenAsync(token, Options.Parameters!);
        if (!result.IsValid)
            return AuthenticateResult.Fail(result.Exception?.Message ?? "The token is not valid.");
        var principal = new ClaimsPrincipal(result.ClaimsIdentity);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
