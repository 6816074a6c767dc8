using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PersonalTutoring.Bench.Model;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.Bench.Infrastructure;

/// <summary>
/// The Marten store as the host configures it (<see cref="TutoringStore.Configure"/>: the same options, connection
/// string treatment, append mode, metadata and daemon settings), in a generic host with Marten's async daemon in
/// the host's mode (HotCold) and the host's <see cref="ProjectionAdmin"/>, so that what is measured is the production
/// code path and nothing the benchmark re-implemented.
/// </summary>
/// <remarks>
/// Two deliberate differences from the web host: the benchmark's own schemas (<see cref="BenchModel"/>), so that
/// <c>--connection</c> can never touch real data; and no Wolverine (<c>IntegrateWithWolverine</c> adds the message
/// outbox, which neither an append nor the daemon's page uses, and its agents would poll real message tables).
/// </remarks>
internal sealed class BenchStore : IAsyncDisposable
{
    /// <summary>The host's <c>Projections:PollSeconds</c> (appsettings.json).</summary>
    private static readonly TimeSpan HostPollInterval = TimeSpan.FromSeconds(2);

    private readonly IHost host;
    private bool started;
    private bool disposed;

    private BenchStore(IHost host) => this.host = host;

    public IDocumentStore Store => host.Services.GetRequiredService<IDocumentStore>();

    public ProjectionAdmin Projections => host.Services.GetRequiredService<ProjectionAdmin>();

    /// <summary>Builds the store and creates its tables; nothing runs until <see cref="StartAsync"/>.</summary>
    public static async Task<BenchStore> CreateAsync(string connectionString, ProjectionShape shape, CancellationToken ct, int? foldPage = null, int? hopper = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Production });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        var settings = new StoreSettings { DaemonEnabled = shape != ProjectionShape.None, PollInterval = HostPollInterval };
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(settings);
        var marten = builder.Services.AddMarten(_ =>
            {
                var options = new StoreOptions();
                TutoringStore.Configure(options, connectionString, settings);
                BenchModel.Configure(options, shape, foldPage, hopper);
                return options;
            })
            .UseLightweightSessions();
        if (settings.DaemonEnabled) marten.AddAsyncDaemon(DaemonMode.HotCold);
        builder.Services.AddSingleton<ProjectionAdmin>();

        var store = new BenchStore(builder.Build());
        await store.Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return store;
    }

    /// <summary>A session as an endpoint gets it: lightweight, stamped with the request's metadata.</summary>
    public IDocumentSession OpenSession(EventMetadata metadata)
    {
        var session = Store.LightweightSession();
        metadata.StampOn(session);
        return session;
    }

    /// <summary>Starts the hosted services (the daemon's coordinator), as the web host does at start-up.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        started = true;
        await host.StartAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed) return;
        disposed = true;
        if (started) await host.StopAsync(TimeSpan.FromSeconds(30));
        host.Dispose();
    }
}
