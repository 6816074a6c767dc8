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
        var running = Task.WhenAll(operations.Select(op => Task.Run(() => WorkerAsync(op, measureFrom, measureTo, ct), ct)));
        var (clientCpu, cores) = await CpuDuringAsync(warmUp, duration, ct);
        var perWorker = await running;

        var latencies = perWorker.SelectMany(w => w.Latencies).ToArray();
        var lastCompletion = perWorker.Max(w => w.LastCompletion);
        var window = Stopwatch.GetElapsedTime(measureFrom, Math.Max(lastCompletion, measureTo));
        return new LoadResult(workers, latencies.Length, window, clientCpu, latencies) { Cores = cores };
    }

    /// <summary>
    /// This process's CPU time over the measured window: on a small machine the client competes with the server
    /// for cores, so its cost per operation is part of the explanation of any figure.
    /// </summary>
    private static async Task<(TimeSpan Client, CpuUsage? Cores)> CpuDuringAsync(TimeSpan warmUp, TimeSpan duration, CancellationToken ct)
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        await Task.Delay(warmUp, ct);
        process.Refresh();
        var before = process.TotalProcessorTime;
        var machineBefore = CpuSnapshot.Take();
        await Task.Delay(duration, ct);
        process.Refresh();
        return (process.TotalProcessorTime - before, CpuSnapshot.Between(machineBefore, CpuSnapshot.Take()));
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

internal sealed record LoadResult(int Workers, long Operations, TimeSpan Window, TimeSpan ClientCpu, [property: System.Text.Json.Serialization.JsonIgnore] long[] Samples)
{
    public double PerSecond => Operations / Window.TotalSeconds;

    public LatencySummary Latency { get; } = LatencySummary.From(Samples);

    /// <summary>Client CPU per operation in microseconds (approximate: the CPU window and the operation window differ by one operation at most).</summary>
    public double ClientCpuMicroseconds => Operations == 0 ? 0 : ClientCpu.TotalMicroseconds / Operations;

    /// <summary>Average cores used by the benchmark, the server and other processes in the measured window.</summary>
    public CpuUsage? Cores { get; init; }

    /// <summary>Several rounds of the same load as one: operations over total window, percentiles over every sample.</summary>
    public static LoadResult Combine(IReadOnlyCollection<LoadResult> rounds) => new(
        rounds.First().Workers,
        rounds.Sum(r => r.Operations),
        TimeSpan.FromTicks(rounds.Sum(r => r.Window.Ticks)),
        TimeSpan.FromTicks(rounds.Sum(r => r.ClientCpu.Ticks)),
        rounds.SelectMany(r => r.Samples).ToArray())
    {
        Cores = rounds.All(r => r.Cores is not null)
            ? new CpuUsage(Math.Round(rounds.Average(r => r.Cores!.Bench), 2), Math.Round(rounds.Average(r => r.Cores!.Server), 2), Math.Round(rounds.Average(r => r.Cores!.Others), 2))
            : null,
    };
}

/// <summary>Latency percentiles in milliseconds (nearest-rank on every recorded operation, no sampling).</summary>
internal sealed record LatencySummary(double P50, double P95, double P99, double Max, double Mean)
{
    public static LatencySummary From(long[] samples)
    {
        if (samples.Length == 0) return new LatencySummary(0, 0, 0, 0, 0);
        var ticks = (long[])samples.Clone();
        Array.Sort(ticks);
        double Ms(long t) => t * 1000.0 / Stopwatch.Frequency;
        double At(double p) => Ms(ticks[Math.Clamp((int)Math.Ceiling(p * ticks.Length) - 1, 0, ticks.Length - 1)]);
        return new LatencySummary(At(0.50), At(0.95), At(0.99), Ms(ticks[^1]), Ms((long)ticks.Average()));
    }
}
