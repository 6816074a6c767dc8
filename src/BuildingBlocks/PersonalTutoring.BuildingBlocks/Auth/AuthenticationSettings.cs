using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PersonalTutoring.BuildingBlocks.Auth;

/// <summary>
/// The <c>Authentication</c> section: where tokens come from and how their claims are named (docs/adr/0045). Outside
/// Development tokens come only from the OpenID Connect authority; the development key is refused there.
/// </summary>
public sealed class AuthenticationSettings
{
    public const string Section = "Authentication";

    /// <summary>The university's OpenID Connect provider (its issuer URL); its discovery document gives the keys.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for.</summary>
    public string Audience { get; set; } = "personal-tutoring";

    /// <summary>The claim carrying roles (<c>role</c>; Entra ID: <c>roles</c>; Keycloak: <c>realm_access.roles</c>).</summary>
    public string RoleClaim { get; set; } = TutoringClaims.Role;

    /// <summary>The claim carrying the school codes a user acts for (a dotted path reads inside a JSON claim).</summary>
    public string SchoolClaim { get; set; } = TutoringClaims.School;

    /// <summary>Tokens that expire further ahead than this are refused, however validly signed.</summary>
    public double MaxTokenLifetimeHours { get; set; } = 12;

    /// <summary>The authority's metadata must be fetched over HTTPS; false only for a local test issuer.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Development only: a local HMAC key (32+ bytes) that signs tokens minted by the <c>token</c> verb.</summary>
    public string? DevelopmentSigningKey { get; set; }

    /// <summary>The OAuth client the API docs sign in with (authorization code + PKCE); the docs offer sign-in when set.</summary>
    public string? ApiDocsClientId { get; set; }

    /// <summary>Scopes the API docs ask for, space-separated (e.g. <c>openid api://personal-tutoring/access</c>).</summary>
    public string ApiDocsScopes { get; set; } = "openid";

    /// <summary>The OpenID Connect client the web application signs people in with (authorization code + PKCE); unset: no web sign-in outside Development.</summary>
    public string? WebClientId { get; set; }

    /// <summary>The web client's secret, when the provider issues confidential clients one (from a secret store, never a file).</summary>
    public string? WebClientSecret { get; set; }

    /// <summary>Scopes the web application asks for, space-separated.</summary>
    public string WebScopes { get; set; } = "openid profile";

    public TimeSpan MaxTokenLifetime => TimeSpan.FromHours(MaxTokenLifetimeHours);

    public bool HasAuthority => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The web application signs people in through the authority (docs/adr/0060).</summary>
    public bool HasWebClient => HasAuthority && !string.IsNullOrWhiteSpace(WebClientId);
}

/// <summary>Checks the section at start-up; each failure names the setting and what to do.</summary>
internal sealed class AuthenticationSettingsValidator(IHostEnvironment environment) : IValidateOptions<AuthenticationSettings>
{
    public ValidateOptionsResult Validate(string? name, AuthenticationSettings settings)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(settings.Audience))
            failures.Add("Authentication:Audience is empty: set the audience your identity provider issues tokens for.");
        if (string.IsNullOrWhiteSpace(settings.RoleClaim) || string.IsNullOrWhiteSpace(settings.SchoolClaim))
            failures.Add("Authentication:RoleClaim and Authentication:SchoolClaim must name a claim (defaults: role, school).");
        if (settings.MaxTokenLifetimeHours is <= 0 or > 24 * 30)
            failures.Add($"Authentication:MaxTokenLifetimeHours is {settings.MaxTokenLifetimeHours}: give a number of hours between 0 and 720.");
        if (settings.HasAuthority)
        {
            if (!Uri.TryCreate(settings.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
                failures.Add($"Authentication:Authority '{settings.Authority}' is not an absolute http(s) URL.");
            else if (authority.Scheme == "http" && settings.RequireHttpsMetadata)
                failures.Add($"Authentication:Authority '{settings.Authority}' is not HTTPS; use the provider's https:// issuer URL.");
        }
        if (environment.IsDevelopment())
        {
            if (!string.IsNullOrEmpty(settings.DevelopmentSigningKey) && Encoding.UTF8.GetByteCount(settings.DevelopmentSigningKey) < 32)
                failures.Add("Authentication:DevelopmentSigningKey is shorter than 32 bytes.");
        }
        else
        {
            if (!settings.HasAuthority)
                failures.Add($"Authentication:Authority is not set: outside Development ({environment.EnvironmentName}) tokens come only from your OpenID Connect provider; set Authentication__Authority to its issuer URL.");
            if (!string.IsNullOrEmpty(settings.DevelopmentSigningKey))
                failures.Add($"Authentication:DevelopmentSigningKey is set outside Development ({environment.EnvironmentName}): remove it; development tokens are accepted only in Development.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
