namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>
/// Issue 10 item 14: what the staff record called <c>capacity</c> is a caseload target, not a cap; a part-time tutor has
/// a personal maximum that manual and automatic allocation respect, overridden only as the school maximum is (AL-7).
/// </summary>
public sealed class TutorMaximumTests(AllocationApi api) : IClassFixture<AllocationApi>
{
    private HttpClient Integration => api.ClientFor(Roles.Integration, "hr");

    private Task<HttpResponseMessage> PutTutor(string id, object fields, string school = "MED")
    {
        var body = new Dictionary<string, object?>
        {
            ["givenName"] = "Part", ["familyName"] = id, ["email"] = $"{id}@uni.test", ["schoolCode"] = school, ["permanentAcademicStaff"] = true,
        };
        foreach (var p in fields.GetType().GetProperties()) body[p.Name] = p.GetValue(fields);
        return Integration.PutJson($"/api/tutors/{id}", body);
    }

    [Fact]
    public async Task Item14_a_tutor_at_their_personal_maximum_gets_no_more_by_manual_allocation_unless_a_senior_tutor_overrides()
    {
        await api.SchoolAsync("MED");
        api.Policies.Target = 3;
        api.Policies.Maximum = 4;
        await PutTutor("pm-t1", new { caseloadTarget = 2, caseloadMaximum = 2 }).ShouldBe(HttpStatusCode.Created);
        for (var i = 0; i < 3; i++) await api.StudentAsync($"pm-s{i}");
        await api.AllocateAsync("pm-s0", "pm-t1");
        await api.AllocateAsync("pm-s1", "pm-t1");

        var refused = await api.SeniorTutor().PostJson("/api/allocations", new { studentId = "pm-s2", tutorId = "pm-t1", reason = "One more" })
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        refused.GetProperty("code").GetString().Should().Be("tutor-maximum-reached");
        refused.GetProperty("maximum").GetInt32().Should().Be(2);
        await api.Admin().PostJson("/api/allocations", new { studentId = "pm-s2", tutorId = "pm-t1", reason = "One more", overrideJustification = "Admins do not override" })
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        (await api.SeniorTutor().PostJson("/api/allocations", new { studentId = "pm-s2", tutorId = "pm-t1", reason = "One more", overrideJustification = "Sibling of a tutee" })
            .ShouldBe(HttpStatusCode.OK)).GetProperty("overrideJustification").GetString().Should().Be("Sibling of a tutee");
    }

    [Fact]
    public async Task Item14_auto_allocation_gives_a_tutor_no_more_than_their_personal_maximum()
    {
        await api.SchoolAsync("PART");
        api.Policies.Target = 3;
        api.Policies.Maximum = 4;
        await PutTutor("pa-t1", new { caseloadMaximum = 1 }, "PART").ShouldBe(HttpStatusCode.Created);
        await PutTutor("pa-t2", new { }, "PART").ShouldBe(HttpStatusCode.Created);
        var rows = Enumerable.Range(0, 6).Select(i => StudentUpsertTests.Row($"pa-s{i}", "PART")).ToArray();
        await api.ClientFor(Roles.Integration, "registry").PostJson("/api/students/batch", new { students = rows }).ShouldBe(HttpStatusCode.OK);

        var run = await api.SeniorTutor("PART").PostJson("/api/allocations/auto", new { schoolCode = "PART", dryRun = false }).ShouldBe(HttpStatusCode.OK);
        var loads = run.GetProperty("caseloads").EnumerateArray().ToDictionary(c => c.GetProperty("staffId").GetString()!);
        loads["pa-t1"].GetProperty("after").GetInt32().Should().Be(1);
        loads["pa-t1"].GetProperty("maximum").GetInt32().Should().Be(1);
        loads["pa-t2"].GetProperty("after").GetInt32().Should().Be(4);
        run.GetProperty("unplaced").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task Item14_the_api_calls_the_target_a_target_and_still_accepts_capacity_for_it()
    {
        await api.SchoolAsync("MED");
        api.Policies.Target = 3;
        api.Policies.Maximum = 4;
        var created = await PutTutor("pt-t1", new { capacity = 2 }).ShouldBe(HttpStatusCode.Created);
        created.GetProperty("details").GetProperty("caseloadTarget").GetInt32().Should().Be(2);
        created.GetProperty("details").TryGetProperty("capacity", out _).Should().BeFalse("the API no longer calls a target a capacity");
        await PutTutor("pt-t1", new { caseloadTarget = 2 }).ShouldBe(HttpStatusCode.OK);
        (await api.EventCountAsync("tutor-pt-t1")).Should().Be(1, "capacity and caseloadTarget are the same field");
        await PutTutor("pt-t1", new { capacity = 2, caseloadTarget = 3 }).ShouldBeProblem(HttpStatusCode.BadRequest);
        await PutTutor("pt-t1", new { caseloadTarget = 3, caseloadMaximum = 2 }).ShouldBeProblem(HttpStatusCode.BadRequest);

        var caseloads = await api.SeniorTutor().GetAsync("/api/schools/MED/caseloads").ShouldBe(HttpStatusCode.OK);
        var row = caseloads.GetProperty("caseload").EnumerateArray().Single(c => c.GetProperty("staffId").GetString() == "pt-t1");
        (row.GetProperty("target").GetInt32(), row.GetProperty("maximum").GetInt32()).Should().Be((2, 4));
    }

    [Fact]
    public async Task Item14_stored_tutor_events_keep_their_shape_the_target_under_its_old_name_and_the_maximum_added()
    {
        await api.SchoolAsync("MED");
        await PutTutor("ps-t1", new { caseloadTarget = 5, caseloadMaximum = 8 }).ShouldBe(HttpStatusCode.Created);
        await using var connection = new Npgsql.NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var read = new Npgsql.NpgsqlCommand("SELECT data->'details'->>'capacity', data->'details'->>'caseloadMaximum' FROM events.mt_events WHERE stream_id = 'tutor-ps-t1'", connection);
        await using var row = await read.ExecuteReaderAsync();
        (await row.ReadAsync()).Should().BeTrue();
        (row.GetString(0), row.GetString(1)).Should().Be(("5", "8"));
    }
}
