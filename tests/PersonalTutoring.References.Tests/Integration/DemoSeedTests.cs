using Npgsql;
using PersonalTutoring.Allocation;
using PersonalTutoring.Governance;

namespace PersonalTutoring.References.Tests.Integration;

/// <summary>The real host with the real Governance and Allocation modules, as <c>seed-demo</c> runs it.</summary>
public sealed class RealModulesApi : TutoringApiFactory;

public sealed class DemoSeedTests(RealModulesApi api) : IClassFixture<RealModulesApi>
{
    [Fact]
    public async Task The_demo_seed_has_requests_in_every_state_and_a_final_year_UKFPO_request_and_is_idempotent()
    {
        await api.Services.SeedGovernanceDemoAsync(CancellationToken.None);
        await api.Services.SeedAllocationDemoAsync(CancellationToken.None);
        await api.Services.SeedReferencesDemoAsync(CancellationToken.None);
        var events = await Count("SELECT count(*) FROM events.mt_events WHERE type LIKE 'references.%'");
        await api.Services.SeedReferencesDemoAsync(CancellationToken.None);
        (await Count("SELECT count(*) FROM events.mt_events WHERE type LIKE 'references.%'")).Should().Be(events, "a second seed finds every request in place");

        var statuses = await Strings("SELECT data->>'status' FROM \"references\".mt_doc_referencerequestview");
        statuses.Distinct().Should().HaveCount(4, "awaiting, accepted, declined and with the Support Team");
        (await Count("SELECT count(*) FROM events.mt_events WHERE type = 'references.concern_answered'")).Should().BeGreaterThan(0);
        (await Count("SELECT count(*) FROM events.mt_events WHERE type = 'references.marked_confidential'")).Should().BeGreaterThan(0);
        (await Count("SELECT count(*) FROM events.mt_events WHERE type = 'references.reference_issued' AND data->>'supersedes' IS NOT NULL")).Should().BeGreaterThan(0);
        (await Strings("SELECT data->>'kind' FROM \"references\".mt_doc_referencerequestview")).Should().Contain("Ukfpo");

        // The endpoints on real allocations: a seeded tutor sees their worklist.
        var tutor = (await Strings("SELECT data->>'tutorId' FROM \"references\".mt_doc_referencerequestview LIMIT 1")).Single();
        (await api.ClientFor(Roles.Tutor, tutor).GetAsync("/api/tutors/me/reference-requests").ShouldBe(HttpStatusCode.OK)).GetArrayLength().Should().BeGreaterThan(0);
    }

    private async Task<long> Count(string sql)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<string>> Strings(string sql)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }
}
