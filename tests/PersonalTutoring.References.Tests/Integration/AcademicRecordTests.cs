using PersonalTutoring.References.Tests.Support;
using static PersonalTutoring.References.Tests.Support.ReferenceWorld;

namespace PersonalTutoring.References.Tests.Integration;

/// <summary>Issue 13 item 2: the student record's academic facts (idempotent like the student upsert) and the draft screen's evidence.</summary>
public sealed class AcademicRecordTests(ReferencesApi api) : IClassFixture<ReferencesApi>
{
    private static object Record(decimal attendance = 92.5m) => new
    {
        progressDecisions = new[] { new { academicYear = "2024-25", decision = "Progress to year 6" } },
        resultsSummary = "Upper quartile in written papers",
        attendancePercentage = attendance,
        portfolioStatus = "Complete, signed off",
    };

    [Fact]
    public async Task The_same_record_twice_appends_nothing_a_change_is_a_new_version_and_a_stale_If_Match_is_a_412()
    {
        var s = api.NewTutee(ReferencesApi.NewId("t"));
        var registry = api.ClientFor(Roles.Integration, "registry");
        var created = await registry.PutJson($"/api/students/{s}/academic-record", Record());
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var before = await api.EventCount();
        var again = await registry.PutJson($"/api/students/{s}/academic-record", Record());
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        again.Headers.ETag!.Tag.Should().Be(created.Headers.ETag!.Tag);
        (await api.EventCount()).Should().Be(before);

        var changed = await registry.PutJson($"/api/students/{s}/academic-record", Record(88m));
        (await changed.ShouldBe(HttpStatusCode.OK)).GetProperty("facts").GetProperty("attendancePercentage").GetDecimal().Should().Be(88m);
        await registry.PutWithIfMatch($"/api/students/{s}/academic-record", Record(80m), created.Headers.ETag!.Tag).ShouldBeProblem(HttpStatusCode.PreconditionFailed);
        await registry.PutJson($"/api/students/{s}/academic-record", Record(101m)).ShouldBeProblem(HttpStatusCode.BadRequest);
        await registry.PutJson("/api/students/nobody/academic-record", Record()).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_author_drafts_from_the_tutor_periods_the_consent_and_the_academic_facts_which_also_prefill_the_UKFPO_evidence()
    {
        var tutor = ReferencesApi.NewId("t");
        var s = api.NewTutee(tutor, year: 6);
        await api.ClientFor(Roles.Integration, "registry").PutJson($"/api/students/{s}/academic-record", Record()).ShouldBe(HttpStatusCode.Created);
        var id = await api.AskAsync(s, RequestBody("Ukfpo", health: true));

        var evidence = await api.Tutor(tutor).GetAsync($"/api/reference-requests/{id}/evidence").ShouldBe(HttpStatusCode.OK);
        evidence.GetProperty("consent").GetProperty("health").GetBoolean().Should().BeTrue();
        evidence.GetProperty("tutorPeriods")[0].GetProperty("tutorId").GetString().Should().Be(tutor);
        evidence.GetProperty("academicRecord").GetProperty("portfolioStatus").GetString().Should().Be("Complete, signed off");
        await api.Tutor("t-other").GetAsync($"/api/reference-requests/{id}/evidence").ShouldBeProblem(HttpStatusCode.NotFound);

        await api.Tutor(tutor).PostAsync($"/api/reference-requests/{id}/accept", null).ShouldBe(HttpStatusCode.OK);
        var sheet = await api.Tutor(tutor).GetAsync($"/api/reference-requests/{id}/ukfpo-form").ShouldBe(HttpStatusCode.OK);
        sheet.GetProperty("domains")[0].GetProperty("suggestedEvidence").EnumerateArray().Select(e => e.GetString())
            .Should().Contain(["Progress decision 2024-25: Progress to year 6.", "Attendance: 92.5%.", "Portfolio: Complete, signed off"]);
    }
}
