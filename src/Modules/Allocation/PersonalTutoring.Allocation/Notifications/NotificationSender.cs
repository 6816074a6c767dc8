using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.Retry;

namespace PersonalTutoring.Allocation.Notifications;

/// <summary>
/// Delivers the outbox at least once (docs/adr/0023). Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c> so several
/// hosts share the work; a crash between sending and marking re-sends, never loses. Each attempt retries quickly
/// with exponential backoff (Polly); a message that still fails waits exponentially longer before the next round.
/// </summary>
internal sealed class NotificationSender(NpgsqlDataSource dataSource, ISmtp smtp, RegistryWebhook registry,
    IConfiguration configuration, TimeProvider clock, ILogger<NotificationSender> logger) : BackgroundService
{
    private const int BatchSize = 50;

    private readonly ResiliencePipeline retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(100),
            UseJitter = true,
            ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<IOException>().Handle<TimeoutException>(),
        })
        .AddTimeout(TimeSpan.FromSeconds(15))
        .Build();

    private TimeSpan PollInterval => TimeSpan.FromSeconds(configuration.GetValue("Allocation:Notifications:PollSeconds", 2.0));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var delivered = 0;
            try { delivered = await DeliverBatchAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
            {
                logger.LogWarning(e, "The notification sender could not read the outbox; retrying.");
            }
            if (delivered == 0)
                try { await Task.Delay(PollInterval, stoppingToken); }
                catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Delivers what is due; returns how many were delivered.</summary>
    internal async Task<int> DeliverBatchAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var configured = registry.Url is not null;
        if (!configured) await OutboxTable.MarkRegistryNotConfiguredAsync(connection, tx, ct);
        var due = await OutboxTable.ClaimDueAsync(connection, tx, clock.GetUtcNow(), configured, BatchSize, ct);

        var attempted = new List<OutboxMessage>(due.Count);
        foreach (var message in due)
        {
            try
            {
                await retry.ExecuteAsync(async token => await SendAsync(message, token), ct);
                attempted.Add(message with { Status = DeliveryStatus.Delivered, Attempts = message.Attempts + 1, DeliveredAt = clock.GetUtcNow(), LastError = null });
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
            {
                var attempts = message.Attempts + 1;
                var wait = TimeSpan.FromSeconds(Math.Min(3600, Math.Pow(2, attempts)));
                attempted.Add(message with { Attempts = attempts, NextAttemptAt = clock.GetUtcNow() + wait, LastError = e.Message });
                logger.LogWarning("Notification {Id} to {Recipient} failed (attempt {Attempts}): {Error}", message.Id, message.Recipient, attempts, e.Message);
            }
        }
        await OutboxTable.RecordAttemptsAsync(connection, tx, attempted, ct);
        await tx.CommitAsync(ct);
        return attempted.Count(m => m.Status == DeliveryStatus.Delivered);
    }

    private Task SendAsync(OutboxMessage message, CancellationToken ct) => message.Channel switch
    {
        Channel.Email => smtp.SendAsync(new MailEnvelope(message.Id, configuration["Allocation:Mail:From"] ?? "personal-tutoring@localhost",
            message.Recipient, message.Subject, message.Body, message.CreatedAt), ct),
        _ => registry.SendAsync(message, ct),
    };
}
