using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PersonalTutoring.BuildingBlocks.Auth;

namespace PersonalTutoring.Web.SignIn;

/// <summary>
/// The web application's session (docs/adr/0060): a cookie, issued after OpenID Connect sign-in against the API's own
/// authority, or in Development after choosing a demo persona. The API stays bearer-only: the cookie is never a
/// credential for <c>/api</c>, so no API endpoint can be driven by a forged cross-site form.
/// </summary>
public static class WebAuthentication
{
    public const string CookieScheme = "tutoring-web";
    public const string OidcScheme = "tutoring-web-oidc";

    public static IServiceCollection AddWebAuthentication(this IServiceCollection services, AuthenticationSettings settings)
    {
        var authentication = services.AddAuthentication();
        authentication.AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = "tutoring-session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/sign-in";
            o.LogoutPath = "/sign-out";
            o.AccessDeniedPath = "/access-denied";
            o.ExpireTimeSpan = settings.MaxTokenLifetime < TimeSpan.FromHours(8) ? settings.MaxTokenLifetime : TimeSpan.FromHours(8);
            o.SlidingExpiration = false;
        });
        if (settings.HasWebClient)
            authentication.AddOpenIdConnect(OidcScheme, o =>
            {
                o.SignInScheme = CookieScheme;
                o.Authority = settings.Authority!.TrimEnd('/');
                o.ClientId = settings.WebClientId;
                o.ClientSecret = settings.WebClientSecret;
                o.ResponseType = "code";
                o.UsePkce = true;
                o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
                o.MapInboundClaims = false;
                o.GetClaimsFromUserInfoEndpoint = false;
                o.SaveTokens = false;
                o.CallbackPath = "/signin-oidc";
                o.SignedOutCallbackPath = "/signout-callback-oidc";
                o.Scope.Clear();
                foreach (var scope in settings.WebScopes.Split(' ', StringSplitOptions.RemoveEmptyEntries)) o.Scope.Add(scope);
                o.TokenValidationParameters.NameClaimType = TutoringClaims.Subject;
                o.TokenValidationParameters.RoleClaimType = TutoringClaims.Role;
                o.Events.OnTokenValidated = context =>
                {
                    // Roles and schools from the configured claim names, exactly as for the API's bearer tokens.
                    var normalised = JwtAuthentication.NormaliseClaims(context.Principal!, settings);
                    context.Principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(normalised.Claims, CookieScheme,
                        TutoringClaims.Subject, TutoringClaims.Role));
                    return Task.CompletedTask;
                };
            });
        return services;
    }

    /// <summary>Sign-in and sign-out; each POST carries an anti-forgery token, which ASP.NET Core checks because it binds a form.</summary>
    public static IEndpointRouteBuilder MapWebSignIn(this IEndpointRouteBuilder app)
    {
        app.MapPost("/sign-in/persona", async ([FromForm] string persona, HttpContext http, IHostEnvironment environment) =>
            {
                if (!environment.IsDevelopment()) return Results.NotFound();
                if (Personas.Find(persona) is not { } chosen) return Results.Redirect("/sign-in?unknown=1");
                await http.SignInAsync(CookieScheme, chosen.Principal());
                return Results.Redirect(chosen.Home);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();

        app.MapGet("/sign-in/university", (string? returnUrl, IOptions<AuthenticationSettings> settings) =>
                settings.Value.HasWebClient
                    ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOrHome(returnUrl) }, [OidcScheme])
                    : Results.NotFound())
            .AllowAnonymous()
            .ExcludeFromDescription();

        app.MapPost("/sign-out", async ([FromForm] string? returnUrl, HttpContext http, IOptions<AuthenticationSettings> settings) =>
            {
                await http.SignOutAsync(CookieScheme);
                if (settings.Value.HasWebClient)
                    return Results.SignOut(new AuthenticationProperties { RedirectUri = "/sign-in?signedOut=1" }, [OidcScheme]);
                return Results.Redirect("/sign-in?signedOut=1");
            })
            .RequireAuthorization(WebPolicies.Session)
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>Only a path on this site: never an open redirect.</summary>
    public static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 1 } url && url[0] == '/' && url[1] is not ('/' or '\\') ? url : "/";
}
