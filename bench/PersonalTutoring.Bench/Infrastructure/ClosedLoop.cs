using System.Diagnostics;

namespace PersonalTutoring.Bench.Infrastructure;

/// <summary>
/// Runs N workers, each issuing one operation after another (a closed loop: the next starts when the previous
/// commits), for a warm-up and then a fixed measured window, recording every measured operation's latency.
/// </summary>
internal static class ClosedLoop
{
    /// <param name="operationFor">Creates worker i's operation; each worker owns its state, so none is shared.</param>
    public static async Task<LoadResult> RunAsync(int workers, TimeSpan warmUp, TimeSpan duration, Func<int, Func<CancellationToken, Task>> operationFor, CancellationToken ct)
    {
        var operations = Enumerable.Range(0, workers).Select(operationFor).ToArray();
        var origin = Stopwatch.GetTimestamp();
        var measureFrom = origin + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        // Task.Run so that a worker's synchronous prefix (serialisation, command building) does not delay starting the others.
        var perWorker = await Task.WhenAll(operations.Select(op => Task.Run(() => WorkerAsync(op, measureFrom, measureTo, ct), ct)));

        var latencies = perWorker.SelectMany(w => w.Latencies).ToArray();
        var lastCompletion = perWorker.Max(w => w.LastCompletion);
        var window = Stopwatch.GetElapsedTime(measureFrom, Math.Max(lastCompletion, measureTo));
        return new LoadResult(workers, latencies.Length, window, LatencySummary.From(latencies));
    }

    private static async Task<(List<long> Latencies, long LastCompletion)> WorkerAsync(Func<CancellationToken, Task> operation, long measureFrom, long measureTo, CancellationToken ct)
    {
        var latencies = new List<long>(16_384);
        long lastCompletion = 0;
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            if (start >= measureTo) break;
            await operation(ct);
            var end = Stopwatch.GetTimestamp();
            // Operations that started during the warm-up warm caches and pools but count for nothing.
            if (start >= measureFrom)
            {
                latencies.Add(end - start);
                lastCompletion = end;
            }
        }
        return (latencies, lastCompletion);
    }
}

internal sealed record LoadResult(int Workers, long Operations, TimeSpan Window, LatencySummary Latency)
{
    public double PerSecond => Operations / Window.TotalSeconds;
}

/// <summary>Latency percentiles in milliseconds (nearest-rank on every recorded operation, no sampling).</summary>
internal sealed record LatencySummary(double P50, double P95, double P99, double Max, double Mean)
{
    public static LatencySummary From(long[] ticks)
    {
        if (ticks.Length == 0) return new LatencySummary(0, 0, 0, 0, 0);
        Array.Sort(ticks);
        double Ms(long t) => t * 1000.0 / Stopwatch.Frequency;
        double At(double p) => Ms(ticks[Math.Clamp((int)Math.Ceiling(p * ticks.Length) - 1, 0, ticks.Length - 1)]);
        return new LatencySummary(At(0.50), At(0.95), At(0.99), Ms(ticks[^1]), Ms((long)ticks.Average()));
    }
}
