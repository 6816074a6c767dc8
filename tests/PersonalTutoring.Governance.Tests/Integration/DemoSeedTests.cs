using Npgsql;

namespace PersonalTutoring.Governance.Tests.Integration;

/// <summary>The demo data set: realistic, written through the deciders, and idempotent.</summary>
public sealed class DemoSeedTests(GovernanceApi api) : IClassFixture<GovernanceApi>
{
    [Fact]
    public async Task Seeding_twice_appends_nothing_the_second_time_and_gives_a_working_demo()
    {
        await api.Services.SeedGovernanceDemoAsync(CancellationToken.None);
        var events = await TotalEventsAsync();
        await api.Services.SeedGovernanceDemoAsync(CancellationToken.None);
        (await TotalEventsAsync()).Should().Be(events);

        var governance = api.ClientFor(Roles.Governance, "g1");
        var med = await governance.GetAsync("/api/schools/MED/policies/in-force?date=2026-11-22").ShouldBe(HttpStatusCode.OK);
        med.GetProperty("isUniversityDefault").GetBoolean().Should().BeFalse();
        med.GetProperty("allocationBlocks").GetArrayLength().Should().Be(4);
        med.GetProperty("yearsWithoutContactRequirement")[0].GetInt32().Should().Be(6);
        (await governance.GetAsync("/api/schools/MED/policies/in-force?date=2026-03-01").ShouldBe(HttpStatusCode.OK))
            .GetProperty("academicYear").GetString().Should().Be("2025-26");
        (await governance.GetAsync("/api/schools/ENG/policies/in-force?date=2026-11-22&level=PGT").ShouldBe(HttpStatusCode.OK))
            .GetProperty("caseloadTarget").GetInt32().Should().Be(25);
        (await governance.GetAsync("/api/schools/MED/academic-years/2026-27/calendar").ShouldBe(HttpStatusCode.OK))
            .GetProperty("schoolCode").GetString().Should().Be("MED");

        var appointments = await governance.GetAsync("/api/appointments?date=2026-11-22").ShouldBe(HttpStatusCode.OK);
        appointments.GetProperty("noDean").GetBoolean().Should().BeFalse();
        var schools = appointments.GetProperty("schools").EnumerateArray().ToDictionary(s => s.GetProperty("schoolCode").GetString()!);
        schools["MED"].GetProperty("seniorTutors").GetArrayLength().Should().Be(2);
        schools["ENG"].GetProperty("noSeniorTutor").GetBoolean().Should().BeTrue();
    }

    private async Task<long> TotalEventsAsync()
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM events.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>On an earlier clock the seed records only the approval steps that have already happened.</summary>
public sealed class DemoSeedOnAnEarlierClockTests : IClassFixture<GovernanceApi>
{
    private readonly GovernanceApi api;

    public DemoSeedOnAnEarlierClockTests(GovernanceApi api)
    {
        this.api = api;
        api.Clock.Set(new DateTimeOffset(2025, 10, 1, 9, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task Next_years_policy_is_seeded_as_a_draft_awaiting_approval()
    {
        await api.Services.SeedGovernanceDemoAsync(CancellationToken.None);
        var governance = api.ClientFor(Roles.Governance, "g1");
        (await governance.GetAsync("/api/schools/MED/policies/2026-27").ShouldBe(HttpStatusCode.OK))
            .GetProperty("versions")[0].GetProperty("stage").GetString().Should().Be("Draft");
        (await governance.GetAsync("/api/schools/MED/policies/in-force?date=2025-10-01").ShouldBe(HttpStatusCode.OK))
            .GetProperty("version").GetInt32().Should().Be(1);
    }
}
