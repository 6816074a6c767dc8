using Microsoft.Extensions.Logging;

namespace PersonalTutoring.BuildingBlocks.Telemetry;

/// <summary>
/// Measurements that cost a query: taken when a collector asks and the last sample is older than the interval, on
/// another thread (a collector's callback must not wait on the database), and never two at once. Nobody collecting
/// means no queries at all.
/// </summary>
public abstract class SampledMeasurements<TSample>(TutoringMetrics metrics, TimeProvider clock, ILogger logger) where TSample : class
{
    /// <summary>The meter the gauges are created on.</summary>
    protected TutoringMetrics Metrics { get; } = metrics;

    /// <summary>The host's clock.</summary>
    protected TimeProvider Clock { get; } = clock;

    private TSample? latest;
    private DateTimeOffset sampledAt = DateTimeOffset.MinValue;
    private int sampling;

    protected abstract Task<TSample> SampleAsync(CancellationToken ct);

    /// <summary>The latest sample (null before the first); asks for a fresh one in the background when it is stale.</summary>
    public TSample? Latest
    {
        get
        {
            if (Clock.GetUtcNow() - sampledAt >= Metrics.SampleInterval && Interlocked.CompareExchange(ref sampling, 1, 0) == 0)
                _ = Task.Run(RefreshInBackgroundAsync);
            return latest;
        }
    }

    /// <summary>Takes a sample now (tests; the first collection).</summary>
    public async Task<TSample> RefreshAsync(CancellationToken ct = default)
    {
        var sample = await SampleAsync(ct);
        latest = sample;
        sampledAt = Clock.GetUtcNow();
        return sample;
    }

    private async Task RefreshInBackgroundAsync()
    {
        try { await RefreshAsync(); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The database may be away; the gauges keep their last values and the next collection tries again.
            logger.LogDebug(e, "Sampling {Measurements} failed.", GetType().Name);
            sampledAt = Clock.GetUtcNow();
        }
        finally
        {
            Volatile.Write(ref sampling, 0);
        }
    }
}
