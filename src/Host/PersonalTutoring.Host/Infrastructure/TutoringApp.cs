using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.BuildingBlocks.Messaging;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Host.Infrastructure.OpenApi;
using PersonalTutoring.Host.Operations;

namespace PersonalTutoring.Host.Infrastructure;

/// <summary>The composition root: the store, the modules, and the HTTP pipeline.</summary>
public static class TutoringApp
{
    public const long MaxRequestBodyBytes = 8 * 1024 * 1024;

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, bool runDaemon = true)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        builder.Services.AddTutoringCore(builder.Configuration, builder.Environment, runDaemon);
        builder.Services.AddTutoringWeb(builder.Configuration, builder.Environment);
        var app = builder.Build();
        app.UseTutoringPipeline();
        return app;
    }

    /// <summary>What every entry point needs, web or CLI: the store and messaging with every module's contribution.</summary>
    public static IServiceCollection AddTutoringCore(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment,
        bool runDaemon = true)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddHostedService<MigrateOnStartup>(); // before the daemon and Wolverine: hosted services start in order
        var settings = new StoreSettings { DaemonEnabled = runDaemon && configuration.GetValue("Projections:DaemonEnabled", true) };
        if (configuration.GetValue<double?>("Projections:PollSeconds") is { } poll) settings.PollInterval = TimeSpan.FromSeconds(poll);
        services.AddTutoringStore(sp => DatabaseLocator.Resolve(sp.GetRequiredService<IConfiguration>()), settings);
        services.AddTutoringMessaging(typeof(Program).Assembly, environment.IsDevelopment());
        services.AddResourceAccess();
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
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddTutoringAuthentication(configuration, environment.IsDevelopment());
        services.AddAuthorization(o =>
        {
            o.AddTutoringPolicies();
            foreach (var module in ModuleCatalog.Modules) module.AddPolicies(o);
        });
        services.AddTutoringHealthChecks();
        services.AddTutoringOpenApi();
    }

    private static void UseTutoringPipeline(this WebApplication app)
    {
        app.UseTutoringProblemDetails();
        app.Use(async (context, next) =>
        {
            // The same limit under every server (Kestrel enforces it too), so an oversized body is a 413, not a 500.
            if (context.Request.ContentLength > MaxRequestBodyBytes)
                throw new BadHttpRequestException($"The body exceeds {MaxRequestBodyBytes / (1024 * 1024)} MiB.", StatusCodes.Status413PayloadTooLarge);
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxRequestBodyBytes;
            await next(context);
        });
        app.MapTutoringOpenApi(); // the API docs are public: before authorization's fallback policy
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapTutoringHealth();
        app.MapOperationsEndpoints();
        foreach (var module in ModuleCatalog.Modules) module.MapEndpoints(app);
    }
}

/// <summary>Creates or updates the schema before anything else starts; idempotent and safe for several hosts at once.</summary>
internal sealed class MigrateOnStartup(StoreSchema schema) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => schema.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
