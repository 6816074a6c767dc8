using System.Diagnostics.Metrics;
using Marten;
using JasperFx;
using JasperFx.Events.Daemon;
using Marten.Events;
using Microsoft.Extensions.Logging;
using PersonalTutoring.BuildingBlocks.Projections;
using Wolverine.Persistence.Durability;

namespace PersonalTutoring.BuildingBlocks.Telemetry;

/// <summary>What an operator watches of the event store and the messaging: how far each async projection is behind, and what was given up on.</summary>
public sealed record ProjectionSample(IReadOnlyDictionary<string, long> Lag, IReadOnlyDictionary<string, long> DeadLetters, long MessageDeadLetters);

/// <summary>
/// <c>tutoring.projection.lag</c> (the highest event sequence minus the projection's progression, per async projection),
/// <c>tutoring.projection.dead_letters</c> (events a projection moved past) and <c>tutoring.message.dead_letters</c>
/// (messages Wolverine gave up on).
/// </summary>
public sealed class ProjectionMetrics(TutoringMetrics metrics, ProjectionAdmin projections, IDocumentStore store, IMessageStore messages,
    TimeProvider clock, ILogger<ProjectionMetrics> logger) : SampledMeasurements<ProjectionSample>(metrics, clock, logger), IMetricsSource
{
    public void Register()
    {
        Metrics.Meter.CreateObservableGauge("tutoring.projection.lag", () => Per(Latest?.Lag), "{event}",
            "Events appended but not yet applied by each async projection (highest sequence minus its progression).");
        Metrics.Meter.CreateObservableGauge("tutoring.projection.dead_letters", () => Per(Latest?.DeadLetters), "{event}",
            "Events each projection could not apply and moved past.");
        Metrics.Meter.CreateObservableGauge<long>("tutoring.message.dead_letters", () => Latest is { } s ? [new Measurement<long>(s.MessageDeadLetters)] : [],
            "{message}", "Messages (notifications, webhooks) that failed after every retry.");
    }

    protected override async Task<ProjectionSample> SampleAsync(CancellationToken ct)
    {
        var status = await projections.StatusAsync(ct);
        // The highest sequence appended, not the daemon's own high-water mark: a daemon that stalls stops moving that
        // mark too, and its lag would read 0 while events pile up.
        var appended = await store.Storage.Database.FetchHighestEventSequenceNumber(ct);
        var lag = status.Where(s => s.Lifecycle == "Async").ToDictionary(s => s.Name, s => Math.Max(0, appended - s.Checkpoint));
        var dead = new Dictionary<string, long>();
        await using (var session = store.QuerySession())
            foreach (var name in status.Select(s => s.Name))
                dead[name] = await session.Query<DeadLetterEvent>().Where(d => d.ProjectionName == name).CountAsync(ct);
        var counts = await messages.Admin.FetchCountsAsync();
        return new ProjectionSample(lag, dead, counts.DeadLetter);
    }

    private static IEnumerable<Measurement<long>> Per(IReadOnlyDictionary<string, long>? values) =>
        values?.Select(v => new Measurement<long>(v.Value, new KeyValuePair<string, object?>("projection", v.Key))) ?? [];
}
