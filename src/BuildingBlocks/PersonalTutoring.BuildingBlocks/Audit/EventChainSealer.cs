using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Marten;
using Npgsql;

namespace PersonalTutoring.BuildingBlocks.Audit;

/// <summary>
/// Links every hashed event into the one chain, in sequence order, up to the daemon's high-water mark (below it no
/// transaction can still add an event, so the order is final), and publishes the chain's head as a signed checkpoint
/// once per <see cref="AuditSettings.CheckpointInterval"/>. Several hosts may run it: an advisory lock lets one seal.
/// </summary>
public sealed class EventChainSealer(
    IDocumentStore store, ChainCheckpoints checkpoints, AuditSettings settings, TimeProvider clock, ILogger<EventChainSealer> log)
    : BackgroundService
{
    private readonly string schema = store.Options.Events.DatabaseSchemaName;

    /// <summary>The store's name on its checkpoints (database/schema), learnt on the first connection.</summary>
    private string? storeName;

    private const int Batch = 10_000;

    /// <summary>Seals what the high-water mark allows; returns the events linked (0 when another host holds the lock).</summary>
    public async Task<long> SealAsync(CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        storeName ??= EventChainVerifier.StoreName(connection, schema);
        await using var mark = new NpgsqlCommand($"SELECT last_seq_id FROM {schema}.mt_event_progression WHERE name = 'HighWaterMark'", connection);
        if (await mark.ExecuteScalarAsync(ct) is not long highWaterMark) return 0;
        long total = 0;
        while (true)
        {
            await using var seal = new NpgsqlCommand($"SELECT {schema}.pt_seal_event_chain(@upto, {Batch})", connection);
            seal.Parameters.AddWithValue("upto", highWaterMark);
            var sealedNow = (int)(await seal.ExecuteScalarAsync(ct))!;
            if (sealedNow <= 0) return total;
            total += sealedNow;
            if (sealedNow < Batch) return total;
        }
    }

    /// <summary>Publishes the chain's head now (null when nothing is sealed yet).</summary>
    public async Task<ChainCheckpoint?> CheckpointAsync(CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var head = new NpgsqlCommand($"SELECT seq_id, chain_hash FROM {schema}.pt_event_chain ORDER BY seq_id DESC LIMIT 1", connection);
        await using var reader = await head.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var (sequence, hash) = (reader.GetInt64(0), (byte[])reader[1]);
        var checkpoint = await checkpoints.WriteAsync(EventChainVerifier.StoreName(connection, schema), sequence, hash, clock.GetUtcNow(), ct);
        // The log is the second place the head is published: it is shipped away from the database server.
        log.LogInformation("Event chain checkpoint: {Store} sequence {Sequence} hash {ChainHash} ({Signed})",
            checkpoint.Store, checkpoint.Sequence, checkpoint.ChainHash, checkpoint.Signature is null ? "unsigned: set Audit:CheckpointKey" : "signed");
        return checkpoint;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!checkpoints.Signs)
            log.LogWarning("Audit:CheckpointKey is not set: event chain checkpoints are written unsigned.");
        // Real time: a test's clock that stands still must not stop the sealing.
        using var timer = new PeriodicTimer(settings.SealInterval);
        do
        {
            try
            {
                if (await SealAsync(stoppingToken) > 0 && CheckpointDue())
                    await CheckpointAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or IOException or UnauthorizedAccessException && !stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(e, "Sealing the event chain failed; it is tried again in {Interval}.", settings.SealInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Called after a seal, so the store's name is known: no connection needed.</summary>
    private bool CheckpointDue() =>
        checkpoints.Latest(storeName!) is not { } latest || clock.GetUtcNow() - latest.SealedAt >= settings.CheckpointInterval;
}
