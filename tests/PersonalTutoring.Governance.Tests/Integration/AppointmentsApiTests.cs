using static PersonalTutoring.Governance.Tests.Integration.GovernanceTestSupport;

namespace PersonalTutoring.Governance.Tests.Integration;

/// <summary>GO-1 and GO-2 through the API: who holds each role on a date, and which schools have no Senior Tutor.</summary>
public sealed class AppointmentsApiTests(GovernanceApi api) : IClassFixture<GovernanceApi>
{
    private static object SeniorTutor(string staffId, string remit, string startsOn, string? endsOn = null) =>
        new { staffId, name = $"Dr {staffId}", remit, startsOn, endsOn };

    [Fact]
    public async Task Who_holds_each_role_on_a_date_and_schools_without_a_senior_tutor_are_flagged()
    {
        await api.RegisterSchoolAsync("APA");
        await api.RegisterSchoolAsync("APB");
        var admin = api.Admin();
        var dean = await admin.PostJson("/api/dean-appointments", new { staffId = "dean-1", name = "Prof Carter", startsOn = "2024-08-01" }).ShouldBe(HttpStatusCode.Created);
        dean.GetProperty("endsOn").GetString().Should().Be("2028-07-31", "a Dean's term is four years (GO-1)");
        (await admin.PostJson("/api/dean-appointments", new { staffId = "dean-2", name = "Prof Shah", startsOn = "2027-01-01" }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity))
            .Code().Should().Be("dean-appointments-overlap");
        (await api.EventCountAsync("dean-appointments")).Should().Be(1);

        await admin.PostJson("/api/schools/APA/senior-tutors", SeniorTutor("st-a1", "Years 1-3", "2025-09-01", "2028-08-31")).ShouldBe(HttpStatusCode.Created);
        var shortOne = await api.ClientFor(Roles.Dean, "dean-1").PostJson("/api/schools/APA/senior-tutors", SeniorTutor("st-a2", "Years 4-6", "2025-09-01", "2027-08-31"))
            .ShouldBe(HttpStatusCode.Created);
        shortOne.GetProperty("shorterThanRecommended").GetBoolean().Should().BeTrue("three years are recommended (GO-2)");

        var onDate = await admin.GetAsync("/api/appointments?date=2026-11-22").ShouldBe(HttpStatusCode.OK);
        onDate.GetProperty("dean").GetProperty("staffId").GetString().Should().Be("dean-1");
        var schools = onDate.GetProperty("schools").EnumerateArray().ToDictionary(s => s.GetProperty("schoolCode").GetString()!);
        schools["APA"].GetProperty("seniorTutors").GetArrayLength().Should().Be(2);
        schools["APA"].GetProperty("noSeniorTutor").GetBoolean().Should().BeFalse();
        schools["APB"].GetProperty("noSeniorTutor").GetBoolean().Should().BeTrue();

        var before = await admin.GetAsync("/api/schools/APA/appointments?date=2024-01-01").ShouldBe(HttpStatusCode.OK);
        before.GetProperty("noDean").GetBoolean().Should().BeTrue();
        before.GetProperty("schools")[0].GetProperty("noSeniorTutor").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task An_appointment_ended_early_no_longer_holds_the_role_after_that_date()
    {
        await api.RegisterSchoolAsync("APE");
        var appointed = await api.Admin().PostJson("/api/schools/APE/senior-tutors", SeniorTutor("st-e1", "All students", "2024-09-01")).ShouldBe(HttpStatusCode.Created);
        var id = appointed.GetProperty("appointmentId").GetString();
        (await api.Admin().PostJson($"/api/schools/APE/senior-tutors/{id}/end", new { endsOn = "2026-08-31", reason = "Moved to another university" })
            .ShouldBe(HttpStatusCode.OK)).GetProperty("endedEarlyReason").GetString().Should().Be("Moved to another university");
        (await api.Admin().GetAsync("/api/schools/APE/appointments?date=2026-08-31").ShouldBe(HttpStatusCode.OK))
            .GetProperty("schools")[0].GetProperty("noSeniorTutor").GetBoolean().Should().BeFalse();
        (await api.Admin().GetAsync("/api/schools/APE/appointments?date=2026-09-01").ShouldBe(HttpStatusCode.OK))
            .GetProperty("schools")[0].GetProperty("noSeniorTutor").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Bad_appointments_are_refused_and_nothing_is_written()
    {
        await api.RegisterSchoolAsync("APV");
        await (await api.Admin().PostJson("/api/schools/APV/senior-tutors", SeniorTutor("st-v1", "All", "2026-09-01", "2026-01-01"))).ShouldBeProblem(HttpStatusCode.BadRequest);
        await (await api.Admin().PostJson("/api/schools/APV/senior-tutors", new { name = "No staff id", startsOn = "2026-09-01" })).ShouldBeProblem(HttpStatusCode.BadRequest);
        await (await api.Admin().PostJson("/api/schools/NOPE/senior-tutors", SeniorTutor("st-v1", "All", "2026-09-01"))).ShouldBeProblem(HttpStatusCode.NotFound);
        (await api.EventCountAsync("senior-tutors-APV")).Should().Be(0);
    }

    [Theory]
    [InlineData(Roles.Student)]
    [InlineData(Roles.Tutor)]
    [InlineData(Roles.SeniorTutor)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Governance)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Integration)]
    public async Task Only_admins_and_the_dean_make_appointments(string role)
    {
        var client = api.ClientFor(role, "x", "APF");
        await (await client.PostJson("/api/schools/APF/senior-tutors", SeniorTutor("st-f1", "All", "2026-09-01"))).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await client.PostJson("/api/dean-appointments", new { staffId = "d", name = "D", startsOn = "2040-08-01" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        var end = new { endsOn = "2041-01-01", reason = "Leaving" };
        await (await client.PostJson($"/api/schools/APF/senior-tutors/{Guid.NewGuid()}/end", end)).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await client.PostJson($"/api/dean-appointments/{Guid.NewGuid()}/end", end)).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.EventCountAsync("senior-tutors-APF")).Should().Be(0);
    }

