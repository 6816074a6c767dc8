using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Allocation.Contracts;

namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>The staff-record contract (PUT /api/tutors/{staffId}) and the Contracts queries other modules use.</summary>
public sealed class TutorAndQueryTests(AllocationApi api) : IClassFixture<AllocationApi>
{
    private HttpClient Integration => api.ClientFor(Roles.Integration, "hr");

    private static object Tutor(string school = "MED", int? capacity = null) =>
        new { givenName = "Grace", familyName = "Hopper", email = "grace@uni.test", schoolCode = school, permanentAcademicStaff = true, capacity };

    [Fact]
    public async Task A_tutor_is_created_then_a_repeat_appends_nothing()
    {
        await api.SchoolAsync("MED");
        await Integration.PutJson("/api/tutors/q-t1", Tutor()).ShouldBe(HttpStatusCode.Created);
        var again = await Integration.PutJson("/api/tutors/q-t1", Tutor());
        await again.ShouldBe(HttpStatusCode.OK);
        again.Headers.ETag!.Tag.Should().Be("\"1\"");
        await Integration.PutJson("/api/tutors/q-t1", Tutor(capacity: 30)).ShouldBe(HttpStatusCode.OK);
        (await api.EventCountAsync("tutor-q-t1")).Should().Be(2);
    }

    [Fact]
    public async Task Bad_tutor_records_are_refused_and_nothing_is_written()
    {
        await api.SchoolAsync("MED");
        (await Integration.PutJson("/api/tutors/q-bad", Tutor(school: "ZZZ")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity))
            .GetProperty("code").GetString().Should().Be("unknown-school");
        await Integration.PutJson("/api/tutors/q-bad", Tutor(capacity: 0)).ShouldBeProblem(HttpStatusCode.BadRequest);
        await Integration.PutJson("/api/tutors/q-bad", new { givenName = "No", familyName = "Flag", email = "x@uni.test", schoolCode = "MED" }).ShouldBeProblem(HttpStatusCode.BadRequest);
        (await api.EventCountAsync("tutor-q-bad")).Should().Be(0);
    }

    [Theory]
    [InlineData(Roles.Student)]
    [InlineData(Roles.Tutor)]
    [InlineData(Roles.SeniorTutor)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Dean)]
    [InlineData(Roles.Governance)]
    [InlineData(Roles.Auditor)]
    public async Task Only_integration_and_admin_upsert_tutors(string role)
    {
        await api.SchoolAsync("MED");
        await api.ClientFor(role, "q-forbidden", "MED").PutJson("/api/tutors/q-forbidden", Tutor()).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.EventCountAsync("tutor-q-forbidden")).Should().Be(0);
    }

    [Fact]
    public async Task The_contract_queries_answer_periods_tutees_statuses_and_unavailability()
    {
        await api.SchoolAsync("MED");
        await api.TutorAsync("q-a");
        await api.TutorAsync("q-b");
        await api.StudentAsync("q-s1");
        await api.AllocateAsync("q-s1", "q-a", effectiveOn: "2025-09-29");
        await api.SeniorTutor().PostJson("/api/allocations", new { studentId = "q-s1", tutorId = "q-b", reason = "Swap", effectiveOn = "2025-11-03" }).ShouldBe(HttpStatusCode.OK);
        await api.StudentAsync("q-s1", status: "Suspended");
        await api.SeniorTutor().PostJson("/api/tutors/q-b/unavailability", new { from = "2025-12-01", to = "2025-12-05", reason = "Leave", alternativeStaffId = "q-a" }).ShouldBe(HttpStatusCode.Created);
        var queries = api.Services.GetRequiredService<IAllocationQueries>();

        (await queries.AssignmentsAsync("q-s1", CancellationToken.None)).Should().Equal(
            new TutorAssignment("q-s1", "q-a", new DateOnly(2025, 9, 29), new DateOnly(2025, 11, 3)),
            new TutorAssignment("q-s1", "q-b", new DateOnly(2025, 11, 3), null));
        (await queries.TuteesOfAsync("q-a", new DateOnly(2025, 10, 15), CancellationToken.None)).Select(s => s.StudentId).Should().Equal("q-s1");
        (await queries.TuteesOfAsync("q-a", new DateOnly(2025, 11, 15), CancellationToken.None)).Should().BeEmpty();
        (await queries.StudentAsync("q-s1", CancellationToken.None))!.Status.Should().Be(StudentStatus.Suspended);
        (await queries.UnavailabilityAsync("q-b", new DateOnly(2025, 12, 4), new DateOnly(2025, 12, 20), CancellationToken.None)).Should().ContainSingle()
            .Which.AlternativeStaffId.Should().Be("q-a");
        (await queries.StudentsInSchoolAsync("MED", CancellationToken.None)).Should().Contain(s => s.StudentId == "q-s1");
        // The school's tutees with their tutor on a date, in one query: before and after the handover.
        (await queries.TuteesInSchoolAsync("MED", new DateOnly(2025, 10, 15), CancellationToken.None)).Should().ContainSingle(t => t.Student.StudentId == "q-s1")
            .Which.TutorId.Should().Be("q-a");
        (await queries.TuteesInSchoolAsync("MED", new DateOnly(2025, 11, 3), CancellationToken.None)).Single(t => t.Student.StudentId == "q-s1").TutorId.Should().Be("q-b");
        (await queries.TuteesInSchoolAsync("MED", new DateOnly(2025, 9, 1), CancellationToken.None)).Should().NotContain(t => t.Student.StudentId == "q-s1");
        (await queries.TuteesInSchoolAsync("ENG", new DateOnly(2025, 10, 15), CancellationToken.None)).Should().NotContain(t => t.Student.StudentId == "q-s1");
        (await queries.StudentAsync("q-nobody", CancellationToken.None)).Should().BeNull();
    }
}
