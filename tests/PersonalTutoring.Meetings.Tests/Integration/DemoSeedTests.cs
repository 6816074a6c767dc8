using Npgsql;
using PersonalTutoring.Allocation;
using PersonalTutoring.Governance;

namespace PersonalTutoring.Meetings.Tests.Integration;

/// <summary>The real host with the real Governance and Allocation modules, as <c>seed-demo</c> runs it.</summary>
public sealed class RealModulesApi : TutoringApiFactory;

/// <summary>Issue 12's done-when: the demo seed publishes slots, books some, records attendance (meetings and clinics) and a no-show with its follow-up.</summary>
public sealed class DemoSeedTests(RealModulesApi api) : IClassFixture<RealModulesApi>
{
    [Fact]
    public async Task The_demo_seed_publishes_books_records_meeting_and_clinic_attendance_and_no_shows_and_is_idempotent()
    {
        await api.Services.SeedGovernanceDemoAsync(CancellationToken.None);
        await api.Services.SeedAllocationDemoAsync(CancellationToken.None);
        await api.Services.SeedMeetingsDemoAsync(CancellationToken.None);
        // The no-show follow-ups' reminders are Wolverine's, on its own (real) clock: not the seed's events.
        const string seeded = "SELECT count(*) FROM events.mt_events WHERE type LIKE 'meetings.%' AND type NOT IN ('meetings.no_show_reminder_sent', 'meetings.no_show_escalated')";
        var events = await Count(seeded);
        await api.Services.SeedMeetingsDemoAsync(CancellationToken.None);
        (await Count(seeded)).Should().Be(events, "a second seed finds every tutor's clinics in place");

        (await Count("SELECT count(*) FROM events.mt_events WHERE type = 'meetings.slot_published'")).Should().BeGreaterThan(10);
        (await Count("SELECT count(*) FROM events.mt_events WHERE type = 'meetings.slot_booked'")).Should().BeGreaterThan(5);
        (await Count("SELECT count(*) FROM events.mt_events WHERE type = 'meetings.meeting_held'")).Should().BeGreaterThan(0);
        (await Count("SELECT count(*) FROM events.mt_events WHERE type = 'meetings.clinic_attendance_recorded'")).Should().BeGreaterThan(0);
        (await Count("SELECT count(*) FROM meetings.mt_doc_meetingview WHERE NOT (data->>'held')::boolean AND (data->>'startsAt')::timestamptz < now()"))
            .Should().BeGreaterThan(0, "a meeting held yesterday waits for its attendance (the tutor's arranged meetings page)");
        (await Count("SELECT count(*) FROM events.mt_events WHERE type = 'meetings.no_show_recorded' AND data->>'atClinic' = 'true'")).Should().BeGreaterThan(0);
        (await Count("SELECT count(*) FROM events.mt_events WHERE type = 'meetings.no_show_recorded' AND data->>'atClinic' = 'false'")).Should().BeGreaterThan(0);
    }

    private async Task<long> Count(string sql)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
