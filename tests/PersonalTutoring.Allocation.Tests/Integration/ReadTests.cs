namespace PersonalTutoring.Allocation.Tests.Integration;

public sealed class ClockedAllocationApi : AllocationApi
{
    protected override bool UseManualClock => true;
}

/// <summary>Reads and who may make them; as-of answers equal a replay, and a rebuild gives the same history (AL-4, AL-13).</summary>
public sealed class ReadTests(ClockedAllocationApi api) : IClassFixture<ClockedAllocationApi>
{
    private static readonly DateTimeOffset Start = new(2025, 9, 29, 9, 0, 0, TimeSpan.Zero);

    private async Task GivenAllocatedAsync(string p)
    {
        api.Clock.Set(Start);
        await api.SchoolAsync("MED");
        await api.StudentAsync($"{p}-s1");
        await api.StudentAsync($"{p}-s2");
        await api.TutorAsync($"{p}-t1");
        await api.TutorAsync($"{p}-t2");
        await api.AllocateAsync($"{p}-s1", $"{p}-t1");
    }

    /// <summary>An instant given as <c>asOf</c> stands for its UK date: who was the tutor that day (effective dates, docs/adr/0041).</summary>
    [Fact]
    public async Task The_tutor_on_the_date_of_an_instant_and_the_tutors_tutees_that_day_agree_AL13()
    {
        await GivenAllocatedAsync("r");
        api.Clock.Set(Start.AddDays(30));
        await api.SeniorTutor().PostJson("/api/allocations", new { studentId = "r-s1", tutorId = "r-t2", reason = "Tutor left" }).ShouldBe(HttpStatusCode.OK);
        var auditor = api.ClientFor(Roles.Auditor, "aud");

        var before = await auditor.GetAsync($"/api/students/r-s1/allocation?asOf={Uri.EscapeDataString(Start.AddDays(10).ToString("O"))}").ShouldBe(HttpStatusCode.OK);
        before.GetProperty("tutorId").GetString().Should().Be("r-t1");
        var after = await auditor.GetAsync($"/api/students/r-s1/allocation?asOf={Uri.EscapeDataString(Start.AddDays(31).ToString("O"))}").ShouldBe(HttpStatusCode.OK);
        after.GetProperty("tutorId").GetString().Should().Be("r-t2");
        var beforeAny = await auditor.GetAsync($"/api/students/r-s1/allocation?asOf={Uri.EscapeDataString(Start.AddDays(-1).ToString("O"))}").ShouldBe(HttpStatusCode.OK);
        beforeAny.GetProperty("tutorId").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);

        // The tutor's caseload at the same instants agrees.
        var t1Then = await auditor.GetAsync($"/api/tutors/r-t1/tutees?asOf={Uri.EscapeDataString(Start.AddDays(10).ToString("O"))}").ShouldBe(HttpStatusCode.OK);
        t1Then.EnumerateArray().Select(t => t.GetProperty("studentId").GetString()).Should().Equal("r-s1");
        var t1Now = await auditor.GetAsync("/api/tutors/r-t1/tutees").ShouldBe(HttpStatusCode.OK);
        t1Now.GetArrayLength().Should().Be(0);
        await auditor.GetAsync("/api/students/r-s1/allocation?asOf=yesterday").ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_student_who_suspends_mid_term_has_a_status_history_and_keeps_their_tutor_AL2()
    {
        await GivenAllocatedAsync("m");
        api.Clock.Set(Start.AddDays(40));
        await api.StudentAsync("m-s1", status: "Suspended");
        var queries = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Contracts.IAllocationQueries>(api.Services);
        var day = DateOnly.FromDateTime(Start.UtcDateTime);
        (await queries.StatusHistoryAsync("m-s1", CancellationToken.None)).Should().Equal(
            new Contracts.StudentStatusPeriod(Contracts.StudentStatus.Studying, day, day.AddDays(40)),
            new Contracts.StudentStatusPeriod(Contracts.StudentStatus.Suspended, day.AddDays(40), null));
        var tutees = await api.ClientFor(Roles.Tutor, "m-t1").GetAsync("/api/tutors/m-t1/tutees").ShouldBe(HttpStatusCode.OK);
        tutees[0].GetProperty("status").GetString().Should().Be("Suspended");
    }

    [Fact]
    public async Task The_history_is_identical_after_a_rebuild()
    {
        await GivenAllocatedAsync("h");
        await api.SeniorTutor().PostJson("/api/allocations", new { studentId = "h-s1", tutorId = "h-t2", reason = "Swap" }).ShouldBe(HttpStatusCode.OK);
        await api.CatchUpAsync();
        var auditor = api.ClientFor(Roles.Auditor, "aud");
        var before = (await auditor.GetAsync("/api/students/h-s1/allocation-history").ShouldBe(HttpStatusCode.OK)).GetRawText();
        var students = (await auditor.GetAsync("/api/students/h-s1").ShouldBe(HttpStatusCode.OK)).GetRawText();

        await api.Admin().PostAsync("/api/admin/projections/allocation-history/rebuild", null).ShouldBe(HttpStatusCode.OK);
        await api.Admin().PostAsync("/api/admin/projections/allocation-students/rebuild", null).ShouldBe(HttpStatusCode.OK);
        await api.Admin().PostAsync("/api/admin/projections/allocation-tutors/rebuild", null).ShouldBe(HttpStatusCode.OK);

        (await auditor.GetAsync("/api/students/h-s1/allocation-history").ShouldBe(HttpStatusCode.OK)).GetRawText().Should().Be(before);
        (await auditor.GetAsync("/api/students/h-s1").ShouldBe(HttpStatusCode.OK)).GetRawText().Should().Be(students);
    }

