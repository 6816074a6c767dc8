using Microsoft.Extensions.Logging;
using Npgsql;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.BuildingBlocks.Projections;

public enum RunnerState { Starting, Standby, Running, Paused, Retrying }

/// <summary>
/// Runs one async projection while it holds the projection's session advisory lock, so that across every
/// host exactly one runner applies it. Each batch's document writes and its checkpoint commit together.
/// </summary>
internal sealed class ProjectionRunner(
    Projection projection,
    NpgsqlDataSource dataSource,
    EventStoreOptions options,
    ProjectionStore store,
    HighWaterMark highWater,
    EventAppendSignal signal,
    ILogger logger)
{
    private readonly DaemonOptions daemon = options.Daemon;
    private readonly SemaphoreSlim running = new(1, 1);
    private volatile CancellationTokenSource pause = new();

    public Projection Projection => projection;
    public RunnerState State { get; private set; } = RunnerState.Starting;
    public long Checkpoint { get; private set; }
    public string? LastError { get; private set; }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await running.WaitAsync(stoppingToken);
            try
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, pause.Token);
                await RunWhileLockedAsync(linked.Token);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested || pause.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                // Infrastructure failure (connection lost, database restarting): the lock went with the connection.
                State = RunnerState.Retrying;
                LastError = e.Message;
                logger.LogWarning(e, "Projection {Projection} runner failed; retrying.", projection.Name);
            }
            finally
            {
                running.Release();
            }
            if (stoppingToken.IsCancellationRequested) break;
            await Delay(pause.IsCancellationRequested ? TimeSpan.FromMilliseconds(50) : daemon.LockRetryInterval, stoppingToken);
        }
    }

    /// <summary>Stops applying and releases the lock; returns once nothing is in flight. Used around a rebuild.</summary>
    public async Task<IAsyncDisposable> PauseAsync(CancellationToken ct)
    {
        await pause.CancelAsync();
        await running.WaitAsync(ct);
        State = RunnerState.Paused;
        return new Resume(this);
    }

    private sealed class Resume(ProjectionRunner runner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            runner.pause = new CancellationTokenSource();
            runner.State = RunnerState.Standby;
            runner.running.Release();
            return ValueTask.CompletedTask;
        }
    }

    private async Task RunWhileLockedAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (!await ProjectionStore.TryLockAsync(connection, projection.Name, ct))
        {
            State = RunnerState.Standby;
            return;
        }

        try
        {
            State = RunnerState.Running;
            LastError = null;
            logger.LogInformation("Projection {Projection} is running on this host.", projection.Name);
            Checkpoint = await store.CheckpointAsync(connection, projection.Name, ct);
            (long After, long Ceiling, Task<List<StoredEvent>> Events)? next = null;
            while (!ct.IsCancellationRequested)
            {
                var ceiling = await highWater.RefreshAsync(ct);
                if (ceiling <= Checkpoint)
                {
                    await signal.WaitAsync(daemon.PollInterval, ct);
                    continue;
                }
                // A prefetched batch was read up to the ceiling known then; it stays this batch's ceiling.
                var prefetched = next is { } n && n.After == Checkpoint ? n : default((long After, long Ceiling, Task<List<StoredEvent>> Events)?);
                var events = prefetched is { } p
                    ? await p.Events
                    : await store.FetchAsync(connection, null, projection, Checkpoint, ceiling, daemon.BatchSize, ct);
                var to = events.Count == daemon.BatchSize ? events[^1].Sequence : prefetched?.Ceiling ?? ceiling;
                // While catching up, read the next batch while this one is applied.
                next = events.Count == daemon.BatchSize
                    ? (to, ceiling, store.PrefetchAsync(dataSource, projection, to, ceiling, daemon.BatchSize, ct))
                    : null;
                await ApplyAsync(connection, events, Checkpoint, to, ct);
                Checkpoint = to;
            }
        }
        finally
        {
            // A pooled connection keeps session locks until it is reset on its next use: release ours now, so a
            // rebuild or another host can take the projection at once. A broken connection is discarded anyway.
            if (connection.FullState == System.Data.ConnectionState.Open)
                await ProjectionStore.UnlockAsync(connection, projection.Name);
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, List<StoredEvent> events, long from, long to, CancellationToken ct)
    {
        try
        {
            await CommitAsync(connection, events, from, to, ct);
        }
        catch (Exception e) when (IsProjectionFault(e, connection, ct) && events.Count > 0)
        {
            logger.LogWarning(e, "Projection {Projection} failed on a batch after {From}; isolating the failing event.", projection.Name, from);
            var position = from;
            foreach (var single in events)
            {
                await ApplyOneAsync(connection, single, position, ct);
                position = single.Sequence;
            }
            if (position < to) await CommitAsync(connection, [], position, to, ct);
        }
    }

    private async Task ApplyOneAsync(NpgsqlConnection connection, StoredEvent e, long from, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await CommitAsync(connection, [e], from, e.Sequence, ct);
                return;
            }
            catch (Exception error) when (IsProjectionFault(error, connection, ct))
            {
                if (attempt < daemon.MaxAttempts)
                {
                    await Task.Delay(daemon.RetryDelay * attempt, ct);
                    continue;
                }
                await using var tx = await connection.BeginTransactionAsync(ct);
                await store.DeadLetterAsync(connection, tx, projection.Name, e, error, attempt, ct);
                await store.MoveCheckpointAsync(connection, tx, projection.Name, from, e.Sequence, ct);
                await tx.CommitAsync(ct);
                LastError = $"Event {e.Sequence} ({e.EventType}) dead-lettered: {error.Message}";
                logger.LogError(error, "Projection {Projection} dead-lettered event {Sequence} ({Type}) of stream {Stream} after {Attempts} attempts.",
                    projection.Name, e.Sequence, e.EventType, e.StreamId, attempt);
                return;
            }
        }
    }

    private async Task CommitAsync(NpgsqlConnection connection, List<StoredEvent> events, long from, long to, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        var relevant = events.Where(projection.Handles).ToList();
        if (relevant.Count > 0) await projection.ApplyAsync(store.Operations(connection, tx), relevant, ct);
        await store.MoveCheckpointAsync(connection, tx, projection.Name, from, to, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>A fault of the projection's own code or data, as opposed to losing the database (which is retried, never dead-lettered).</summary>
    private static bool IsProjectionFault(Exception e, NpgsqlConnection connection, CancellationToken ct) =>
        !ct.IsCancellationRequested
        && e is not OperationCanceledException and not CheckpointMovedException
        && connection.FullState == System.Data.ConnectionState.Open
        && (e is not NpgsqlException || e is PostgresException);

    private static async Task Delay(TimeSpan delay, CancellationToken ct)
    {
        try { await Task.Delay(delay, ct); } catch (OperationCanceledException) { }
    }
}
