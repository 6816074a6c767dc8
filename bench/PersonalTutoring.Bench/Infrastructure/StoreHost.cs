using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PersonalTutoring.Bench.Model;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.Bench.Infrastructure;

/// <summary>
/// The event store wired exactly as the application wires it (<c>AddEventStore</c>), without the web host, so
/// that what is measured is the production code path and nothing the benchmark re-implemented.
/// </summary>
internal sealed class StoreHost : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly List<IHostedService> started = [];
    private bool disposed;

    private StoreHost(ServiceProvider services) => this.services = services;

    public EventStore Store => services.GetRequiredService<EventStore>();

    public ProjectionDaemon Daemon => services.GetRequiredService<ProjectionDaemon>();

    public EventStoreOptions Options => services.GetRequiredService<EventStoreOptions>();

    public static async Task<StoreHost> CreateAsync(string connectionString, bool withProjection, CancellationToken ct)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        collection.AddEventStore(connectionString, o => BenchModel.Configure(o, withProjection));
        var host = new StoreHost(collection.BuildServiceProvider());
        await host.services.GetRequiredService<EventStoreSchema>().MigrateAsync(ct);
        return host;
    }

    /// <summary>Starts the daemon and the notification relay, as the web host would at start-up.</summary>
    public async Task StartBackgroundServicesAsync(CancellationToken ct)
    {
        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(ct);
            started.Add(hosted);
        }
    }

    /// <summary>Stops the background services and closes the pool. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed) return;
        disposed = true;
        foreach (var hosted in started) await hosted.StopAsync(CancellationToken.None);
        await services.DisposeAsync();
    }
}
