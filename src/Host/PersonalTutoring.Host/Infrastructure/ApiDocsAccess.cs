using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using PersonalTutoring.BuildingBlocks.Auth;
using Swashbuckle.AspNetCore.SwaggerGen;
using Swashbuckle.AspNetCore.SwaggerUI;

namespace PersonalTutoring.Host.Infrastructure;

/// <summary>
/// Who may read the API docs, and how they sign in from them. Outside Development the docs need a signed-in Admin
/// (issue 10, item 17); with an OpenID Connect authority configured, the document declares its authorization-code
/// flow and Swagger UI signs in with PKCE.
/// </summary>
internal static class ApiDocsAccess
{
    public const string OAuthScheme = "oauth2";

    public static IServiceCollection AddApiDocsSignIn(this IServiceCollection services)
    {
        services.AddOptions<SwaggerGenOptions>().Configure<IOptions<AuthenticationSettings>, IOptionsMonitor<JwtBearerOptions>, ILoggerFactory>(
            (swagger, settings, bearer, logs) =>
            {
                if (!settings.Value.HasAuthority) return;
                var endpoints = Endpoints(bearer, logs.CreateLogger(typeof(ApiDocsAccess)));
                if (endpoints is null) return;
                var scopes = Scopes(settings.Value).ToDictionary(s => s, s => s == "openid" ? "Sign in." : $"Scope {s}.");
                swagger.AddSecurityDefinition(OAuthScheme, new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.OAuth2,
                    Description = "Sign in with the university's identity provider (authorization code with PKCE).",
                    Flows = new OpenApiOAuthFlows
                    {
                        AuthorizationCode = new OpenApiOAuthFlow
                        {
                            AuthorizationUrl = endpoints.Value.Authorize,
                            TokenUrl = endpoints.Value.Token,
                            Scopes = scopes,
                        },
                    },
                });
                swagger.AddSecurityRequirement(document => new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(OAuthScheme, document)] = [.. scopes.Keys],
                });
            });
        // Swagger UI reads its options while the pipeline is built, before the settings are validated at start-up (whose
        // failures are reported together): it reads the section itself.
        services.AddOptions<SwaggerUIOptions>().Configure<IConfiguration>((ui, configuration) =>
        {
            var settings = configuration.GetSection(AuthenticationSettings.Section).Get<AuthenticationSettings>() ?? new AuthenticationSettings();
            if (!settings.HasAuthority) return;
            if (settings.ApiDocsClientId is { Length: > 0 } client) ui.OAuthClientId(client);
            ui.OAuthScopes([.. Scopes(settings)]);
            ui.OAuthUsePkce();
        });
        return services;
    }

    /// <summary>Outside Development, <c>/swagger</c> answers 401 to the anonymous and 403 to anyone but an Admin.</summary>
    public static void UseApiDocsAccess(this WebApplication app)
    {
        if (app.Environment.IsDevelopment()) return;
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/swagger"), docs => docs.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated != true) await context.ChallengeAsync();
            else if (!context.User.IsInRole(Roles.Admin)) await context.ForbidAsync();
            else await next(context);
        }));
    }

    private static IEnumerable<string> Scopes(AuthenticationSettings settings) =>
        settings.ApiDocsScopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct();

    /// <summary>The provider's endpoints, from the discovery document the bearer handler already fetched (and caches).</summary>
    private static (Uri Authorize, Uri Token)? Endpoints(IOptionsMonitor<JwtBearerOptions> bearer, ILogger logger)
    {
        try
        {
            var metadata = bearer.Get(JwtAuthentication.Scheme).ConfigurationManager?.GetConfigurationAsync(CancellationToken.None).GetAwaiter().GetResult();
            if (metadata is { AuthorizationEndpoint.Length: > 0, TokenEndpoint.Length: > 0 })
                return (new Uri(metadata.AuthorizationEndpoint), new Uri(metadata.TokenEndpoint));
            logger.LogWarning("The authority's metadata names no authorization or token endpoint: the API docs offer no sign-in.");
        }
        catch (InvalidOperationException e)
        {
            logger.LogWarning(e, "The authority's metadata could not be read: the API docs offer no sign-in.");
        }
        return null;
    }
}
