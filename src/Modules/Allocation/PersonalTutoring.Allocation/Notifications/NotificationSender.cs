using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.Retry;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Allocation.Notifications;

/// <summary>
/// Delivers the outbox at least once (docs/adr/0023). Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c> so several
/// hosts share the work; a crash between sending and marking re-sends, never loses. Each attempt retries quickly
/// with exponential backoff (Polly); a message that still fails waits exponentially longer before the next round.
/// </summary>
internal sealed class NotificationSender(NpgsqlDataSource dataSource, EventStoreOptions options, ISmtp smtp, RegistryWebhook registry,
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
        var table = options.Documents.For<OutboxMessage>().TableName;
        var configured = registry.Url is not null;
        if (!configured)
        {
            await using var mark = new NpgsqlCommand($"UPDATE {table} SET data = jsonb_set(data, '{{status}}', '\"NotConfigured\"') WHERE data->>'channel' = 'Registry' AND data->>'status' = 'Pending'", connection, tx);
            await mark.ExecuteNonQueryAsync(ct);
        }
        var now = clock.GetUtcNow();
        await using var select = new NpgsqlCommand($"""
            SELECT data FROM {table}
            WHERE data->>'status' <> 'Delivered' AND (data->>'nextAttemptAt')::timestamptz <= @now AND (@registry OR data->>'channel' <> 'Registry')
            ORDER BY id LIMIT {BatchSize} FOR UPDATE SKIP LOCKED
            """, connection, tx);
        select.Parameters.AddWithValue("now", now);
        select.Parameters.AddWithValue("registry", configured);
        var due = new List<OutboxMessage>();
        await using (var reader = await select.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                due.Add(JsonSerializer.Deserialize<OutboxMessage>(reader.GetString(0), EventJson.Options)!);

        var delivered = 0;
        foreach (var message in due)
        {
            OutboxMessage next;
            try
            {
                await retry.ExecuteAsync(async token => await SendAsync(message, token), ct);
                next = message with { Status = DeliveryStatus.Delivered, Attempts = message.Attempts + 1, DeliveredAt = clock.GetUtcNow(), LastError = null };
                delivered++;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
            {
                var attempts = message.Attempts + 1;
                var wait = TimeSpan.FromSeconds(Math.Min(3600, Math.Pow(2, attempts)));
                next = message with { Attempts = attempts, NextAttemptAt = clock.GetUtcNow() + wait, LastError = e.Message };
                logger.LogWarning("Notification {Id} to {Recipient} failed (attempt {Attempts}): {Error}", message.Id, message.Recipient, attempts, e.Message);
            }
            await using var update = new NpgsqlCommand($"UPDATE {table} SET data = @data, last_modified = now() WHERE id = @id", connection, tx);
            update.Parameters.AddWithValue("id", next.Id);
            update.Parameters.Add(new NpgsqlParameter("data", NpgsqlTypes.NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(next, EventJson.Options) });
            await update.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return delivered;
    }

    private Task SendAsync(OutboxMessage message, CancellationToken ct) => message.Channel switch
    {
        Channel.Email => smtp.SendAsync(new MailEnvelope(message.Id, configuration["Allocation:Mail:From"] ?? "personal-tutoring@localhost",
            message.Recipient, message.Subject, message.Body, message.CreatedAt), ct),
        _ => registry.SendAsync(message, ct),
    };
}
