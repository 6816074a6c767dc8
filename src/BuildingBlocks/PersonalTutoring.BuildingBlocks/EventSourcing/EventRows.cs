using System.Text.Json;
using Npgsql;

namespace PersonalTutoring.BuildingBlocks.EventSourcing;

/// <summary>The one way event rows are selected and materialised, shared by stream reads and the daemon.</summary>
internal static class EventRows
{
    public const string Columns = "seq_id, id, stream_id, version, data::text, type, timestamp, correlation_id, causation_id, user_name, headers::text";

    public static async Task<List<StoredEvent>> ReadAllAsync(NpgsqlCommand command, EventTypeRegistry types, CancellationToken ct)
    {
        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var alias = reader.GetString(5);
            events.Add(new StoredEvent(
                Sequence: reader.GetInt64(0),
                Id: reader.GetGuid(1),
                StreamId: reader.GetString(2),
                Version: reader.GetInt64(3),
                Data: types.Deserialize(alias, reader.GetString(4)),
                EventType: alias,
                Timestamp: reader.GetFieldValue<DateTimeOffset>(6),
                CorrelationId: reader.IsDBNull(7) ? null : reader.GetString(7),
                CausationId: reader.IsDBNull(8) ? null : reader.GetString(8),
                UserName: reader.IsDBNull(9) ? null : reader.GetString(9),
                Headers: reader.IsDBNull(10) ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(10))));
        }
        return events;
    }
}
