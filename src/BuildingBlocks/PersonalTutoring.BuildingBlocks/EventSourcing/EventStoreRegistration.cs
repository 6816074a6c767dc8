using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;
using PersonalTutoring.BuildingBlocks.Documents;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.BuildingBlocks.EventSourcing;

public static class EventStoreRegistration
{
    /// <summary>Registers the store on a connection string; modules add their events, documents and projections with <see cref="ConfigureEventStore"/>.</summary>
    public static IServiceCollection AddEventStore(this IServiceCollection services, string connectionString, Action<EventStoreOptions>? configure = null) =>
        services.AddEventStore(_ => connectionString, configure);

    /// <summary>As above, with the connection string resolved when the store is first used (after configuration is final).</summary>
    public static IServiceCollection AddEventStore(this IServiceCollection services, Func<IServiceProvider, string> connectionString, Action<EventStoreOptions>? configure = null)
    {
        var options = new EventStoreOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEventMetadataProvider, NoEventMetadata>();
        services.AddSingleton(sp => BuildDataSource(connectionString(sp)));
        services.AddSingleton<EventAppendSignal>();
        services.AddSingleton<EventStore>();
        services.AddSingleton<EventStoreSchema>();
        services.AddSingleton<DocumentReader>();
        services.AddSingleton<HighWaterMark>();
        services.AddSingleton<ProjectionRebuilder>();
        services.AddSingleton<ProjectionDaemon>();
        services.AddHostedService(sp => sp.GetRequiredService<ProjectionDaemon>());
        services.AddHostedService<EventNotificationRelay>();
        return services;
    }

    /// <summary>
    /// Statements are prepared automatically once used twice on a connection (unless the connection string says
    /// otherwise): every append, checkpoint and document upsert is the same handful of statements, and parsing and
    /// planning them each time was the largest avoidable cost measured (docs/performance.md).
    /// </summary>
    internal static NpgsqlDataSource BuildDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }
        return builder.Build();
    }

    /// <summary>A module's contribution to the store: its event aliases, read-model tables and projections.</summary>
    public static IServiceCollection ConfigureEventStore(this IServiceCollection services, Action<EventStoreOptions> configure)
    {
        var descriptor = services.FirstOrDefault(d => d.ServiceType == typeof(EventStoreOptions))
            ?? throw new InvalidOperationException("Call AddEventStore before a module configures it.");
        configure((EventStoreOptions)descriptor.ImplementationInstance!);
        return services;
    }
}
