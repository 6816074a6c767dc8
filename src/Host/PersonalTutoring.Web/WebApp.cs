using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.Web.Api;
using PersonalTutoring.Web.Components;
using PersonalTutoring.Web.SignIn;

namespace PersonalTutoring.Web;

/// <summary>Who each screen is for. A page's policy is its first gate; the API request it makes applies the API's own rules.</summary>
public static class WebPolicies
{
    /// <summary>Any signed-in session, whatever its roles (the access-denied page).</summary>
    public const string Session = "web.session";
    public const string Signedin = "web.signed-in";
    public const string Tutee = "web.tutee";
    public const string Tutor = "web.tutor";
    public const string School = "web.school";
    public const string Replay = "web.replay";
    public const string Manage = "web.manage";
    public const string SupportTeam = "web.support-team";
    public const string NoteReads = "web.note-reads";

    // The Admin's screens and the data-protection and audit screens (docs/adr/0082): each as the API's rule for its actions.
    public const string Admin = "web.admin";
    public const string Policies = "web.policies";
    public const string Calendars = "web.calendars";
    public const string Notifications = "web.notifications";
    public const string DataProtection = "web.data-protection";
    public const string EventChain = "web.event-chain";

    /// <summary>The university's figures and every school's reporting (the API's governance.university-figures.read).</summary>
    public const string University = "web.university";

    /// <summary>A school's figures and year-end reports (the API's governance.school-figures.read; the API checks the school).</summary>
    public const string Figures = "web.figures";

    /// <summary>The student-route contacts report (the API's contact reports policy).</summary>
    public const string StudentRouteReport = "web.student-route-report";

    internal static void Add(AuthorizationOptions o)
    {
        o.AddPolicy(Session, p => p.AddAuthenticationSchemes(WebAuthentication.CookieScheme).RequireAuthenticatedUser());
        Add(o, Signedin, [.. Roles.All.Where(r => r != Roles.Integration)]);
        Add(o, Tutee, Roles.Student);
        Add(o, Tutor, Roles.Tutor, Roles.SeniorTutor);
        Add(o, School, Roles.SeniorTutor, Roles.Dean, Roles.Admin, Roles.SupportTeam, Roles.Auditor);
        Add(o, Replay, Roles.Auditor, Roles.Admin, Roles.Dean, Roles.SeniorTutor);
        Add(o, Manage, Roles.SeniorTutor, Roles.Admin);
        Add(o, SupportTeam, Roles.SupportTeam);
        Add(o, NoteReads, Roles.Auditor, Roles.Dean);
        Add(o, Admin, Roles.Admin);
        Add(o, Policies, Roles.Admin, Roles.Dean, Roles.SeniorTutor);
        Add(o, Calendars, Roles.Admin, Roles.Dean);
        Add(o, Notifications, Roles.Admin, Roles.Auditor);
        Add(o, DataProtection, Roles.Admin, Roles.Dean, Roles.Auditor);
        Add(o, EventChain, Roles.Auditor, Roles.Admin);
        Add(o, University, Roles.Admin, Roles.Dean, Roles.Governance, Roles.Auditor);
        Add(o, Figures, Roles.Admin, Roles.Dean, Roles.SeniorTutor, Roles.Governance, Roles.Auditor);
        Add(o, StudentRouteReport, Roles.SeniorTutor, Roles.Dean, Roles.Admin, Roles.Auditor);
    }

    // Pages authenticate by the web's cookie only; the API's bearer scheme stays the default for /api.
    private static void Add(AuthorizationOptions o, string name, params string[] roles) => o.AddPolicy(name, p => p
        .AddAuthenticationSchemes(WebAuthentication.CookieScheme).RequireAuthenticatedUser().RequireClaim(TutoringClaims.Subject).RequireRole(roles));
}

/// <summary>The web application's entry points for the host: its services, and its place in the pipeline.</summary>
public static class WebApp
{
    public static IServiceCollection AddTutoringWebApp(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(AuthenticationSettings.Section).Get<AuthenticationSettings>() ?? new AuthenticationSettings();
        services.AddRazorComponents();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "tutoring-antiforgery";
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        });
        services.AddSingleton<ApiPipeline>();
        services.AddScoped<InProcessApi>();
        services.AddWebAuthentication(settings);
        services.AddAuthorization(WebPolicies.Add);
        return services;
    }

    /// <summary>First of all: captures the pipeline that follows, for the pages' in-process API requests.</summary>
    public static IApplicationBuilder UseWebApiPipelineCapture(this IApplicationBuilder app) =>
        ApiPipeline.Capture(app, app.ApplicationServices.GetRequiredService<ApiPipeline>());

    /// <summary>The pages, the stylesheet, sign-in and sign-out. After authorization and <c>UseAntiforgery</c>.</summary>
    public static void MapTutoringWebApp(this IEndpointRouteBuilder app)
    {
        // The framework's script (blazor.web.js: enhanced navigation and forms) from the host's static web assets manifest.
        if (app is IApplicationBuilder builder
            && File.Exists(Path.Combine(AppContext.BaseDirectory, $"{builder.ApplicationServices.GetRequiredService<Microsoft.Extensions.Hosting.IHostEnvironment>().ApplicationName}.staticwebassets.endpoints.json")))
            app.MapStaticAssets().AllowAnonymous();
        app.MapGet("/web/site.css", () => Results.Text(Stylesheet.Value, "text/css; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/web/site.js", () => Results.Text(Script.Value, "text/javascript; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        app.MapWebSignIn();
        Downloads.Map(app);
        app.MapRazorComponents<App>().Add(endpoint =>
        {
            // A page answers its 4xx with its own HTML: the host's status-code pages (problem details for the API) stand
            // aside, or Blazor leaves a 404 page's body to them and the browser gets plain text.
            endpoint.Metadata.Add(OwnStatusPages.Instance);
            // Blazor's redirect to a URL it protected itself during enhanced navigation (e.g. to sign in): reached
            // before a session exists, and no open redirect (the target is data-protected by this host).
            if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: OpaqueRedirect }) endpoint.Metadata.Add(new AllowAnonymousAttribute());
        });
    }

    private const string OpaqueRedirect = "/_framework/opaque-redirect";

    private static readonly Lazy<string> Stylesheet = new(() => Resource("site.css"));

    private static readonly Lazy<string> Script = new(() => Resource("site.js"));

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)!;
        return new StreamReader(stream).ReadToEnd();
    }
}

/// <summary>Endpoint metadata the status-code pages middleware reads: it leaves this endpoint's error responses alone.</summary>
internal sealed class OwnStatusPages : Microsoft.AspNetCore.Http.Metadata.ISkipStatusCodePagesMetadata
{
    public static readonly OwnStatusPages Instance = new();
}
