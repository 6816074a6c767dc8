namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>Tutor change requests (AL-6): asked by the tutee or on their behalf, decided by the school's Senior Tutor.</summary>
public sealed class ChangeRequestTests(AllocationApi api) : IClassFixture<AllocationApi>
{
    private async Task<string> RequestAsync(string p)
    {
        await api.SchoolAsync("MED");
        await api.StudentAsync($"{p}-s1");
        await api.TutorAsync($"{p}-t1");
        await api.TutorAsync($"{p}-t2");
        await api.AllocateAsync($"{p}-s1", $"{p}-t1");
        var created = await api.ClientFor(Roles.Student, $"{p}-s1").PostJson($"/api/students/{p}-s1/tutor-change-requests", new { reason = "We do not get on" })
            .ShouldBe(HttpStatusCode.Created);
        return created.GetProperty("requestId").GetString()!;
    }

    [Fact]
    public async Task An_approved_request_reallocates_and_the_student_sees_status_and_rationale()
    {
        var id = await RequestAsync("a");
        await api.CatchUpAsync();
        var open = await api.SeniorTutor().GetAsync("/api/schools/MED/tutor-change-requests").ShouldBe(HttpStatusCode.OK);
        open.EnumerateArray().Single(r => r.GetProperty("requestId").GetString() == id).GetProperty("ageDays").GetInt32().Should().Be(0);

        await api.SeniorTutor().PostJson($"/api/tutor-change-requests/{id}/decision", new { outcome = "Approved", newTutorId = "a-t2", rationale = "A fresh start helps" })
            .ShouldBe(HttpStatusCode.OK);
        var student = await api.ClientFor(Roles.Student, "a-s1").GetAsync("/api/students/a-s1").ShouldBe(HttpStatusCode.OK);
        student.GetProperty("currentTutor").GetProperty("staffId").GetString().Should().Be("a-t2");
        await api.CatchUpAsync();
        var mine = await api.ClientFor(Roles.Student, "a-s1").GetAsync("/api/students/a-s1/tutor-change-requests").ShouldBe(HttpStatusCode.OK);
        mine[0].GetProperty("status").GetString().Should().Be("Approved");
        mine[0].GetProperty("rationale").GetString().Should().Be("A fresh start helps");
        await api.SeniorTutor().PostJson($"/api/tutor-change-requests/{id}/decision", new { outcome = "Declined", rationale = "again" })
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_declined_request_keeps_the_tutor()
    {
        var id = await RequestAsync("d");
        await api.SeniorTutor().PostJson($"/api/tutor-change-requests/{id}/decision", new { outcome = "Declined", rationale = "Let us meet together first" }).ShouldBe(HttpStatusCode.OK);
        var student = await api.ClientFor(Roles.Student, "d-s1").GetAsync("/api/students/d-s1").ShouldBe(HttpStatusCode.OK);
        student.GetProperty("currentTutor").GetProperty("staffId").GetString().Should().Be("d-t1");
    }

    [Fact]
    public async Task Bad_decisions_are_refused()
    {
        var id = await RequestAsync("b");
        var st = api.SeniorTutor();
        await st.PostJson($"/api/tutor-change-requests/{id}/decision", new { outcome = "Approved", rationale = "no tutor named" }).ShouldBeProblem(HttpStatusCode.BadRequest);
        await st.PostJson($"/api/tutor-change-requests/{id}/decision", new { outcome = "Maybe", rationale = "x" }).ShouldBeProblem(HttpStatusCode.BadRequest);
        await st.PostJson("/api/tutor-change-requests/nope/decision", new { outcome = "Declined", rationale = "x" }).ShouldBeProblem(HttpStatusCode.NotFound);
        (await st.PostJson($"/api/tutor-change-requests/{id}/decision", new { outcome = "Approved", newTutorId = "b-t1", rationale = "same" })
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString().Should().Be("same-tutor");
        (await api.EventCountAsync($"tutor-change-request-{id}")).Should().Be(1);
    }

    /// <summary>Another student or tutor gets the 404 of a student who does not exist (issue 10 item 7); the other roles may not ask at all.</summary>
    [Theory]
    [InlineData(Roles.Student, "c-s2", HttpStatusCode.NotFound)]
    [InlineData(Roles.Tutor, "c-t2", HttpStatusCode.NotFound)]
    [InlineData(Roles.Auditor, "aud", HttpStatusCode.Forbidden)]
    [InlineData(Roles.Governance, "gov", HttpStatusCode.Forbidden)]
    [InlineData(Roles.Dean, "dean", HttpStatusCode.Forbidden)]
    [InlineData(Roles.Integration, "registry", HttpStatusCode.Forbidden)]
    public async Task Others_may_not_request_a_change_for_the_student(string role, string subject, HttpStatusCode refused)
    {
        await RequestAsync("c");
        await api.StudentAsync("c-s2");
        await api.ClientFor(role, subject).PostJson("/api/students/c-s1/tutor-change-requests", new { reason = "x" }).ShouldBeProblem(refused);
    }

    [Theory]
    [InlineData(Roles.Student)]
    [InlineData(Roles.Tutor)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Dean)]
    [InlineData(Roles.Governance)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Integration)]
    [InlineData(Roles.Admin)]
    public async Task Only_a_senior_tutor_of_the_school_decides(string role)
    {
        var id = await RequestAsync("e");
        await api.ClientFor(role, "e-s1", "MED").PostJson($"/api/tutor-change-requests/{id}/decision", new { outcome = "Declined", rationale = "x" }).ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.SeniorTutor("ENG").PostJson($"/api/tutor-change-requests/{id}/decision", new { outcome = "Declined", rationale = "x" }).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.EventCountAsync($"tutor-change-request-{id}")).Should().Be(1);
    }

    [Fact]
    public async Task The_current_tutor_may_ask_on_the_students_behalf_but_not_read_their_requests()
    {
        await RequestAsync("f");
        await api.ClientFor(Roles.Tutor, "f-t1").PostJson("/api/students/f-s1/tutor-change-requests", new { reason = "Workload" }).ShouldBe(HttpStatusCode.Created);
        await api.ClientFor(Roles.Tutor, "f-t1").GetAsync("/api/students/f-s1/tutor-change-requests").ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(Roles.Integration)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.SupportTeam)]
    public async Task Item5_the_school_list_withholds_the_students_reason_from_a_role_that_may_not_read_it(string role)
    {
        var id = await RequestAsync($"w{role[..3].ToLowerInvariant()}");
        await api.CatchUpAsync();
        var open = await api.ClientFor(role, "reader").GetAsync("/api/schools/MED/tutor-change-requests").ShouldBe(HttpStatusCode.OK);
        var row = open.EnumerateArray().Single(r => r.GetProperty("requestId").GetString() == id);
        row.GetProperty("studentId").GetString().Should().NotBeNull("the request itself is listed");
        row.TryGetProperty("reason", out var reason).Should().BeTrue();
        reason.ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null, "the reason is the student's own words, withheld from {0}", role);
    }

    [Theory]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.SupportTeam)]
    public async Task Item5_the_per_student_route_withholds_the_reason_from_the_same_roles(string role)
    {
        var p = $"v{role[..3].ToLowerInvariant()}";
        await RequestAsync(p);
        await api.CatchUpAsync();
        var mine = await api.ClientFor(role, "reader").GetAsync($"/api/students/{p}-s1/tutor-change-requests").ShouldBe(HttpStatusCode.OK);
        mine[0].GetProperty("reason").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        mine[0].GetProperty("status").GetString().Should().Be("Open");
    }

    [Theory]
    [InlineData(Roles.SeniorTutor)]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Dean)]
    public async Task Item5_those_who_may_read_the_per_student_route_read_the_reason_on_the_list(string role)
    {
        var id = await RequestAsync($"u{role[..3].ToLowerInvariant()}");
        await api.CatchUpAsync();
        var open = await api.ClientFor(role, "reader", "MED").GetAsync("/api/schools/MED/tutor-change-requests").ShouldBe(HttpStatusCode.OK);
        open.EnumerateArray().Single(r => r.GetProperty("requestId").GetString() == id).GetProperty("reason").GetString().Should().Be("We do not get on");
        var p = $"u{role[..3].ToLowerInvariant()}";
        var mine = await api.ClientFor(role, "reader", "MED").GetAsync($"/api/students/{p}-s1/tutor-change-requests").ShouldBe(HttpStatusCode.OK);
        mine[0].GetProperty("reason").GetString().Should().Be("We do not get on");
    }
}
