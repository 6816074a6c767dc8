using System.Diagnostics;
using JasperFx;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace PersonalTutoring.BuildingBlocks.Projections;

/// <summary>A projection's state as an operator sees it: where it is against the high-water mark, and on this host.</summary>
public sealed record ProjectionStatus(string Name, string Lifecycle, string State, long Checkpoint, long HighWaterMark);

public sealed record RebuildResult(string Projection, long Checkpoint, TimeSpan Elapsed);

/// <summary>An event a projection gave up on (Marten's dead-letter storage) and moved past.</summary>
public sealed record DeadLetter(Guid Id, string ProjectionName, long Sequence, string ExceptionType, string ExceptionMessage, DateTimeOffset DeadLetteredAt);

public sealed class UnknownProjectionException(string name) : Exception($"No projection is named '{name}'.")
{
    public string ProjectionName { get; } = name;
}

/// <summary>
/// Told after a projection was rebuilt: what was worked out from its former rows (kept KPI facts, docs/adr/0093) must be
/// forgotten, because a rebuild is how a corrected projection replaces them.
/// </summary>
public interface IProjectionRebuilt
{
    Task RebuiltAsync(string projection, CancellationToken ct);
}

/// <summary>Another host's daemon runs the projections; a rebuild must go through it.</summary>
public sealed class ProjectionBusyException(string message) : Exception(message);

/// <summary>
/// Status, rebuild and dead letters of the projections, over Marten's daemon. A rebuild is one call that ends with the
/// projection running again (Marten leaves a rebuilt shard stopped) and only runs where the daemon runs, so two
/// hosts never apply the same projection at once.
/// </summary>
public sealed class ProjectionAdmin(IDocumentStore store, IServiceProvider services)
{
    private static readonly TimeSpan RebuildShardTimeout = TimeSpan.FromMinutes(30);

    private IReadOnlyList<ProjectionBase> Projections =>
        ((StoreOptions)store.Options).Projections.All.OfType<ProjectionBase>().Where(p => p.Lifecycle != ProjectionLifecycle.Live).ToList();

    public IReadOnlyList<string> Names => Projections.Select(p => p.Name).ToList();

    /// <summary>The daemon's shard of every async projection, as named in <c>mt_event_progression</c>.</summary>
    public IReadOnlyList<string> AsyncShards => [.. Projections.Where(p => p.Lifecycle == ProjectionLifecycle.Async).Select(p => $"{p.Name}:All")];

    public string Resolve(string name) =>
        Projections.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.Name ?? throw new UnknownProjectionException(name);

    /// <summary>What this host's daemon does, in a sentence for readiness.</summary>
    public string DaemonRole => HostDaemon switch
    {
        null => "The projection daemon is disabled on this host.",
        var daemon when daemon.CurrentAgents().Any() => "The projection daemon runs the async projections on this host.",
        _ => "The projection daemon is on standby on this host (another host runs the async projections).",
    };

    private IProjectionDaemon? HostDaemon => services.GetService<IProjectionCoordinator>()?.DaemonForMainDatabase();

    public async Task<IReadOnlyList<ProjectionStatus>> StatusAsync(CancellationToken ct = default)
    {
        var progress = await store.Advanced.AllProjectionProgress(token: ct);
        var highWater = progress.FirstOrDefault(p => p.ShardName == ShardState.HighWaterMark)?.Sequence ?? 0;
        var daemon = HostDaemon;
        return Projections.Select(p =>
        {
            if (p.Lifecycle == ProjectionLifecycle.Inline)
                return new ProjectionStatus(p.Name, "Inline", "Applied with every append", highWater, highWater);
            var shard = $"{p.Name}:All";
            var checkpoint = progress.FirstOrDefault(s => s.ShardName == shard)?.Sequence ?? 0;
            var state = daemon is null ? "Not run on this host" : daemon.StatusFor(shard) is var status && daemon.CurrentAgents().Any(a => a.Name.Identity == shard)
                ? status.ToString()
                : "Standby on this host";
            return new ProjectionStatus(p.Name, "Async", state, checkpoint, highWater);
        }).ToList();
    }

    /// <summary>
    /// Replays a projection from the first event and starts it again. On a serving host this must be the host whose
    /// daemon holds the projections; elsewhere (the CLI) it runs a daemon of its own, which must win the daemon's
    /// leadership first so that no other host applies the projection meanwhile.
    /// </summary>
    public async Task<RebuildResult> RebuildAsync(string name, CancellationToken ct = default)
    {
        var projection = Resolve(name);
        var daemon = HostDaemon ?? throw new ProjectionBusyException("This host does not run the projection daemon (Projections:DaemonEnabled is false).");
        var async = Projections.First(p => p.Name == projection).Lifecycle == ProjectionLifecycle.Async;
        if (async && !await LeadsAsync(daemon, ct))
            throw new ProjectionBusyException($"Projection '{projection}' is run by another host's daemon; rebuild it through that host's admin endpoint, or stop that host first.");
        var started = Stopwatch.GetTimestamp();
        await daemon.RebuildProjectionAsync(projection, RebuildShardTimeout, ct);
        if (async) await daemon.StartAgentAsync($"{projection}:All", ct);
        var progress = await store.Advanced.AllProjectionProgress(token: ct);
        var checkpoint = progress.FirstOrDefault(s => s.ShardName == $"{projection}:All")?.Sequence
            ?? progress.FirstOrDefault(p => p.ShardName == ShardState.HighWaterMark)?.Sequence ?? 0;
        foreach (var listener in services.GetServices<IProjectionRebuilt>()) await listener.RebuiltAsync(projection, ct);
        return new RebuildResult(projection, checkpoint, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Whether this host's daemon runs the projections (Marten's HotCold election). A host that has just started may
    /// not have won yet: it is given a few election rounds.
    /// </summary>
    private static async Task<bool> LeadsAsync(IProjectionDaemon daemon, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 15;
        while (!daemon.CurrentAgents().Any())
        {
            if (Stopwatch.GetTimestamp() > deadline) return false;
            await Task.Delay(100, ct);
        }
        return true;
    }

    /// <summary>Waits until every async projection has reached the high-water mark (tests, the demo seed).</summary>
    public async Task WaitForNonStaleAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        if (HostDaemon is { } daemon) await daemon.WaitForNonStaleData(timeout);
        else await store.WaitForNonStaleProjectionDataAsync(timeout);
    }

    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(string? projection, int limit, CancellationToken ct = default)
    {
        var name = projection is null ? null : Resolve(projection);
        await using var session = store.QuerySession();
        var letters = session.Query<DeadLetterEvent>();
        if (name is not null) letters = (Marten.Linq.IMartenQueryable<DeadLetterEvent>)letters.Where(d => d.ProjectionName == name);
        var rows = await letters.OrderByDescending(d => d.Timestamp).Take(limit).ToListAsync(ct);
        return rows.Select(d => new DeadLetter(d.Id, d.ProjectionName, d.EventSequence, d.ExceptionType, d.ExceptionMessage, d.Timestamp)).ToList();
    }
}
