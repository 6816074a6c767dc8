namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>POST /api/allocations and its reads (AL-1, AL-7, AL-8, AL-10, AL-13).</summary>
public sealed class AllocateTests(AllocationApi api) : IClassFixture<AllocationApi>
{
    private async Task GivenAsync(string prefix)
    {
        await api.SchoolAsync("MED");
        await api.SchoolAsync("ENG");
        await api.StudentAsync($"{prefix}-s1");
        await api.TutorAsync($"{prefix}-t1");
        await api.TutorAsync($"{prefix}-t2");
    }

    [Fact]
    public async Task A_senior_tutor_allocates_then_reallocates_and_the_history_shows_both_with_actor_and_reason()
    {
        await GivenAsync("a");
        await api.AllocateAsync("a-s1", "a-t1");
        var moved = await api.SeniorTutor().PostJson("/api/allocations", new { studentId = "a-s1", tutorId = "a-t2", reason = "Tutor on extended leave" }).ShouldBe(HttpStatusCode.OK);
        moved.GetProperty("previousTutorId").GetString().Should().Be("a-t1");

        var student = await api.ClientFor(Roles.Student, "a-s1").GetAsync("/api/students/a-s1").ShouldBe(HttpStatusCode.OK);
        student.GetProperty("currentTutor").GetProperty("staffId").GetString().Should().Be("a-t2");
        await api.CatchUpAsync();
        var history = await api.ClientFor(Roles.Auditor, "aud").GetAsync("/api/students/a-s1/allocation-history").ShouldBe(HttpStatusCode.OK);
        history.GetArrayLength().Should().Be(2);
        history[1].GetProperty("fromTutorId").GetString().Should().Be("a-t1");
        history[1].GetProperty("toTutorId").GetString().Should().Be("a-t2");
        history[1].GetProperty("actor").GetString().Should().Be("st-MED");
        history[1].GetProperty("reason").GetString().Should().Be("Tutor on extended leave");
        history[1].GetProperty("sequence").GetInt64().Should().BeGreaterThan(history[0].GetProperty("sequence").GetInt64());

        var caseloads = await api.SeniorTutor().GetAsync("/api/schools/MED/caseloads").ShouldBe(HttpStatusCode.OK);
        caseloads.GetProperty("caseload").EnumerateArray().Single(c => c.GetProperty("staffId").GetString() == "a-t1").GetProperty("tutees").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Allocating_the_same_tutor_twice_appends_nothing_the_second_time()
    {
        await GivenAsync("b");
        await api.AllocateAsync("b-s1", "b-t1");
        var events = await api.AllEventCountAsync();
        var again = await api.SeniorTutor().PostJson("/api/allocations", new { studentId = "b-s1", tutorId = "b-t1", reason = "Retry" }).ShouldBe(HttpStatusCode.OK);
        again.GetProperty("changed").GetBoolean().Should().BeFalse();
        (await api.AllEventCountAsync()).Should().Be(events);
    }

    [Fact]
    public async Task A_tutor_at_the_hard_maximum_is_a_422_unless_the_senior_tutor_overrides_with_a_justification()
    {
        await GivenAsync("c");
        api.Policies.Maximum = 4;
        for (var i = 0; i < 4; i++)
        {
            await api.StudentAsync($"c-f{i}");
            await api.AllocateAsync($"c-f{i}", "c-t1");
        }
        var refused = await api.SeniorTutor().PostJson("/api/allocations", new { studentId = "c-s1", tutorId = "c-t1", reason = "One more" }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        refused.GetProperty("code").GetString().Should().Be("caseload-maximum-reached");
        (await api.EventCountAsync("student-c-s1")).Should().Be(1);
        await api.Admin().PostJson("/api/allocations", new { studentId = "c-s1", tutorId = "c-t1", reason = "One more", overrideJustification = "Admin is not a Senior Tutor" })
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity);

        var overridden = await api.SeniorTutor().PostJson("/api/allocations", new { studentId = "c-s1", tutorId = "c-t1", reason = "One more", overrideJustification = "Twin of an existing tutee" })
            .ShouldBe(HttpStatusCode.OK);
        overridden.GetProperty("overrideJustification").GetString().Should().Be("Twin of an existing tutee");
    }

    [Fact]
    public async Task Each_broken_rule_is_a_422_with_its_code_and_writes_nothing()
    {
        await GivenAsync("d");
        await api.TutorAsync("d-eng", school: "ENG");
        await api.TutorAsync("d-temp", permanent: false);
        await api.StudentAsync("d-gone", status: "Withdrawn");
        await api.StudentAsync("d-visit", visiting: true);
        var st = api.SeniorTutor();
        var events = await api.AllEventCountAsync();
        async Task Refused(string student, string tutor, string code) =>
            (await st.PostJson("/api/allocations", new { studentId = student, tutorId = tutor, reason = "x" }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity))
                .GetProperty("code").GetString().Should().Be(code);
        await Refused("d-s1", "d-eng", "tutor-in-another-school");
        await Refused("d-s1", "d-temp", "dean-exception-required");
        await Refused("d-s1", "d-nobody", "unknown-tutor");
        await Refused("d-gone", "d-t1", "student-not-current");
        await Refused("d-visit", "d-t1", "visiting-study-abroad");
        await st.PostJson("/api/allocations", new { studentId = "d-none", tutorId = "d-t1", reason = "x" }).ShouldBeProblem(HttpStatusCode.NotFound);
        await st.PostJson("/api/allocations", new { studentId = "d-s1", tutorId = "", reason = "x" }).ShouldBeProblem(HttpStatusCode.BadRequest);
        await st.PostRaw("/api/allocations", """{"studentId":"d-s1","tutorId":"d-t1","reason":"x","effectiveOn":"2025-02-30"}""").ShouldBeProblem(HttpStatusCode.BadRequest);
        (await api.AllEventCountAsync()).Should().Be(events);
    }

    [Fact]
    public async Task After_the_Deans_exception_a_non_permanent_tutor_may_receive_tutees_AL10()
    {
        await GivenAsync("e");
        await api.TutorAsync("e-temp", permanent: false);
        await api.ClientFor(Roles.Dean, "dean").PostJson("/api/tutors/e-temp/dean-exception", new { justification = "Clinical teaching fellow, two-year contract" })
            .ShouldBe(HttpStatusCode.NoContent);
        await api.AllocateAsync("e-s1", "e-temp");
    }

    [Theory]
    [InlineData(Roles.Student)]
    [InlineData(Roles.Tutor)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Dean)]
    [InlineData(Roles.Governance)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Integration)]
    public async Task Only_senior_tutors_and_admins_allocate(string role)
    {
        await GivenAsync("f");
        await api.ClientFor(role, "f-s1", "MED").PostJson("/api/allocations", new { studentId = "f-s1", tutorId = "f-t1", reason = "x" }).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.EventCountAsync("tutor-f-t1")).Should().Be(1);
    }

    [Fact]
    public async Task A_senior_tutor_of_another_school_may_not_allocate()
    {
        await GivenAsync("g");
        await api.SeniorTutor("ENG").PostJson("/api/allocations", new { studentId = "g-s1", tutorId = "g-t1", reason = "x" }).ShouldBeProblem(HttpStatusCode.NotFound);
        (await api.EventCountAsync("student-g-s1")).Should().Be(1);
    }

    [Theory]
    [InlineData(Roles.Student)]
    [InlineData(Roles.Tutor)]
    [InlineData(Roles.SeniorTutor)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Governance)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Integration)]
    [InlineData(Roles.Admin)]
    public async Task Only_the_dean_records_exceptions(string role)
    {
        await GivenAsync("h");
        await api.TutorAsync("h-temp", permanent: false);
        await api.ClientFor(role, "x", "MED").PostJson("/api/tutors/h-temp/dean-exception", new { justification = "Clinical teaching fellow" }).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.EventCountAsync("tutor-h-temp")).Should().Be(1);
    }
}
