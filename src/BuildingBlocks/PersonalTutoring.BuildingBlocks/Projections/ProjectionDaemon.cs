using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.BuildingBlocks.Projections;

/// <summary>A projection's progress as this host sees it.</summary>
public sealed record ProjectionStatus(string Name, ProjectionLifecycle Lifecycle, string State, long Checkpoint, long HighWaterMark, string? LastError);

/// <summary>
/// The async projection daemon: one runner per async projection, each competing for its advisory lock, woken by
/// LISTEN/NOTIFY with polling as the fallback. Also the entry point for rebuilds and for waiting until read
/// models have caught up.
/// </summary>
public sealed class ProjectionDaemon : BackgroundService
{
    private readonly NpgsqlDataSource dataSource;
    private readonly EventStoreOptions options;
    private readonly HighWaterMark highWater;
    private readonly ProjectionRebuilder rebuilder;
    private readonly Dictionary<string, ProjectionRunner> runners;

    private readonly EventStore eventStore;

    public ProjectionDaemon(NpgsqlDataSource dataSource, EventStoreOptions options, HighWaterMark highWater, EventAppendSignal signal,
        ProjectionRebuilder rebuilder, EventStore eventStore, ILoggerFactory loggers)
    {
        this.eventStore = eventStore;
        this.dataSource = dataSource;
        this.options = options;
        this.highWater = highWater;
        this.rebuilder = rebuilder;
        var store = new ProjectionStore(options);
        var logger = loggers.CreateLogger<ProjectionDaemon>();
        runners = options.Projections.Async.ToDictionary(
            p => p.Name,
            p => new ProjectionRunner(p, dataSource, options, store, highWater, signal, logger),
            StringComparer.OrdinalIgnoreCase);
    }

    public bool IsEnabled => options.Daemon.Enabled;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Daemon.Enabled ? Task.WhenAll(runners.Values.Select(r => r.RunAsync(stoppingToken))) : Task.CompletedTask;

    public async Task<IReadOnlyList<ProjectionStatus>> StatusAsync(CancellationToken ct = default)
    {
        var checkpoints = await ReadCheckpointsAsync(ct);
        return options.Projections.All.Select(p =>
        {
            var runner = runners.GetValueOrDefault(p.Name);
            var state = p.Lifecycle == ProjectionLifecycle.Inline ? "Inline"
                : !options.Daemon.Enabled ? "Disabled"
                : runner!.State.ToString();
            return new ProjectionStatus(p.Name, p.Lifecycle, state, checkpoints.GetValueOrDefault(p.Name), highWater.Current, runner?.LastError);
        }).ToList();
    }

    /// <summary>Rebuilds a projection, pausing this host's runner for it while the rebuild holds the lock.</summary>
    public async Task<RebuildResult> RebuildAsync(string projectionName, CancellationToken ct = default)
    {
        var projection = options.Projections.Get(projectionName);
        if (!runners.TryGetValue(projection.Name, out var runner) || !options.Daemon.Enabled)
            return await rebuilder.RebuildAsync(projection.Name, ct);
        await using (await runner.PauseAsync(ct))
            return await rebuilder.RebuildAsync(projection.Name, ct);
    }

    /// <summary>Waits until every async projection has applied every event committed before the call (Marten's WaitForNonStaleProjectionDataAsync).</summary>
    public async Task WaitForNonStaleProjectionsAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var target = await eventStore.LastSequenceAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var checkpoints = await ReadCheckpointsAsync(deadline.Token);
                var behind = options.Projections.Async.Where(p => checkpoints.GetValueOrDefault(p.Name) < target).Select(p => p.Name).ToList();
                if (behind.Count == 0) return;
                await Task.Delay(25, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"Projections did not reach sequence {target} within {timeout}.");
        }
    }

    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(string? projection = null, int limit = 200, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"""
            SELECT id, projection_name, seq_id, event_id, event_type, stream_id, error_type, error_message, attempts, dead_lettered_at
            FROM {options.EventSchema}.mt_dead_letters WHERE (@name::text IS NULL OR projection_name = @name) ORDER BY id DESC LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("name", (object?)projection ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        var result = new List<DeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            result.Add(new DeadLetter(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetGuid(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetInt32(8), reader.GetFieldValue<DateTimeOffset>(9)));
        return result;
    }

    private async Task<Dictionary<string, long>> ReadCheckpointsAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"SELECT name, last_seq_id FROM {options.EventSchema}.mt_event_progression", connection);
        var result = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result[reader.GetString(0)] = reader.GetInt64(1);
        return result;
    }
}
