using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PersonalTutoring.BuildingBlocks.Auth;

/// <summary>
/// Bearer tokens through ASP.NET Core's JwtBearer handler (docs/adr/0045): from the OpenID Connect authority when one
/// is configured; in Development, with none, tokens signed by the local development key (the <c>token</c> verb).
/// </summary>
public static class JwtAuthentication
{
    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;
    public const string DevelopmentIssuer = "personal-tutoring-dev";

    public static IServiceCollection AddTutoringAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthenticationSettings>().Bind(configuration.GetSection(AuthenticationSettings.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthenticationSettings>, AuthenticationSettingsValidator>();
        services.AddAuthentication(Scheme).AddJwtBearer(Scheme, _ => { });
        services.AddOptions<JwtBearerOptions>(Scheme).Configure<IOptions<AuthenticationSettings>, IHostEnvironment>(
            (o, settings, environment) => Configure(o, settings.Value, environment.IsDevelopment()));
        services.AddHostedService<AuthorityCheck>();
        return services;
    }

    private static void Configure(JwtBearerOptions o, AuthenticationSettings settings, bool development)
    {
        o.MapInboundClaims = false; // claims keep the names the provider gave them (sub, role, …)
        // A token's validity is wall-clock time, whatever clock the business logic runs on (tests move that one).
        o.TimeProvider = TimeProvider.System;
        o.Audience = settings.Audience;
        o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        o.TokenValidationParameters = new TokenValidationParameters
        {
            ValidAudience = settings.Audience,
            NameClaimType = TutoringClaims.Subject,
            RoleClaimType = TutoringClaims.Role,
            ClockSkew = TimeSpan.FromMinutes(1),
            RequireExpirationTime = true,
            ValidateLifetime = true,
        };
        if (settings.HasAuthority)
            o.Authority = settings.Authority!.TrimEnd('/');
        else if (development && SigningKey(settings.DevelopmentSigningKey) is { } key)
        {
            o.TokenValidationParameters.IssuerSigningKey = key;
            o.TokenValidationParameters.ValidIssuer = DevelopmentIssuer;
        }
        else
        {
            // Nothing can be validated (only reachable in Development: elsewhere start-up requires an authority).
            o.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
            o.TokenValidationParameters.ValidIssuer = "nobody";
        }
        o.Events = new TokenEvents(settings);
    }

    /// <summary>
    /// A principal from the identity provider (a bearer token, or the web application's OpenID Connect sign-in) with its
    /// roles and schools read from the configured claims, so both read one shape.
    /// </summary>
    public static System.Security.Claims.ClaimsPrincipal NormaliseClaims(System.Security.Claims.ClaimsPrincipal principal, AuthenticationSettings settings) =>
        TokenEvents.Normalise(principal, settings);

    public static SymmetricSecurityKey? SigningKey(string? configured) =>
        string.IsNullOrWhiteSpace(configured) || Encoding.UTF8.GetByteCount(configured) < 32
            ? null
            : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configured));

    /// <summary>Mints a development token signed with the local key (the <c>token</c> verb and the tests use it).</summary>
    public static string MintDevelopmentToken(string signingKey, string subject, IEnumerable<string> roles, IEnumerable<string>? schools = null,
        TimeSpan? lifetime = null, string audience = "personal-tutoring", DateTimeOffset? now = null,
        string roleClaim = TutoringClaims.Role, string schoolClaim = TutoringClaims.School)
    {
        var key = SigningKey(signingKey) ?? throw new InvalidOperationException("The development signing key must be at least 32 bytes.");
        var issued = (now ?? DateTimeOffset.UtcNow).UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [TutoringClaims.Subject] = subject,
            [roleClaim] = roles.ToArray(),
        };
        var schoolList = schools?.ToArray() ?? [];
        if (schoolList.Length > 0) claims[schoolClaim] = schoolList;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = DevelopmentIssuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = issued + (lifetime ?? TimeSpan.FromHours(8)),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
