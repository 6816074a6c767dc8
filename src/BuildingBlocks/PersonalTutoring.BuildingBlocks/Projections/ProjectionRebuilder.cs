using Microsoft.Extensions.Logging;
using Npgsql;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.BuildingBlocks.Projections;

/// <summary>
/// Replays a projection from the first event into fresh shadow tables, then swaps them in and sets the
/// checkpoint in one transaction. Unlike the daemon, any error stops the rebuild and leaves the live tables alone.
/// </summary>
public sealed class ProjectionRebuilder
{
    private readonly NpgsqlDataSource dataSource;
    private readonly EventStoreOptions options;
    private readonly ProjectionStore store;
    private readonly HighWaterMark highWater;
    private readonly ILogger<ProjectionRebuilder> logger;

    public ProjectionRebuilder(NpgsqlDataSource dataSource, EventStoreOptions options, HighWaterMark highWater, ILogger<ProjectionRebuilder> logger)
    {
        this.dataSource = dataSource;
        this.options = options;
        this.highWater = highWater;
        this.logger = logger;
        store = new ProjectionStore(options);
    }

    /// <summary>Rebuilds one projection; the caller has made sure no local runner holds it.</summary>
    public async Task<RebuildResult> RebuildAsync(string projectionName, CancellationToken ct = default)
    {
        var projection = options.Projections.Get(projectionName);
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (!await ProjectionStore.TryLockAsync(connection, projection.Name, ct))
            throw new ProjectionBusyException(projection.Name);
        try
        {
            var mappings = projection.DocumentTypes.Select(options.Documents.For).ToList();
            foreach (var mapping in mappings)
                await ExecuteAsync(connection, null, $"DROP TABLE IF EXISTS {mapping.ShadowTableName};\n{mapping.CreateDdl(mapping.ShadowTableName, unlogged: true)}", ct);

            long position = 0, applied = 0;
            var ceiling = await highWater.RefreshAsync(ct);
            var size = options.Daemon.RebuildBatchSize;
            var next = store.PrefetchAsync(dataSource, projection, position, ceiling, size, ct);
            while (position < ceiling)
            {
                var batch = await next;
                var to = batch.Count == size ? batch[^1].Sequence : ceiling;
                if (to < ceiling) next = store.PrefetchAsync(dataSource, projection, to, ceiling, size, ct); // overlaps the apply below
                await using (var tx = await connection.BeginTransactionAsync(ct))
                {
                    await ApplyAsync(connection, tx, projection, batch, ct);
                    await tx.CommitAsync(ct);
                }
                position = to;
                applied += batch.Count;
                if (position >= ceiling)
                {
                    ceiling = await highWater.RefreshAsync(ct); // events appended meanwhile
                    if (position < ceiling) next = store.PrefetchAsync(dataSource, projection, position, ceiling, size, ct);
                }
            }

            await using (var tx = await connection.BeginTransactionAsync(ct))
            {
                if (projection.Lifecycle == ProjectionLifecycle.Inline)
                {
                    // Appenders apply inline projections to the live table; hold them off, then every invisible
                    // sequence number is dead, so the rest can be read without a ceiling.
                    await ExecuteAsync(connection, tx, $"LOCK TABLE {options.EventSchema}.mt_events IN EXCLUSIVE MODE", ct);
                    while (true)
                    {
                        var batch = await store.FetchAsync(connection, tx, projection, position, null, options.Daemon.RebuildBatchSize, ct);
                        if (batch.Count == 0) break;
                        await ApplyAsync(connection, tx, projection, batch, ct);
                        position = batch[^1].Sequence;
                        applied += batch.Count;
                    }
                }
                else
                {
                    var finalCeiling = await highWater.RefreshAsync(ct);
                    while (position < finalCeiling)
                    {
                        var batch = await store.FetchAsync(connection, tx, projection, position, finalCeiling, options.Daemon.RebuildBatchSize, ct);
                        await ApplyAsync(connection, tx, projection, batch, ct);
                        applied += batch.Count;
                        position = batch.Count == options.Daemon.RebuildBatchSize ? batch[^1].Sequence : finalCeiling;
                    }
                }

                foreach (var mapping in mappings)
                    await ExecuteAsync(connection, tx, mapping.SwapShadowDdl(), ct);
                await store.SetCheckpointAsync(connection, tx, projection.Name, position, ct);
                await tx.CommitAsync(ct);
            }

            logger.LogInformation("Rebuilt projection {Projection}: {Count} events up to {Sequence} in {Elapsed}.", projection.Name, applied, position, started.Elapsed);
            return new RebuildResult(projection.Name, applied, position, started.Elapsed);
        }
        finally
        {
            if (connection.FullState == System.Data.ConnectionState.Open)
                await ProjectionStore.UnlockAsync(connection, projection.Name);
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Projection projection, List<StoredEvent> batch, CancellationToken ct)
    {
        var relevant = batch.Where(projection.Handles).ToList();
        if (relevant.Count == 0) return;
        try
        {
            await projection.ApplyAsync(store.Operations(connection, tx, shadow: true), relevant, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ProjectionRebuildException(projection.Name, relevant[0].Sequence, relevant[^1].Sequence, e);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(ct);
    }
}

public sealed record RebuildResult(string Projection, long EventsApplied, long Checkpoint, TimeSpan Elapsed);

public sealed class ProjectionRebuildException(string name, long fromSequence, long toSequence, Exception inner)
    : Exception($"Rebuild of '{name}' stopped: applying events {fromSequence}..{toSequence} failed: {inner.Message}. The live tables are unchanged.", inner);