    /// <summary>Another student or tutor gets the 404 of a student who does not exist (issue 10 item 7); Governance's role never reads students.</summary>
    [Theory]
    [InlineData(Roles.Student, "x-s2", HttpStatusCode.NotFound)]
    [InlineData(Roles.Tutor, "x-t2", HttpStatusCode.NotFound)]
    [InlineData(Roles.Governance, "gov", HttpStatusCode.Forbidden)]
    public async Task Those_who_do_not_stand_towards_the_student_may_not_read_their_allocation(string role, string subject, HttpStatusCode refused)
    {
        await GivenAllocatedAsync("x");
        var client = api.ClientFor(role, subject);
        await client.GetAsync("/api/students/x-s1").ShouldBeProblem(refused);
        await client.GetAsync("/api/students/x-s1/allocation").ShouldBeProblem(refused);
        await client.GetAsync("/api/students/x-s1/allocation-history").ShouldBeProblem(refused);
    }

    [Theory]
    [InlineData(Roles.Student, "y-s1")]
    [InlineData(Roles.Tutor, "y-t1")]
    [InlineData(Roles.SupportTeam, "support")]
    [InlineData(Roles.Auditor, "aud")]
    [InlineData(Roles.Integration, "registry")]
    [InlineData(Roles.Dean, "dean")]
    public async Task The_student_their_tutor_and_oversight_roles_read_the_allocation(string role, string subject)
    {
        await GivenAllocatedAsync("y");
        var client = api.ClientFor(role, subject);
        await client.GetAsync("/api/students/y-s1").ShouldBe(HttpStatusCode.OK);
        await client.GetAsync("/api/students/y-s1/allocation").ShouldBe(HttpStatusCode.OK);
        await client.GetAsync("/api/students/y-s1/allocation-history").ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_senior_tutor_of_another_school_may_not_read_the_student()
    {
        await GivenAllocatedAsync("z");
        await api.SeniorTutor("ENG").GetAsync("/api/students/z-s1").ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_tutor_reads_only_their_own_tutees_and_no_school_lists()
    {
        await GivenAllocatedAsync("w");
        var tutor = api.ClientFor(Roles.Tutor, "w-t1");
        (await tutor.GetAsync("/api/tutors/w-t1/tutees").ShouldBe(HttpStatusCode.OK)).GetArrayLength().Should().Be(1);
        await tutor.GetAsync("/api/tutors/w-t2/tutees").ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.ClientFor(Roles.Student, "w-s1").GetAsync("/api/tutors/w-t1/tutees").ShouldBeProblem(HttpStatusCode.Forbidden);
        foreach (var url in new[] { "/api/schools/MED/caseloads", "/api/schools/MED/unallocated", "/api/handovers?schoolCode=MED", "/api/schools/MED/tutor-change-requests" })
        {
            await tutor.GetAsync(url).ShouldBeProblem(HttpStatusCode.Forbidden);
            await api.ClientFor(Roles.Student, "w-s1").GetAsync(url).ShouldBeProblem(HttpStatusCode.Forbidden);
            await api.ClientFor(Roles.Governance, "gov").GetAsync(url).ShouldBeProblem(HttpStatusCode.Forbidden);
            await api.SeniorTutor("ENG").GetAsync(url).ShouldBeProblem(HttpStatusCode.Forbidden);
            await api.SeniorTutor().GetAsync(url).ShouldBe(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Unallocated_students_show_days_since_registration_and_the_deadline_AL4()
    {
        await GivenAllocatedAsync("u");
        api.Policies.DeadlineDays = 7;
        api.Clock.Set(new DateTimeOffset(2025, 10, 1, 9, 0, 0, TimeSpan.Zero)); // registered 22 September: 9 days
        var list = await api.SeniorTutor().GetAsync("/api/schools/MED/unallocated").ShouldBe(HttpStatusCode.OK);
        var row = list.GetProperty("students").EnumerateArray().Single(s => s.GetProperty("studentId").GetString() == "u-s2");
        row.GetProperty("daysSinceRegistration").GetInt32().Should().Be(9);
        row.GetProperty("deadlinePassed").GetBoolean().Should().BeTrue();
        list.GetProperty("students").EnumerateArray().Should().NotContain(s => s.GetProperty("studentId").GetString() == "u-s1");
        // u-s1 was allocated 7 days after registering (in time); u-s2 is 9 days past registration with no tutor (late).
        var kpi = list.GetProperty("kpi");
        kpi.GetProperty("notAllocatedInTime").GetInt32().Should().Be(list.GetProperty("pastDeadline").GetInt32());
        kpi.GetProperty("percentNotAllocatedInTime").GetDouble().Should().BeGreaterThan(0);
    }
}
