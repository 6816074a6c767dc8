using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Meetings.Tests.Support;

/// <summary>The real host with a hand-moved clock and in-memory Allocation and Governance (as the Contact tests have them).</summary>
public sealed class MeetingsApi : TutoringApiFactory
{
    public FakeAllocation Allocation { get; } = new();
    public FakeGovernance Governance { get; } = new();

    protected override bool UseManualClock => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IAllocationQueries>(Allocation);
            services.AddSingleton<IStudentDirectory>(Allocation);
            services.AddSingleton<IAcademicCalendar>(Governance);
            services.AddSingleton<ITutoringPolicies>(Governance);
            services.AddSingleton<IMeetingSchedules>(Governance);
        });
    }

    public HttpClient Tutor(string staffId) => ClientFor(Roles.Tutor, staffId);

    public HttpClient Student(string studentId) => ClientFor(Roles.Student, studentId);

    public void SetClock(DateTimeOffset at) => Clock.Set(at.ToUniversalTime());

    /// <summary>A tutor with <paramref name="tutees"/> fresh tutees in MED (the fake knows tutors through their tutees).</summary>
    public (string Tutor, string[] Tutees) NewTutor(int tutees = 2, string school = "MED")
    {
        var tutor = NewId("t");
        var ids = Enumerable.Range(0, tutees).Select(_ => NewId("s")).ToArray();
        foreach (var s in ids) Allocation.AddStudent(s, school, tutor, new DateOnly(2025, 8, 1));
        return (tutor, ids);
    }

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..14];

    public async Task<long> EventCount(string streamPrefix)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM events.mt_events WHERE stream_id LIKE @s", connection);
        command.Parameters.AddWithValue("s", streamPrefix + "%");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The emails Allocation's notification path holds for an address (its documents, read as JSON text).</summary>
    public async Task<IReadOnlyList<string>> EmailsTo(string address)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT data::text FROM allocation.mt_doc_notification WHERE data::text LIKE @a", connection);
        command.Parameters.AddWithValue("a", $"%\"{address}\"%");
        var found = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) found.Add(reader.GetString(0));
        return found;
    }

    /// <summary>Waits until Contact's stream of the student holds at least <paramref name="atLeast"/> events (written by its message handler).</summary>
    public async Task<long> WaitForContactEvents(string studentId, int atLeast)
    {
        for (var i = 0; i < 100; i++)
        {
            var count = await EventCount($"contact-{studentId}");
            if (count >= atLeast) return count;
            await Task.Delay(100);
        }
        return await EventCount($"contact-{studentId}");
    }

    /// <summary>Messages of a type Wolverine holds for later (scheduled, durable).</summary>
    public async Task<long> ScheduledCount(string messageType)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM wolverine.wolverine_incoming_envelopes WHERE message_type = @t AND status = 'Scheduled'", connection);
        command.Parameters.AddWithValue("t", messageType);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Whether any document in the meetings schema holds the text.</summary>
    public async Task<bool> MeetingsDocumentsMention(string text)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM meetings.mt_doc_meetingview WHERE data::text LIKE @t", connection);
        command.Parameters.AddWithValue("t", $"%{text}%");
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    /// <summary>Waits for Wolverine to handle what a command published (its local queues run in the background).</summary>
    public async Task<IReadOnlyList<string>> WaitForEmailsTo(string address, int atLeast = 1)
    {
        for (var i = 0; i < 100; i++)
        {
            var found = await EmailsTo(address);
            if (found.Count >= atLeast) return found;
            await Task.Delay(100);
        }
        return await EmailsTo(address);
    }
}
