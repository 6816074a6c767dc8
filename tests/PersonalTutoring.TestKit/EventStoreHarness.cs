using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PersonalTutoring.BuildingBlocks.Documents;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.TestKit;

/// <summary>The event store and (optionally) its daemon on a test database, without the web host.</summary>
public sealed class EventStoreHarness : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly List<IHostedService> started = [];

    private EventStoreHarness(ServiceProvider services) => this.services = services;

    public IServiceProvider Services => services;
    public EventStore Store => services.GetRequiredService<EventStore>();
    public ProjectionDaemon Daemon => services.GetRequiredService<ProjectionDaemon>();
    public DocumentReader Documents => services.GetRequiredService<DocumentReader>();

    public static async Task<EventStoreHarness> StartAsync(string connectionString, Action<EventStoreOptions> configure,
        bool runDaemon = true, TimeProvider? clock = null, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        if (clock is not null) collection.AddSingleton(clock);
        collection.AddEventStore(connectionString, o =>
        {
            o.Daemon.PollInterval = TimeSpan.FromMilliseconds(200);
            o.Daemon.LockRetryInterval = TimeSpan.FromMilliseconds(200);
            o.Daemon.RetryDelay = TimeSpan.FromMilliseconds(10);
            configure(o);
        });
        services?.Invoke(collection);
        var harness = new EventStoreHarness(collection.BuildServiceProvider());
        await harness.services.GetRequiredService<EventStoreSchema>().MigrateAsync();
        if (runDaemon)
            foreach (var hosted in harness.services.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
                harness.started.Add(hosted);
            }
        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in started) await hosted.StopAsync(CancellationToken.None);
        await services.DisposeAsync();
    }
}
