using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace PersonalTutoring.BuildingBlocks.Auth;

/// <summary>A validly signed token that expires further ahead than <c>Authentication:MaxTokenLifetimeHours</c> allows.</summary>
public sealed class TokenLifetimeTooLongException(TimeSpan maximum)
    : SecurityTokenValidationException($"The token expires more than {maximum.TotalHours:0.##} h from now, the longest lifetime accepted.");

/// <summary>
/// What the JwtBearer handler does beyond validating a token: refuse lifetimes over the maximum, read roles and schools
/// from the configured claims, and say why a token was refused (RFC 6750 header and a problem body).
/// </summary>
internal sealed class TokenEvents : JwtBearerEvents
{
    private readonly AuthenticationSettings settings;

    public TokenEvents(AuthenticationSettings settings)
    {
        this.settings = settings;
        OnTokenValidated = Validated;
        OnChallenge = ChallengeAsync;
    }

    private Task Validated(TokenValidatedContext context)
    {
        var now = context.Options.TimeProvider?.GetUtcNow() ?? DateTimeOffset.UtcNow;
        var expires = new DateTimeOffset(DateTime.SpecifyKind(context.SecurityToken.ValidTo, DateTimeKind.Utc));
        if (expires - now > settings.MaxTokenLifetime + context.Options.TokenValidationParameters.ClockSkew)
        {
            context.Fail(new TokenLifetimeTooLongException(settings.MaxTokenLifetime));
            return Task.CompletedTask;
        }
        context.Principal = Normalise(context.Principal!, settings);
        return Task.CompletedTask;
    }

    /// <summary>
    /// One identity whose <c>role</c> and <c>school</c> claims come from the configured claim names, so policies and
    /// <see cref="CurrentUser"/> read one shape whatever the provider calls them.
    /// </summary>
    internal static ClaimsPrincipal Normalise(ClaimsPrincipal principal, AuthenticationSettings settings)
    {
        var source = principal.Claims.ToList();
        var claims = source.Where(c => c.Type is not (TutoringClaims.Role or TutoringClaims.School)).ToList();
        claims.AddRange(Values(source, settings.RoleClaim).Select(v => new Claim(TutoringClaims.Role, v)));
        claims.AddRange(Values(source, settings.SchoolClaim).Select(v => new Claim(TutoringClaims.School, v)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, JwtAuthentication.Scheme, TutoringClaims.Subject, TutoringClaims.Role));
    }

    /// <summary>A claim's values; <c>a.b</c> reads member <c>b</c> of the JSON claim <c>a</c> (Keycloak's <c>realm_access.roles</c>).</summary>
    private static IEnumerable<string> Values(IReadOnlyList<Claim> claims, string name)
    {
        var direct = claims.Where(c => c.Type == name).Select(c => c.Value).ToList();
        if (direct.Count > 0 || !name.Contains('.')) return direct;
        var dot = name.IndexOf('.');
        var values = new List<string>();
        foreach (var container in claims.Where(c => c.Type == name[..dot]))
        {
            try
            {
                using var json = JsonDocument.Parse(container.Value);
                if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(name[(dot + 1)..], out var member))
                    values.AddRange(member.ValueKind == JsonValueKind.Array
                        ? member.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)
                        : member.ValueKind == JsonValueKind.String ? [member.GetString()!] : []);
            }
            catch (JsonException) { }
        }
        return values;
    }

    private static async Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var failure = context.AuthenticateFailure;
        var description = failure is null ? "A bearer token is required: send Authorization: Bearer <token>." : Describe(failure);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = failure is null
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{description.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"";
        var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized.",
                Detail = description,
                Type = "https://httpstatuses.io/401",
            },
        });
    }

    /// <summary>Why a token was refused, in words a client developer can act on (the library's own messages hide the details).</summary>
    internal static string Describe(Exception failure) => failure switch
    {
        TokenLifetimeTooLongException t => t.Message,
        SecurityTokenExpiredException e => $"The token expired at {e.Expires.ToString("u", CultureInfo.InvariantCulture)}.",
        SecurityTokenNotYetValidException n => $"The token is not valid before {n.NotBefore.ToString("u", CultureInfo.InvariantCulture)}.",
        SecurityTokenNoExpirationException => "The token has no expiry (exp).",
        SecurityTokenInvalidAudienceException => "The token was not issued for this API (its audience is wrong).",
        SecurityTokenInvalidIssuerException => "The token was not issued by the configured authority.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The token's signature is not valid.",
        SecurityTokenMalformedException or ArgumentException => "The token is not a well-formed JWT.",
        _ => "The token is not valid.",
    };
}
