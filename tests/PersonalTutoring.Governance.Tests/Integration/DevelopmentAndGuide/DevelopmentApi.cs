using Npgsql;

namespace PersonalTutoring.Governance.Tests.Integration.DevelopmentAndGuide;

/// <summary>The host with a clock the tests set: "today" is 2025-10-01 unless a test moves it.</summary>
public sealed class DevelopmentApi : TutoringApiFactory
{
    protected override bool UseManualClock => true;

    /// <summary>Registers a school; registering it again (another test of the class) changes nothing.</summary>
    public async Task RegisterSchoolAsync(string schoolCode) =>
        (await Admin().PutJson($"/api/schools/{schoolCode}", new { name = $"School {schoolCode}" })).StatusCode.Should().BeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);

    /// <summary>How many events streams whose id starts with <paramref name="prefix"/> hold: "nothing was written" checks.</summary>
    public async Task<long> EventCountAsync(string prefix)
    {
        _ = Services; // the host migrates the event tables when it starts
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM events.mt_events WHERE starts_with(stream_id, @p)", connection);
        command.Parameters.AddWithValue("p", prefix);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Rebuilds a projection as admin and returns what <paramref name="read"/> saw before and after.</summary>
    public async Task<(string Before, string After)> RebuildAsync(string projection, Func<Task<string>> read)
    {
        await CatchUpAsync();
        var before = await read();
        await Admin().PostAsync($"/api/admin/projections/{projection}/rebuild", null).ShouldBe(HttpStatusCode.OK);
        await CatchUpAsync();
        return (before, await read());
    }
}

/// <summary>The roles that are refused wherever only a school's Senior Tutors, the Dean and Admin may act.</summary>
public static class ForbiddenRoles
{
    public static TheoryData<string> NotManagingSchools => [Roles.Student, Roles.Tutor, Roles.SupportTeam, Roles.Governance, Roles.Auditor, Roles.Integration];
}
