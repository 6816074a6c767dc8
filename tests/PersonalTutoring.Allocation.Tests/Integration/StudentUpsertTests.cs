namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>The student-record contract: PUT /api/students/{id} and POST /api/students/batch (issue 4, AL-1, AL-12).</summary>
public sealed class StudentUpsertTests(AllocationApi api) : IClassFixture<AllocationApi>
{
    private HttpClient Integration => api.ClientFor(Roles.Integration, "registry");

    [Fact]
    public async Task A_student_is_created_then_a_repeat_appends_nothing_and_a_change_appends_one_event()
    {
        await api.SchoolAsync("MED");
        var created = await Integration.PutJson("/api/students/s-100", Students.Body());
        await created.ShouldBe(HttpStatusCode.Created);
        created.Headers.ETag!.Tag.Should().Be("\"1\"");
        var again = await Integration.PutJson("/api/students/s-100", Students.Body());
        await again.ShouldBe(HttpStatusCode.OK);
        again.Headers.ETag!.Tag.Should().Be("\"1\"");
        await Integration.PutJson("/api/students/s-100", Students.Body(year: 2)).ShouldBe(HttpStatusCode.OK);

        (await api.EventCountAsync("student-s-100")).Should().Be(2);
        var student = await api.ClientFor(Roles.Student, "s-100").GetAsync("/api/students/s-100").ShouldBe(HttpStatusCode.OK);
        student.GetProperty("profile").GetProperty("yearOfStudy").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task An_unknown_school_is_refused_and_nothing_is_written()
    {
        var problem = await Integration.PutJson("/api/students/s-nos", Students.Body(school: "NOPE")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("code").GetString().Should().Be("unknown-school");
        (await api.EventCountAsync("student-s-nos")).Should().Be(0);
    }

    [Theory]
    [InlineData("givenName")]
    [InlineData("registeredOn")]
    [InlineData("status")]
    [InlineData("visitingStudyAbroad")]
    public async Task A_missing_field_is_a_400_and_nothing_is_written(string field)
    {
        await api.SchoolAsync("MED");
        var body = Students.Body();
        body.Remove(field);
        await Integration.PutJson("/api/students/s-missing", body).ShouldBeProblem(HttpStatusCode.BadRequest);
        (await api.EventCountAsync("student-s-missing")).Should().Be(0);
    }

    [Fact]
    public async Task Bad_values_are_400s()
    {
        await api.SchoolAsync("MED");
        var body = Students.Body();
        body["registeredOn"] = "2025-13-40";
        await Integration.PutJson("/api/students/s-bad", body).ShouldBeProblem(HttpStatusCode.BadRequest);
        body = Students.Body(level: "Postdoc");
        await Integration.PutJson("/api/students/s-bad", body).ShouldBeProblem(HttpStatusCode.BadRequest);
        await Integration.PutJson("/api/students/%20", Students.Body()).ShouldBeProblem(HttpStatusCode.BadRequest);
        (await api.EventCountAsync("student-s-bad")).Should().Be(0);
    }

    [Theory]
    [InlineData(Roles.Student)]
    [InlineData(Roles.Tutor)]
    [InlineData(Roles.SeniorTutor)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Dean)]
    [InlineData(Roles.Governance)]
    [InlineData(Roles.Auditor)]
    public async Task Only_integration_and_admin_upsert_students(string role)
    {
        await api.SchoolAsync("MED");
        await api.ClientFor(role, "s-forbidden", "MED").PutJson("/api/students/s-forbidden", Students.Body()).ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.ClientFor(role, "x", "MED").PostJson("/api/students/batch", new { students = new[] { Row("s-forbidden-b") } }).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.EventCountAsync("student-s-forbidden")).Should().Be(0);
    }

    [Fact]
    public async Task A_batch_applies_valid_rows_reports_invalid_ones_by_index_and_a_retry_changes_nothing()
    {
        await api.SchoolAsync("MED");
        var bad = Row("b-2");
        bad["email"] = "not-an-email";
        var unknown = Row("b-3");
        unknown["schoolCode"] = "ZZZ";
        var batch = new { students = new object[] { Row("b-0"), Row("b-1"), bad, unknown } };

        var first = await Integration.PostJson("/api/students/batch", batch).ShouldBe(HttpStatusCode.OK);
        first.GetProperty("created").GetInt32().Should().Be(2);
        first.GetProperty("rejected").GetInt32().Should().Be(2);
        first.GetProperty("errors")[0].GetProperty("index").GetInt32().Should().Be(2);
        first.GetProperty("errors")[0].GetProperty("errors").TryGetProperty("email", out _).Should().BeTrue();
        first.GetProperty("errors")[1].GetProperty("index").GetInt32().Should().Be(3);

        var events = await api.AllEventCountAsync();
        var retry = await Integration.PostJson("/api/students/batch", batch).ShouldBe(HttpStatusCode.OK);
        retry.GetProperty("unchanged").GetInt32().Should().Be(2);
        retry.GetProperty("created").GetInt32().Should().Be(0);
        (await api.AllEventCountAsync()).Should().Be(events);
    }

    [Fact]
    public async Task A_batch_of_5001_rows_or_with_a_repeated_id_is_refused_whole()
    {
        await api.SchoolAsync("MED");
        var events = await api.AllEventCountAsync();
        var tooMany = Enumerable.Range(0, 5_001).Select(i => Row($"big-{i}")).ToArray();
        await Integration.PostJson("/api/students/batch", new { students = tooMany }).ShouldBeProblem(HttpStatusCode.BadRequest);
        await Integration.PostJson("/api/students/batch", new { students = new[] { Row("dup-1"), Row("dup-1") } }).ShouldBeProblem(HttpStatusCode.BadRequest);
        await Integration.PostRaw("/api/students/batch", "{}").ShouldBeProblem(HttpStatusCode.BadRequest);
        (await api.AllEventCountAsync()).Should().Be(events);
    }

    internal static Dictionary<string, object?> Row(string id, string school = "MED", int year = 1)
    {
        var row = Students.Body(school, year);
        row["studentId"] = id;
        return row;
    }
}
