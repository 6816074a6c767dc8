using Npgsql;
using PersonalTutoring.Allocation;
using PersonalTutoring.Governance;
using static PersonalTutoring.Contact.Tests.Support.ContactWorld;

namespace PersonalTutoring.Contact.Tests.Integration;

/// <summary>The real host with the real Governance (calendars, policies) and Allocation (students, tutors, access) modules, as <c>seed-demo</c> runs it.</summary>
public sealed class RealModulesApi : TutoringApiFactory;

/// <summary>The Contact demo seed over the Governance and Allocation demo seeds, and the Contact endpoints against real data.</summary>
public sealed class RealModulesTests(RealModulesApi api) : IClassFixture<RealModulesApi>
{
    [Fact]
    public async Task The_demo_seed_gives_a_term_of_contact_with_gaps_and_flags_is_idempotent_and_the_endpoints_work_on_real_allocations()
    {
        await api.Services.SeedGovernanceDemoAsync(CancellationToken.None);
        await api.Services.SeedAllocationDemoAsync(CancellationToken.None);
        await api.Services.SeedContactDemoAsync(CancellationToken.None);
        var streams = await ContactStreams();
        streams.Should().BeGreaterThan(1000);
        var events = await ContactEvents();
        await api.Services.SeedContactDemoAsync(CancellationToken.None);
        (await ContactEvents()).Should().Be(events, "a second seed finds every student's record in place");

        var compliance = await api.ClientFor(Roles.Dean, "staff-dean-1").GetAsync("/api/schools/MED/contact-compliance").ShouldBe(HttpStatusCode.OK);
        // The Allocation seed allocates everyone on the seed day, so earlier months are not yet required of their tutors.
        compliance.GetProperty("school").GetProperty("tutees").GetInt32().Should().BeGreaterThan(800, "1,100 MED students less year 6 (AL-9)");
        compliance.GetProperty("school").GetProperty("contactAttempted").GetInt32().Should().BeGreaterThan(500, "most tutees had contact this term");
        (await api.ClientFor(Roles.SupportTeam, "sup").GetAsync("/api/support-team/worklist").ShouldBe(HttpStatusCode.OK)).GetArrayLength()
            .Should().BeGreaterThan(0, "tutees who never answer are flagged");

        var worklist = await api.Tutor("t-med-01").GetAsync("/api/tutors/t-med-01/contact-due").ShouldBe(HttpStatusCode.OK);
        var tutee = worklist.GetProperty("tutees")[0].GetProperty("studentId").GetString();
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        await api.Tutor("t-med-01").PostJson($"/api/students/{tutee}/contacts", ContactBody(now, note: "Quick check-in")).ShouldBe(HttpStatusCode.Created);
        await api.Tutor("t-med-03").PostJson($"/api/students/{tutee}/contacts", ContactBody(now)).ShouldBeProblem(HttpStatusCode.NotFound);
        var record = await api.Tutor("t-med-01").GetAsync($"/api/students/{tutee}/contacts").ShouldBe(HttpStatusCode.OK);
        record.GetProperty("notes").EnumerateArray().Select(n => n.GetProperty("text").GetString()).Should().Contain("Quick check-in");
    }

    private Task<long> ContactStreams() => Count("SELECT count(*) FROM events.mt_streams WHERE id LIKE 'contact-%'");

    private Task<long> ContactEvents() => Count("SELECT count(*) FROM events.mt_events WHERE type LIKE 'contact.%'");

    private async Task<long> Count(string sql)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

internal static class RealApiClients
{
    public static HttpClient Tutor(this RealModulesApi api, string staffId) => api.ClientFor(Roles.Tutor, staffId);
}
