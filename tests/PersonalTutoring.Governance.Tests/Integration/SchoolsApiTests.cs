using Npgsql;

namespace PersonalTutoring.Governance.Tests.Integration;

public sealed class SchoolsApiTests(TutoringApiFactory api) : IClassFixture<TutoringApiFactory>
{
    [Fact]
    public async Task An_admin_registers_a_school_then_changes_it_and_a_repeat_appends_nothing()
    {
        var admin = api.Admin();

        var created = await admin.PutJson("/api/schools/MED", new { name = "Medical School", college = "Life Sciences" });
        await created.ShouldBe(HttpStatusCode.Created);
        created.Headers.ETag!.Tag.Should().Be("\"1\"");
        var repeated = await admin.PutJson("/api/schools/MED", new { name = "Medical School", college = "Life Sciences" });
        await repeated.ShouldBe(HttpStatusCode.OK);
        repeated.Headers.ETag!.Tag.Should().Be("\"1\"", "an identical PUT appends nothing");
        await admin.PutJson("/api/schools/MED", new { name = "UCL Medical School", college = "Life Sciences" }).ShouldBe(HttpStatusCode.OK);

        var school = await api.ClientFor(Roles.Student, "s1").GetAsync("/api/schools/MED").ShouldBe(HttpStatusCode.OK);
        school.GetProperty("name").GetString().Should().Be("UCL Medical School");
        (await EventCount("school-MED")).Should().Be(2);
    }

    [Theory]
    [InlineData(Roles.Student)]
    [InlineData(Roles.Tutor)]
    [InlineData(Roles.SeniorTutor)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Dean)]
    [InlineData(Roles.Governance)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Integration)]
    public async Task Only_admins_register_schools(string role)
    {
        await (await api.ClientFor(role, "x", "FORB").PutJson("/api/schools/FORB", new { name = "Forbidden" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await EventCount("school-FORB")).Should().Be(0);
    }

    [Fact]
    public async Task An_unknown_school_is_a_404()
    {
        await (await api.Admin().GetAsync("/api/schools/NOPE")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    private async Task<long> EventCount(string stream)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM events.mt_events WHERE stream_id = @s", connection);
        command.Parameters.AddWithValue("s", stream);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
