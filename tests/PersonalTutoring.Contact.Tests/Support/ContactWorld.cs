using Npgsql;

namespace PersonalTutoring.Contact.Tests.Support;

/// <summary>Helpers the integration tests share: fresh student ids, request bodies, and counting what was written.</summary>
public static class ContactWorld
{
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..14];

    public static object ContactBody(DateTimeOffset at, string direction = "TutorInitiated", bool? responded = true, string kind = "Email",
        bool enquired = false, string? note = null, string confidentiality = "Standard") => new
        {
            kind,
            direction,
            occurredAt = at,
            enquiredAboutProgressAndWellbeing = enquired,
            tuteeResponded = responded,
            note = note is null ? null : new { text = note, confidentiality },
        };

    /// <summary>The store takes UTC instants, as the system clock gives them.</summary>
    public static void SetClock(this ContactApi api, DateTimeOffset at) => api.Clock.Set(at.ToUniversalTime());

    public static async Task<long> EventCount(this ContactApi api, string stream)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM events.mt_events WHERE stream_id = @s", connection);
        command.Parameters.AddWithValue("s", stream);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
