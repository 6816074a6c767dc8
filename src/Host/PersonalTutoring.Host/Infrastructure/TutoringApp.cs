using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using PersonalTutoring.BuildingBlocks.Audit;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.BuildingBlocks.Messaging;
using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.BuildingBlocks.Telemetry;
using PersonalTutoring.Host.Infrastructure.OpenApi;
using PersonalTutoring.Host.Operations;
using PersonalTutoring.Web;

namespace PersonalTutoring.Host.Infrastructure;

/// <summary>The composition root: the store, the modules, and the HTTP pipeline.</summary>
public static class TutoringApp
{
    public const long MaxRequestBodyBytes = 8 * 1024 * 1024;

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, bool runDaemon = true)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            o.AddServerHeader = false;
            o.ConfigureEndpointDefaults(listen => listen.UseProblemBodiesForServerRefusals());
        });
        builder.Services.AddTutoringCore(builder.Configuration, builder.Environment, runDaemon);
        builder.Services.AddTutoringWeb(builder.Configuration, builder.Environment);
        builder.AddTutoringTelemetry();
        var app = builder.Build();
        // Every setting is checked before anything uses one, so a misconfigured host lists all its mistakes at once.
        try { app.Services.GetService<IStartupValidator>()?.Validate(); }
        catch
        {
            ((IDisposable)app).Dispose();
            throw;
        }
        app.UseTutoringPipeline();
        return app;
    }

    /// <summary>What every entry point needs, web or CLI: the store and messaging with every module's contribution.</summary>
    public static IServiceCollection AddTutoringCore(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment,
        bool runDaemon = true)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddHostSettings(configuration);
        services.AddTutoringMetrics(Telemetry.SampleInterval(configuration)); // modules add instruments, web or CLI
        services.AddHostedService<MigrateOnStartup>(); // before the daemon and Wolverine: hosted services start in order
        var projections = configuration.GetSection(ProjectionSettings.Section).Get<ProjectionSettings>() ?? new ProjectionSettings();
        var settings = new StoreSettings { DaemonEnabled = runDaemon && projections.DaemonEnabled };
        if (projections.PollSeconds > 0) settings.PollInterval = TimeSpan.FromSeconds(projections.PollSeconds);
        services.AddSubjectKeys(configuration, sp => DatabaseLocator.Resolve(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>()));
        services.AddTutoringStore(sp => DatabaseLocator.Resolve(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>()), settings);
        services.AddEventChain(configuration); // after the migrate step: hosted services start in order
        services.AddTutoringMessaging(typeof(Program).Assembly, environment.IsDevelopment());
        services.AddResourceAccess();
        services.AddIdempotencyKeys(configuration);
        foreach (var module in ModuleCatalog.Modules) module.AddServices(services, configuration);
        return services;
    }

    private static void AddTutoringWeb(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<IEventMetadataProvider, RequestEventMetadata>();
        services.AddTutoringProblemDetails();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new StrictEnums.Converter());
            o.SerializerOptions.Converters.Add(new UnsafeText.Converter());
            o.SerializerOptions.Converters.Add(new ApiPersonalTextConverter()); // its text or "[erased]", never the ciphertext
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddTutoringAuthentication(configuration);
        services.AddAuthorization(o =>
        {
            o.AddTutoringPolicies();
            foreach (var module in ModuleCatalog.Modules) module.AddPolicies(o);
        });
        services.AddTutoringHealthChecks();
        services.AddTutoringOpenApi();
        services.AddApiDocsSignIn();
        services.AddTutoringWebApp(configuration); // the web application's pages (docs/adr/0059)
    }

    private static void UseTutoringPipeline(this WebApplication app)
    {
        app.UseWebApiPipelineCapture(); // the pages send their API requests through everything below (docs/adr/0059)
        app.UseRouting();
        app.UseSecurityHeaders();
        app.UseTutoringProblemDetails();
        app.UseUnsafeTextGuard(); // route, query and the headers we read: no control characters (issue 10 item 1)
        app.Use(async (context, next) =>
        {
            // The same limit under every server (Kestrel enforces it too), so an oversized body is a 413, not a 500.
            if (context.Request.ContentLength > MaxRequestBodyBytes)
                throw new BadHttpRequestException($"The body exceeds {MaxRequestBodyBytes / (1024 * 1024)} MiB.", StatusCodes.Status413PayloadTooLarge);
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxRequestBodyBytes;
            await next(context);
        });
        app.UseAuthentication();
        app.UseApiDocsAccess(); // outside Development, an Admin's only
        app.MapTutoringOpenApi(); // before authorization's fallback policy: the docs are not endpoints
        app.UseAuthorization();
        app.UseAntiforgery(); // the web application's forms (docs/adr/0060); the API's bearer requests bind no forms
        app.UseConcurrencyRetry(); // around the endpoint: a write that raced another is decided again (ADR 0039)
        app.MapTutoringHealth();
        // One group holds every API endpoint so that what all of them must check is declared once.
        var api = app.MapGroup("").CheckRequestShape().AcceptIdempotencyKeys();
        api.MapOperationsEndpoints();
        api.MapAuditEndpoints();
        foreach (var module in ModuleCatalog.Modules) module.MapEndpoints(api);
        app.MapTutoringWebApp();
    }
}

/// <summary>Creates or updates the schema before anything else starts; idempotent and safe for several hosts at once.</summary>
internal sealed class MigrateOnStartup(StoreSchema schema) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => schema.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
