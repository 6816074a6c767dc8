namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>
/// Issue 10 item 15: the AL-4 KPI (% of tutees not allocated within the deadline after registration) counts, per
/// academic year and cohort, the students who registered in it, and judges "in time" on when the allocation was
/// recorded, not on the effective date a Senior Tutor may backdate.
/// </summary>
public sealed class AllocationKpiTests(ClockedAllocationApi api) : IClassFixture<ClockedAllocationApi>
{
    private static DateTimeOffset Day(int year, int month, int day) => new(year, month, day, 10, 0, 0, TimeSpan.Zero);

    private async Task StudentAsync(string id, string registeredOn, string level = "UG", int year = 1)
    {
        var body = Students.Body("KPI", year, level: level);
        body["registeredOn"] = registeredOn;
        await api.ClientFor(Roles.Integration, "registry").PutJson($"/api/students/{id}", body).ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
    }

    private async Task GivenTheSchoolAsync()
    {
        api.Policies.DeadlineDays = 7;
        api.Clock.Set(Day(2025, 9, 1));
        await api.SchoolAsync("KPI");
        await api.TutorAsync("k-t1", "KPI");
        await StudentAsync("k-old", "2024-09-23", year: 2);      // last year's intake, never allocated
        await StudentAsync("k-ontime", "2025-09-22");
        await StudentAsync("k-backdated", "2025-09-22");
        await StudentAsync("k-pgt", "2025-09-22", level: "PGT");
        await StudentAsync("k-pending", "2025-10-08");
        api.Clock.Set(Day(2025, 9, 25));
        await api.AllocateAsync("k-ontime", "k-t1", "KPI");
        api.Clock.Set(Day(2025, 9, 26));
        await api.AllocateAsync("k-pgt", "k-t1", "KPI");
        api.Clock.Set(Day(2025, 10, 10)); // 18 days after registering, backdated to the day after
        await api.AllocateAsync("k-backdated", "k-t1", "KPI", effectiveOn: "2025-09-23");
    }

    [Fact]
    public async Task Item15_the_KPI_counts_the_years_intake_and_judges_in_time_on_when_the_allocation_was_recorded()
    {
        await GivenTheSchoolAsync();
        await api.CatchUpAsync();

        var kpi = (await api.SeniorTutor("KPI").GetAsync("/api/schools/KPI/unallocated").ShouldBe(HttpStatusCode.OK)).GetProperty("kpi");
        kpi.GetProperty("academicYear").GetString().Should().Be("2025-26");
        kpi.GetProperty("registered").GetInt32().Should().Be(4, "last year's intake is not this year's population");
        kpi.GetProperty("pending").GetInt32().Should().Be(1, "k-pending is still inside the deadline");
        kpi.GetProperty("notAllocatedInTime").GetInt32().Should().Be(1, "k-backdated was recorded 18 days after registering");
        kpi.GetProperty("percentNotAllocatedInTime").GetDouble().Should().Be(33.3);
        var cohorts = kpi.GetProperty("cohorts").EnumerateArray().ToDictionary(c => c.GetProperty("level").GetString()!);
        (cohorts["UG"].GetProperty("registered").GetInt32(), cohorts["UG"].GetProperty("notAllocatedInTime").GetInt32()).Should().Be((3, 1));
        (cohorts["PGT"].GetProperty("registered").GetInt32(), cohorts["PGT"].GetProperty("notAllocatedInTime").GetInt32()).Should().Be((1, 0));

        var lastYear = (await api.SeniorTutor("KPI").GetAsync("/api/schools/KPI/unallocated?academicYear=2024-25").ShouldBe(HttpStatusCode.OK)).GetProperty("kpi");
        (lastYear.GetProperty("registered").GetInt32(), lastYear.GetProperty("notAllocatedInTime").GetInt32()).Should().Be((1, 1));
        await api.SeniorTutor("KPI").GetAsync("/api/schools/KPI/unallocated?academicYear=2025").ShouldBeProblem(HttpStatusCode.BadRequest);
    }
}