    [Theory]
    [InlineData(Roles.Student, "APR")]
    [InlineData(Roles.SupportTeam, "APR")]
    [InlineData(Roles.Integration, "APR")]
    [InlineData(Roles.Tutor, "OTHER")]
    [InlineData(Roles.SeniorTutor, "OTHER")]
    public async Task Other_schools_and_unrelated_roles_cannot_read_a_schools_appointments(string role, string school)
    {
        await api.Admin().PutJson("/api/schools/APR", new { name = "Readers" });
        await (await api.ClientFor(role, "x", school).GetAsync("/api/schools/APR/appointments")).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(role, "x", school).GetAsync("/api/appointments")).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_tutor_reads_their_own_schools_appointments_but_not_every_schools()
    {
        await api.Admin().PutJson("/api/schools/APR", new { name = "Readers" });
        var tutor = api.ClientFor(Roles.Tutor, "t1", "APR");
        await tutor.GetAsync("/api/schools/APR/appointments").ShouldBe(HttpStatusCode.OK);
        await (await tutor.GetAsync("/api/appointments")).ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.ClientFor(Roles.Governance, "g1").GetAsync("/api/appointments").ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_rebuild_of_the_appointments_projection_gives_the_same_answer()
    {
        await api.RegisterSchoolAsync("APZ");
        await api.Admin().PostJson("/api/schools/APZ/senior-tutors", SeniorTutor("st-z1", "All", "2025-09-01")).ShouldBe(HttpStatusCode.Created);
        var before = (await api.Admin().GetAsync("/api/schools/APZ/appointments?date=2026-11-22").ShouldBe(HttpStatusCode.OK)).GetRawText();
        await api.Admin().PostAsync("/api/admin/projections/governance-appointments/rebuild", null).ShouldBe(HttpStatusCode.OK);
        (await api.Admin().GetAsync("/api/schools/APZ/appointments?date=2026-11-22").ShouldBe(HttpStatusCode.OK)).GetRawText().Should().Be(before);
    }
}
