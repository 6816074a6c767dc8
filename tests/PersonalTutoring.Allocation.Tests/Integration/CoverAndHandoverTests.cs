namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>Unavailability (AL-11), handover and departure (AL-8), and who may arrange them.</summary>
public sealed class CoverAndHandoverTests(AllocationApi api) : IClassFixture<AllocationApi>
{
    private async Task GivenAsync(string p, int tutees = 2, string school = "MED")
    {
        await api.SchoolAsync(school);
        api.Policies.Maximum = 10;
        foreach (var t in new[] { "t1", "t2", "t3" }) await api.TutorAsync($"{p}-{t}", school);
        for (var i = 0; i < tutees; i++)
        {
            await api.StudentAsync($"{p}-s{i}", school);
            await api.AllocateAsync($"{p}-s{i}", $"{p}-t1", school);
        }
    }

    [Fact]
    public async Task While_a_tutor_is_away_tutees_see_the_alternative_who_gains_access_and_loses_it_afterwards_AL11()
    {
        await GivenAsync("u");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await api.SeniorTutor().PostJson("/api/tutors/u-t1/unavailability", new { from = today.AddDays(-1), to = today.AddDays(5), reason = "Illness", alternativeStaffId = "u-t2" })
            .ShouldBe(HttpStatusCode.Created);
        var student = await api.ClientFor(Roles.Student, "u-s0").GetAsync("/api/students/u-s0").ShouldBe(HttpStatusCode.OK);
        student.GetProperty("alternativeContact").GetProperty("staffId").GetString().Should().Be("u-t2");
        await api.ClientFor(Roles.Tutor, "u-t2").GetAsync("/api/students/u-s0").ShouldBe(HttpStatusCode.OK);
        await api.ClientFor(Roles.Tutor, "u-t3").GetAsync("/api/students/u-s0").ShouldBeProblem(HttpStatusCode.NotFound);
        var caseloads = await api.SeniorTutor().GetAsync("/api/schools/MED/caseloads").ShouldBe(HttpStatusCode.OK);
        caseloads.GetProperty("caseload").EnumerateArray().Single(c => c.GetProperty("staffId").GetString() == "u-t1").GetProperty("unavailability").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task Bad_unavailability_is_refused_and_nothing_written()
    {
        await GivenAsync("b", 0);
        var st = api.SeniorTutor();
        await st.PostJson("/api/tutors/b-t1/unavailability", new { from = "2025-10-10", to = "2025-10-01", reason = "x", alternativeStaffId = "b-t2" }).ShouldBeProblem(HttpStatusCode.BadRequest);
        (await st.PostJson("/api/tutors/b-t1/unavailability", new { from = "2025-10-01", to = "2025-10-10", reason = "x", alternativeStaffId = "b-t1" })
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString().Should().Be("alternative-is-the-tutor");
        await st.PostJson("/api/tutors/b-none/unavailability", new { from = "2025-10-01", to = "2025-10-10", reason = "x", alternativeStaffId = "b-t2" }).ShouldBeProblem(HttpStatusCode.NotFound);
        (await api.EventCountAsync("tutor-b-t1")).Should().Be(1);
    }

    [Fact]
    public async Task A_handover_moves_every_tutee_records_the_notes_for_the_receiver_and_the_outgoing_tutor_loses_access_AL8()
    {
        await GivenAsync("h");
        var before = await api.ClientFor(Roles.Tutor, "h-t1").GetAsync("/api/students/h-s0").ShouldBe(HttpStatusCode.OK);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var result = await api.SeniorTutor().PostJson("/api/tutors/h-t1/handover", new { toTutorId = "h-t2", notes = "s0 prefers email; s1 has a support plan", effectiveOn = today })
            .ShouldBe(HttpStatusCode.OK);
        result.GetProperty("tuteeCount").GetInt32().Should().Be(2);

        await api.ClientFor(Roles.Tutor, "h-t1").GetAsync("/api/students/h-s0").ShouldBeProblem(HttpStatusCode.NotFound);
        await api.ClientFor(Roles.Tutor, "h-t2").GetAsync("/api/students/h-s0").ShouldBe(HttpStatusCode.OK);
        await api.CatchUpAsync();
        var list = await api.SeniorTutor().GetAsync("/api/handovers?schoolCode=MED").ShouldBe(HttpStatusCode.OK);
        var summary = list.EnumerateArray().Single(h => h.GetProperty("fromTutorId").GetString() == "h-t1");
        summary.GetProperty("notesPresent").GetBoolean().Should().BeTrue();
        summary.TryGetProperty("notes", out _).Should().BeFalse("lists only say that notes exist");
        var id = summary.GetProperty("handoverId").GetString();
        (await api.ClientFor(Roles.Tutor, "h-t2").GetAsync($"/api/handovers/{id}").ShouldBe(HttpStatusCode.OK)).GetProperty("notes").GetString().Should().Contain("support plan");
        await api.ClientFor(Roles.Tutor, "h-t3").GetAsync($"/api/handovers/{id}").ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.ClientFor(Roles.Tutor, "h-t1").GetAsync($"/api/handovers/{id}").ShouldBeProblem(HttpStatusCode.Forbidden);

        var refused = await api.SeniorTutor().PostJson("/api/allocations", new { studentId = "h-s0", tutorId = "h-t1", reason = "back" }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        refused.GetProperty("code").GetString().Should().Be("tutor-has-left");
        var history = await api.ClientFor(Roles.Auditor, "aud").GetAsync("/api/students/h-s1/allocation-history").ShouldBe(HttpStatusCode.OK);
        history[1].GetProperty("kind").GetString().Should().Be("Handover");
    }

    [Fact]
    public async Task A_distributed_handover_spreads_tutees_by_the_planner()
    {
        await GivenAsync("d", 4, "DIS");
        var result = await api.SeniorTutor("DIS").PostJson("/api/tutors/d-t1/handover", new { distribute = true, notes = (string?)null, effectiveOn = DateOnly.FromDateTime(DateTime.UtcNow) })
            .ShouldBe(HttpStatusCode.OK);
        result.GetProperty("toTutorIds").EnumerateArray().Select(e => e.GetString()).Should().BeEquivalentTo(["d-t2", "d-t3"]);
        (await api.SeniorTutor("DIS").GetAsync("/api/tutors/d-t2/tutees").ShouldBe(HttpStatusCode.OK)).GetArrayLength().Should().Be(2);
    }

    [Fact]
    public async Task A_handover_needs_exactly_one_destination()
    {
        await GivenAsync("v", 1);
        var events = await api.AllEventCountAsync();
        await api.SeniorTutor().PostJson("/api/tutors/v-t1/handover", new { toTutorId = "v-t2", distribute = true, effectiveOn = "2025-10-01" }).ShouldBeProblem(HttpStatusCode.BadRequest);
        await api.SeniorTutor().PostJson("/api/tutors/v-t1/handover", new { effectiveOn = "2025-10-01" }).ShouldBeProblem(HttpStatusCode.BadRequest);
        (await api.SeniorTutor().PostJson("/api/tutors/v-t1/handover", new { toTutorId = "v-nobody", effectiveOn = "2025-10-01" }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity))
            .GetProperty("code").GetString().Should().Be("unknown-tutor");
        (await api.AllEventCountAsync()).Should().Be(events);
    }

    [Theory]
    [InlineData(Roles.Student)]
    [InlineData(Roles.Tutor)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Dean)]
    [InlineData(Roles.Governance)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Integration)]
    public async Task Only_senior_tutors_and_admins_arrange_cover_and_handovers(string role)
    {
        await GivenAsync("f", 1);
        var client = api.ClientFor(role, "f-t1", "MED");
        await client.PostJson("/api/tutors/f-t1/unavailability", new { from = "2025-10-01", to = "2025-10-10", reason = "x", alternativeStaffId = "f-t2" }).ShouldBeProblem(HttpStatusCode.Forbidden);
        await client.PostJson("/api/tutors/f-t1/handover", new { toTutorId = "f-t2", effectiveOn = "2025-10-01" }).ShouldBeProblem(HttpStatusCode.Forbidden);
        await client.PostJson("/api/allocations/auto", new { schoolCode = "MED", dryRun = true }).ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.SeniorTutor("ENG").PostJson("/api/tutors/f-t1/handover", new { toTutorId = "f-t2", effectiveOn = "2025-10-01" }).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.EventCountAsync("tutor-f-t1")).Should().Be(2);
    }
}
