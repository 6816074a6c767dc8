using Marten;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Allocation.ReadModels.TutorViews;
using PersonalTutoring.Allocation.Tutors;

namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>POST /api/allocations/auto end to end (AL-1, AL-7, AL-8); the planner's properties are in Unit/.</summary>
public sealed class AutoAllocationTests(AllocationApi api) : IClassFixture<AllocationApi>
{
    [Fact]
    public async Task A_dry_run_returns_the_plan_and_writes_nothing_then_the_run_applies_it_within_the_maximum()
    {
        await api.SchoolAsync("AUTO");
        api.Policies.Target = 3;
        api.Policies.Maximum = 4;
        for (var i = 0; i < 3; i++) await api.TutorAsync($"at-{i}", school: "AUTO");
        var rows = Enumerable.Range(0, 14).Select(i => StudentUpsertTests.Row($"as-{i:D2}", "AUTO")).ToArray();
        await api.ClientFor(Roles.Integration, "registry").PostJson("/api/students/batch", new { students = rows }).ShouldBe(HttpStatusCode.OK);
        var st = api.SeniorTutor("AUTO");
        var events = await api.AllEventCountAsync();

        var dry = await st.PostJson("/api/allocations/auto", new { schoolCode = "AUTO", dryRun = true }).ShouldBe(HttpStatusCode.OK);
        dry.GetProperty("placements").GetArrayLength().Should().Be(12);
        dry.GetProperty("unplaced").GetArrayLength().Should().Be(2);
        dry.GetProperty("unplaced")[0].GetProperty("reason").GetString().Should().Be("all-tutors-at-maximum");
        (await api.AllEventCountAsync()).Should().Be(events, "a dry run writes nothing");

        var run = await st.PostJson("/api/allocations/auto", new { schoolCode = "AUTO", dryRun = false }).ShouldBe(HttpStatusCode.OK);
        run.GetProperty("placements").GetRawText().Should().Be(dry.GetProperty("placements").GetRawText(), "the run applies the plan it showed");
        var caseloads = await st.GetAsync("/api/schools/AUTO/caseloads").ShouldBe(HttpStatusCode.OK);
        caseloads.GetProperty("maximumTutees").GetInt32().Should().Be(4);
        caseloads.GetProperty("tutors").GetInt32().Should().Be(3);
        await using var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        foreach (var tutor in new[] { "at-0", "at-1", "at-2" })
        {
            var caseload = (await session.Events.FetchStreamAsync(Tutor.StreamId(tutor))).Select(e => e.Data).OfType<TuteesAssigned>().Should().ContainSingle(
                "one caseload event per tutor per run, however many tutees join").Which;
            caseload.Tutees.Select(t => t.StudentId).Should().BeEquivalentTo(
                run.GetProperty("placements").EnumerateArray().Where(p => p.GetProperty("tutorId").GetString() == tutor).Select(p => p.GetProperty("studentId").GetString()));
        }

        var again = await st.PostJson("/api/allocations/auto", new { schoolCode = "AUTO", dryRun = false }).ShouldBe(HttpStatusCode.OK);
        again.GetProperty("placements").GetArrayLength().Should().Be(0);
        again.GetProperty("kept").GetInt32().Should().Be(12);
    }

    [Fact]
    public async Task A_student_entering_a_new_block_gets_a_new_tutor_and_one_inside_the_block_keeps_theirs_AL8()
    {
        await api.SchoolAsync("BLK");
        api.Policies.Maximum = 10;
        await api.TutorAsync("bt-1", school: "BLK");
        await api.TutorAsync("bt-2", school: "BLK");
        await api.StudentAsync("bs-moving", school: "BLK", year: 2);
        await api.StudentAsync("bs-staying", school: "BLK", year: 1);
        await api.AllocateAsync("bs-moving", "bt-1", "BLK");
        await api.AllocateAsync("bs-staying", "bt-1", "BLK");
        await api.StudentAsync("bs-moving", school: "BLK", year: 3);   // UCL: year 3 is a block of its own
        await api.StudentAsync("bs-staying", school: "BLK", year: 2);  // years 1-2 are one block

        var run = await api.SeniorTutor("BLK").PostJson("/api/allocations/auto", new { schoolCode = "BLK", dryRun = false }).ShouldBe(HttpStatusCode.OK);
        var placement = run.GetProperty("placements").EnumerateArray().Single();
        placement.GetProperty("studentId").GetString().Should().Be("bs-moving");
        placement.GetProperty("tutorId").GetString().Should().Be("bt-2");
        placement.GetProperty("newBlock").GetBoolean().Should().BeTrue();
        run.GetProperty("kept").GetInt32().Should().Be(1);
        await using var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var released = (await session.Events.FetchStreamAsync(Tutor.StreamId("bt-1"))).Select(e => e.Data).OfType<TuteesReleased>().Should().ContainSingle().Which;
        released.Tutees.Should().ContainSingle().Which.StudentId.Should().Be("bs-moving");
        (await session.LoadAsync<TutorView>("bt-1"))!.Tutees.Should().Equal("bs-staying");
        (await session.LoadAsync<TutorView>("bt-2"))!.Tutees.Should().Equal("bs-moving");
    }

    [Fact]
    public async Task Item13_a_run_gives_a_new_student_the_place_a_tutee_entering_a_new_block_frees()
    {
        await api.SchoolAsync("REL");
        api.Policies.Target = 2;
        api.Policies.Maximum = 2;
        await api.TutorAsync("rt-1", school: "REL");
        await api.TutorAsync("rt-2", school: "REL");
        await api.StudentAsync("rs-moving", school: "REL", year: 2);
        await api.StudentAsync("rs-staying", school: "REL", year: 1);
        await api.AllocateAsync("rs-moving", "rt-1", "REL");
        await api.AllocateAsync("rs-staying", "rt-1", "REL");
        await api.StudentAsync("rs-moving", school: "REL", year: 3);
        await api.StudentAsync("rs-a-new", school: "REL", year: 1); // sorts first, while rt-1 is still full

        var run = await api.SeniorTutor("REL").PostJson("/api/allocations/auto", new { schoolCode = "REL", dryRun = false }).ShouldBe(HttpStatusCode.OK);
        run.GetProperty("unplaced").GetArrayLength().Should().Be(0);
        var loads = run.GetProperty("caseloads").EnumerateArray().ToDictionary(c => c.GetProperty("staffId").GetString()!, c => c.GetProperty("after").GetInt32());
        loads.Should().Equal(new Dictionary<string, int> { ["rt-1"] = 2, ["rt-2"] = 1 });
        await using var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        (await session.LoadAsync<TutorView>("rt-1"))!.Tutees.Should().BeEquivalentTo(["rs-staying", "rs-a-new"]);
    }

    [Fact]
    public async Task Bad_scopes_are_refused()
    {
        await api.SeniorTutor("NOPE").PostJson("/api/allocations/auto", new { schoolCode = "NOPE", dryRun = true }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        await api.Admin().PostJson("/api/allocations/auto", new { schoolCode = "MED" }).ShouldBeProblem(HttpStatusCode.BadRequest);
        await api.Admin().PostJson("/api/allocations/auto", new { schoolCode = "MED", dryRun = true, level = "Postdoc" }).ShouldBeProblem(HttpStatusCode.BadRequest);
    }
}
