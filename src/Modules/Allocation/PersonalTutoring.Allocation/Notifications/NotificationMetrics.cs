using System.Diagnostics.Metrics;
using Marten;
using Microsoft.Extensions.Logging;
using PersonalTutoring.BuildingBlocks.Telemetry;

namespace PersonalTutoring.Allocation.Notifications;

internal sealed record NotificationSample(IReadOnlyDictionary<DeliveryStatus, int> Waiting, double OldestPendingSeconds);

/// <summary>
/// <c>tutoring.notification.backlog</c>: notifications not delivered, by status (pending, waiting for a Registry URL,
/// dead-lettered); <c>tutoring.notification.oldest_age</c>: how long the oldest pending one has waited.
/// </summary>
internal sealed class NotificationMetrics(TutoringMetrics metrics, IDocumentStore store, TimeProvider clock, ILogger<NotificationMetrics> logger)
    : SampledMeasurements<NotificationSample>(metrics, clock, logger), IMetricsSource
{
    private static readonly DeliveryStatus[] Undelivered = [DeliveryStatus.Pending, DeliveryStatus.NotConfigured, DeliveryStatus.DeadLettered];

    public void Register()
    {
        Metrics.Meter.CreateObservableGauge("tutoring.notification.backlog",
            () => Latest?.Waiting.Select(w => new Measurement<int>(w.Value, new KeyValuePair<string, object?>("status", Status(w.Key)))) ?? [],
            "{notification}", "Notifications (email, Registry webhook) not delivered, by status.");
        Metrics.Meter.CreateObservableGauge<double>("tutoring.notification.oldest_age",
            () => Latest is { } s ? [new Measurement<double>(s.OldestPendingSeconds)] : [],
            "s", "How long the oldest pending notification has waited for delivery (0 when none waits).");
    }

    protected override async Task<NotificationSample> SampleAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var waiting = new Dictionary<DeliveryStatus, int>();
        foreach (var status in Undelivered)
            waiting[status] = await session.Query<Notification>().Where(n => n.Status == status).CountAsync(ct);
        var oldest = await session.Query<Notification>().Where(n => n.Status == DeliveryStatus.Pending)
            .OrderBy(n => n.CreatedAt).Select(n => n.CreatedAt).Take(1).ToListAsync(ct);
        var age = oldest.Count == 0 ? 0 : Math.Max(0, (Clock.GetUtcNow() - oldest[0]).TotalSeconds);
        return new NotificationSample(waiting, age);
    }

    private static string Status(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Pending => "pending",
        DeliveryStatus.NotConfigured => "not_configured",
        _ => "dead_lettered",
    };
}
