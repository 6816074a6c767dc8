namespace PersonalTutoring.Governance.Tests.Integration.DevelopmentAndGuide;

/// <summary>The demo seed for MED and ENG: realistic, readable through the API, and idempotent.</summary>
public sealed class DevelopmentDemoSeedTests(DevelopmentApi api) : IClassFixture<DevelopmentApi>
{
    [Fact]
    public async Task Seeding_twice_after_the_governance_demo_writes_once_and_the_data_reads_back_through_the_api()
    {
        await api.Services.SeedGovernanceDemoAsync(CancellationToken.None); // the schools MED and ENG, as the host seeds them first

        await api.Services.SeedGovernanceDevelopmentDemoAsync(CancellationToken.None);
        var written = await api.EventCountAsync("");
        await api.Services.SeedGovernanceDevelopmentDemoAsync(CancellationToken.None);
        (await api.EventCountAsync("")).Should().Be(written, "a second run writes nothing");
        await api.CatchUpAsync();

        var senior = api.ClientFor(Roles.SeniorTutor, "st-med", "MED");
        var tutors = await senior.GetAsync("/api/schools/MED/tutor-development").ShouldBe(HttpStatusCode.OK);
        tutors.GetArrayLength().Should().Be(10);
        tutors[0].GetProperty("staffId").GetString().Should().Be("MED-T001");
        tutors.EnumerateArray().Should().Contain(t => t.GetProperty("trainingOverdue").GetBoolean()).And.Contain(t => !t.GetProperty("trainingOverdue").GetBoolean());
        tutors.EnumerateArray().Sum(t => t.GetProperty("openConcerns").GetInt32()).Should().Be(1);

        var kpis = await api.ClientFor(Roles.Governance, "gov").GetAsync("/api/schools/ENG/tutor-development/kpis").ShouldBe(HttpStatusCode.OK);
        kpis.GetProperty("tutors").GetInt32().Should().Be(10);

        var evaluation = await api.ClientFor(Roles.Governance, "gov").GetAsync("/api/schools/MED/evaluation/2025-26").ShouldBe(HttpStatusCode.OK);
        evaluation.GetProperty("survey").GetArrayLength().Should().Be(2);

        var guide = await api.ClientFor(Roles.Student, "s1", "ENG").GetAsync("/api/schools/ENG/tutee-guide/2026-27").ShouldBe(HttpStatusCode.OK);
        guide.GetProperty("guide").GetProperty("meetingSchedule").GetArrayLength().Should().BeGreaterThanOrEqualTo(4, "ME-1: four meetings a year");
    }
}
