using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wolverine;
using PersonalTutoring.DataProtection.Erasure;
using Wolverine.Attributes;

namespace PersonalTutoring.DataProtection.Retention;

// Public because Wolverine's generated handler code (compiled in the host) names them; the identity is stored in
// Wolverine's envelope tables, so it never changes.

/// <summary>Apply the retention schedule as of a day (the daily run).</summary>
[MessageIdentity("data_protection.run_retention_schedule")]
public sealed record RunRetentionSchedule(DateOnly Day);

/// <summary>
/// Wolverine runs the day's retention run from its durable local queue: a host that stops half way leaves the message,
/// and the next host finishes the run (every step is idempotent: a kind already erased is not erased again).
/// </summary>
public static class RunRetentionScheduleHandler
{
    public static Task Handle(RunRetentionSchedule message, IRetentionDays days, CancellationToken ct) => days.RunAsync(message.Day, ct);
}

/// <summary>The day's run, once (public only because the handler's generated code names it).</summary>
public interface IRetentionDays
{
    Task RunAsync(DateOnly day, CancellationToken ct);
}

internal sealed class RetentionDays(RetentionRuns runs, RetentionSchedule schedule, TimeProvider clock) : IRetentionDays
{
    public async Task RunAsync(DateOnly day, CancellationToken ct)
    {
        if (await runs.RanOnAsync(day, ct)) return;
        await schedule.RunAsync(day, "retention-schedule", dryRun: false, clock.GetUtcNow(), ct);
    }
}

/// <summary>The completed runs, newest first (the runs' stream is a log: one event a day).</summary>
internal sealed class RetentionRuns(IDocumentStore store)
{
    public async Task<IReadOnlyList<RetentionReport>> RecentAsync(int count, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(RetentionSchedule.RunsStream, token: ct);
        return [.. events.Select(e => e.Data).OfType<RetentionRunCompleted>().Select(r => r.Report).Reverse().Take(count)];
    }

    public async Task<bool> RanOnAsync(DateOnly day, CancellationToken ct) => (await RecentAsync(10, ct)).Any(r => r.AsOf == day && !r.DryRun);
}

/// <summary>
/// Sends the day's <see cref="RunRetentionSchedule"/> once its hour has come and no run of that day is recorded,
/// looking every <see cref="RetentionSettings.CheckMinutes"/>. Several hosts may each send it; the handler runs a day
/// once.
/// </summary>
internal sealed class RetentionScheduler(IServiceProvider services, RetentionSettings settings, TimeProvider clock, ILogger<RetentionScheduler> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled) return;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(settings.CheckMinutes), clock);
        do
        {
            try
            {
                var now = clock.GetUtcNow();
                var today = DateOnly.FromDateTime(now.UtcDateTime);
                if (now.Hour >= settings.RunAtHourUtc && !await services.GetRequiredService<RetentionRuns>().RanOnAsync(today, stoppingToken))
                {
                    await using var scope = services.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<IMessageBus>().PublishAsync(new RunRetentionSchedule(today));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "The retention schedule could not be checked; it is checked again in {Minutes} minutes.", settings.CheckMinutes);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
