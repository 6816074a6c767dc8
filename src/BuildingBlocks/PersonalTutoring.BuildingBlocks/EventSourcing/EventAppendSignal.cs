using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace PersonalTutoring.BuildingBlocks.EventSourcing;

/// <summary>
/// Wakes the daemon when events are committed: in-process at once, and other hosts through a coalesced
/// <c>NOTIFY</c> sent from its own connection (so appending transactions never take the notify queue's
/// commit-time lock, which would serialise concurrent appends).
/// </summary>
public sealed class EventAppendSignal
{
    public const string Channel = "pt_events_appended";

    private readonly Channel<bool> pendingNotify = System.Threading.Channels.Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private TaskCompletionSource wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Called after a commit that appended events.</summary>
    public void Notify()
    {
        Wake();
        pendingNotify.Writer.TryWrite(true);
    }

    /// <summary>Called for local commits and for notifications from other hosts.</summary>
    public void Wake() => Interlocked.Exchange(ref wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Completes at the next wake-up, or after <paramref name="timeout"/> (the polling fallback).</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        var current = Volatile.Read(ref wake).Task;
        await Task.WhenAny(current, Task.Delay(timeout, ct));
        ct.ThrowIfCancellationRequested();
    }

    internal ChannelReader<bool> PendingNotifications => pendingNotify.Reader;
}

/// <summary>Sends NOTIFY for local appends (coalesced) and LISTENs for other hosts' appends.</summary>
internal sealed class EventNotificationRelay(NpgsqlDataSource dataSource, EventAppendSignal signal, ILogger<EventNotificationRelay> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Resilient("listen", ListenAsync, stoppingToken), Resilient("notify", NotifyAsync, stoppingToken));

    private async Task ListenAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        connection.Notification += (_, _) => signal.Wake();
        await using (var listen = new NpgsqlCommand($"LISTEN {EventAppendSignal.Channel}", connection))
            await listen.ExecuteNonQueryAsync(ct);
        while (!ct.IsCancellationRequested)
            await connection.WaitAsync(ct);
    }

    private async Task NotifyAsync(CancellationToken ct)
    {
        while (await signal.PendingNotifications.WaitToReadAsync(ct))
        {
            while (signal.PendingNotifications.TryRead(out _)) { }
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var notify = new NpgsqlCommand($"NOTIFY {EventAppendSignal.Channel}", connection);
            await notify.ExecuteNonQueryAsync(ct);
        }
    }

    private async Task Resilient(string what, Func<CancellationToken, Task> loop, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await loop(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Event notification {What} loop failed; polling covers the gap. Retrying.", what);
                try { await Task.Delay(TimeSpan.FromSeconds(2), ct); } catch (OperationCanceledException) { return; }
            }
        }
    }
}
