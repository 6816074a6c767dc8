using Npgsql;
using NpgsqlTypes;

namespace PersonalTutoring.Allocation.Notifications;

/// <summary>
/// <c>allocation.outbox_messages</c> and every statement about it (docs/adr/0023). A relational table, not a jsonb
/// document: the outbox is an operational queue that auto-allocation fills 15,000 rows at a time, and PostgreSQL
/// takes typed columns from binary <c>COPY</c> without parsing any JSON.
/// </summary>
internal static class OutboxTable
{
    private const string Name = "allocation.outbox_messages";

    private const string Columns = "id, channel, recipient, subject, body, student_id, created_at, status, attempts, next_attempt_at, delivered_at, last_error";

    // The id is the message's Guid v7 (its "N" string in the API), so id order is creation order.
    // outbox_messages_due holds only what is still to send, in the order the sender takes it.
    public const string Ddl = $"""
        CREATE SCHEMA IF NOT EXISTS allocation;
        CREATE TABLE IF NOT EXISTS {Name} (
            id              uuid        PRIMARY KEY,
            channel         text        NOT NULL,
            recipient       text        NOT NULL,
            subject         text        NOT NULL,
            body            text        NOT NULL,
            student_id      text        NOT NULL,
            created_at      timestamptz NOT NULL,
            status          text        NOT NULL,
            attempts        int         NOT NULL,
            next_attempt_at timestamptz NOT NULL,
            delivered_at    timestamptz,
            last_error      text
        );
        CREATE INDEX IF NOT EXISTS outbox_messages_due ON {Name} (id) WHERE status <> 'Delivered';
        CREATE INDEX IF NOT EXISTS outbox_messages_student ON {Name} (student_id, id);
        """;

    /// <summary>Inserts new messages with one binary <c>COPY</c>, inside the connection's current transaction.</summary>
    public static async Task InsertAsync(NpgsqlConnection connection, IReadOnlyCollection<OutboxMessage> messages, CancellationToken ct)
    {
        if (messages.Count == 0) return;
        await using var writer = await connection.BeginBinaryImportAsync($"COPY {Name} ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var m in messages)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(Guid.ParseExact(m.Id, "N"), NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(m.Channel.ToString(), NpgsqlDbType.Text, ct);
            await writer.WriteAsync(m.Recipient, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(m.Subject, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(m.Body, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(m.StudentId, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(m.CreatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
            await writer.WriteAsync(m.Status.ToString(), NpgsqlDbType.Text, ct);
            await writer.WriteAsync(m.Attempts, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(m.NextAttemptAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
            if (m.DeliveredAt is { } delivered) await writer.WriteAsync(delivered.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
            else await writer.WriteNullAsync(ct);
            if (m.LastError is { } error) await writer.WriteAsync(error, NpgsqlDbType.Text, ct);
            else await writer.WriteNullAsync(ct);
        }
        await writer.CompleteAsync(ct);
    }

    /// <summary>
    /// Locks up to <paramref name="limit"/> due messages for the transaction, oldest first. Rows another sender holds
    /// are skipped, not waited for; Registry messages are left alone while no webhook is configured.
    /// </summary>
    public static async Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(NpgsqlConnection connection, NpgsqlTransaction tx, DateTimeOffset now,
        bool registryConfigured, int limit, CancellationToken ct)
    {
        await using var claim = new NpgsqlCommand($"""
            SELECT {Columns} FROM {Name}
            WHERE status <> 'Delivered' AND next_attempt_at <= @now AND (@registry OR channel <> 'Registry')
            ORDER BY id LIMIT @limit FOR UPDATE SKIP LOCKED
            """, connection, tx);
        claim.Parameters.AddWithValue("now", now.ToUniversalTime());
        claim.Parameters.AddWithValue("registry", registryConfigured);
        claim.Parameters.AddWithValue("limit", limit);
        return await ReadAsync(claim, ct);
    }

    /// <summary>Marks pending Registry messages <see cref="DeliveryStatus.NotConfigured"/>: kept, and sent once a webhook is configured.</summary>
    public static async Task MarkRegistryNotConfiguredAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var mark = new NpgsqlCommand(
            $"UPDATE {Name} SET status = 'NotConfigured' WHERE channel = 'Registry' AND status = 'Pending'", connection, tx);
        await mark.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Records the outcome of delivery attempts (status, attempts, next attempt, delivery time, last error) in one round trip.</summary>
    public static async Task RecordAttemptsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyCollection<OutboxMessage> attempted, CancellationToken ct)
    {
        if (attempted.Count == 0) return;
        await using var batch = new NpgsqlBatch(connection, tx);
        foreach (var m in attempted)
        {
            var update = new NpgsqlBatchCommand($"""
                UPDATE {Name} SET status = @status, attempts = @attempts, next_attempt_at = @next, delivered_at = @delivered, last_error = @error
                WHERE id = @id
                """);
            update.Parameters.AddWithValue("id", Guid.ParseExact(m.Id, "N"));
            update.Parameters.AddWithValue("status", m.Status.ToString());
            update.Parameters.AddWithValue("attempts", m.Attempts);
            update.Parameters.AddWithValue("next", m.NextAttemptAt.ToUniversalTime());
            update.Parameters.Add(new NpgsqlParameter("delivered", NpgsqlDbType.TimestampTz) { Value = (object?)m.DeliveredAt?.ToUniversalTime() ?? DBNull.Value });
            update.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Text) { Value = (object?)m.LastError ?? DBNull.Value });
            batch.BatchCommands.Add(update);
        }
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The newest <paramref name="limit"/> messages, optionally of one status and one student.</summary>
    public static async Task<IReadOnlyList<OutboxMessage>> ListAsync(NpgsqlDataSource dataSource, DeliveryStatus? status, string? studentId, int limit,
        CancellationToken ct)
    {
        // Conditions are added only when asked for, so the planner sees a plain equality it can serve from an index.
        var conditions = new List<string>();
        if (status is not null) conditions.Add("status = @status");
        if (studentId is not null) conditions.Add("student_id = @student");
        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var list = new NpgsqlCommand($"SELECT {Columns} FROM {Name} {where} ORDER BY id DESC LIMIT @limit", connection);
        if (status is not null) list.Parameters.AddWithValue("status", status.Value.ToString());
        if (studentId is not null) list.Parameters.AddWithValue("student", studentId);
        list.Parameters.AddWithValue("limit", limit);
        return await ReadAsync(list, ct);
    }

    private static async Task<IReadOnlyList<OutboxMessage>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var messages = new List<OutboxMessage>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            messages.Add(new OutboxMessage(
                reader.GetGuid(0).ToString("N"),
                Enum.Parse<Channel>(reader.GetString(1)),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6),
                Enum.Parse<DeliveryStatus>(reader.GetString(7)),
                reader.GetInt32(8),
                reader.GetFieldValue<DateTimeOffset>(9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
                reader.IsDBNull(11) ? null : reader.GetString(11)));
        return messages;
    }
}
