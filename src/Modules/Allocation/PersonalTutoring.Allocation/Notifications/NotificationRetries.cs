using Microsoft.Extensions.Options;
using Wolverine;
using Wolverine.ErrorHandling;

namespace PersonalTutoring.Allocation.Notifications;

/// <summary>A delivery attempt failed (the mail relay or the Registry refused, or did not answer).</summary>
internal sealed class NotificationNotDeliveredException(string id, Exception inner)
    : Exception($"Notification {id} was not delivered: {inner.Message}", inner);

/// <summary>
/// When a failed delivery is tried again: first quick in-process retries (<c>Allocation:Notifications:CooldownSeconds</c>,
/// default 0.5, 2), then retries Wolverine schedules durably (<c>Allocation:Notifications:RetrySeconds</c>, default
/// 30 s, 5 min, 30 min, 2 h); after the last one the message is dead-lettered. Declared once: the Wolverine policy and
/// the notification's <c>nextAttemptAt</c> both come from here.
/// </summary>
internal sealed class NotificationRetries(IOptions<NotificationSettings> settings)
{
    public IReadOnlyList<TimeSpan> Cooldowns { get; } = NotificationSettings.Parse(settings.Value.CooldownSeconds, [0.5, 2]);

    public IReadOnlyList<TimeSpan> Scheduled { get; } = NotificationSettings.Parse(settings.Value.RetrySeconds, [30, 300, 1800, 7200]);

    /// <summary>How long after failed attempt <paramref name="attempt"/> (1-based) the next one runs; null after the last.</summary>
    public TimeSpan? DelayAfter(int attempt)
    {
        var all = Cooldowns.Concat(Scheduled).ToList();
        return attempt >= 1 && attempt <= all.Count ? all[attempt - 1] : null;
    }
}

/// <summary>Routes the notification messages to one durable local queue and gives their failures the retry policy.</summary>
internal sealed class NotificationDeliveryPolicy(NotificationRetries retries) : IWolverineExtension
{
    public const string Queue = "allocation-notifications";

    public void Configure(WolverineOptions options)
    {
        options.PublishMessage<NotificationsWritten>().ToLocalQueue(Queue);
        options.PublishMessage<DeliverNotification>().ToLocalQueue(Queue);
        options.LocalQueue(Queue).MaximumParallelMessages(8); // delivery waits on the mail relay and the Registry, not the CPU

        IFailureActions next = options.OnException<NotificationNotDeliveredException>();
        if (retries.Cooldowns.Count > 0) next = next.RetryWithCooldown([.. retries.Cooldowns]).Then;
        if (retries.Scheduled.Count > 0) next = next.ScheduleRetry([.. retries.Scheduled]).Then;
        next.MoveToErrorQueue();
    }
}
