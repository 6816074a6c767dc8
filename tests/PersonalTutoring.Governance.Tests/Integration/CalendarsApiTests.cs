using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Governance.Contracts;
using static PersonalTutoring.Governance.Tests.Integration.GovernanceTestSupport;

namespace PersonalTutoring.Governance.Tests.Integration;

/// <summary>Academic calendars through the API, and the working-day question answered from them (CO-11, ADR 0011).</summary>
public sealed class CalendarsApiTests(GovernanceApi api) : IClassFixture<GovernanceApi>
{
    [Fact]
    public async Task A_school_calendar_wins_over_the_universitys_and_working_days_skip_its_closures()
    {
        await api.RegisterSchoolAsync("CALM");
        await api.RegisterSchoolAsync("CALE");
        var admin = api.Admin();
        await admin.PutJson("/api/academic-years/2026-27/calendar", Calendar(2026)).ShouldBe(HttpStatusCode.Created);
        await admin.PutJson("/api/academic-years/2026-27/calendar", Calendar(2026)).ShouldBe(HttpStatusCode.OK);
        await api.ClientFor(Roles.Dean, "dean-1").PutJson("/api/schools/CALM/academic-years/2026-27/calendar",
            Calendar(2026, "09-07", closures: ["2026-12-23", "2026-12-24", "2026-12-25"])).ShouldBe(HttpStatusCode.Created);

        var med = await api.ClientFor(Roles.Student, "s1").GetAsync("/api/schools/CALM/academic-years/2026-27/calendar").ShouldBe(HttpStatusCode.OK);
        med.GetProperty("schoolCode").GetString().Should().Be("CALM");
        med.GetProperty("terms")[0].GetProperty("start").GetString().Should().Be("2026-09-07");
        var eng = await api.ClientFor(Roles.Tutor, "t1").GetAsync("/api/schools/CALE/academic-years/2026-27/calendar").ShouldBe(HttpStatusCode.OK);
        eng.GetProperty("schoolCode").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null, "CALE has no calendar of its own");
        eng.GetProperty("timeZone").GetString().Should().Be("Europe/London");

        // Tuesday 22 December 2026, 10:00 GMT, plus 3 working days.
        var from = Uri.EscapeDataString("2026-12-22T10:00:00+00:00");
        (await admin.GetAsync($"/api/schools/CALE/working-days?from={from}&days=3").ShouldBe(HttpStatusCode.OK))
            .GetProperty("due").GetDateTimeOffset().Should().Be(new DateTimeOffset(2027, 1, 5, 10, 0, 0, TimeSpan.Zero));
        (await admin.GetAsync($"/api/schools/CALM/working-days?from={from}&days=3").ShouldBe(HttpStatusCode.OK))
            .GetProperty("due").GetDateTimeOffset().Should().Be(new DateTimeOffset(2026, 12, 30, 10, 0, 0, TimeSpan.Zero));
    }

    /// <summary>The KPI marks read every school's calendar at once (docs/adr/0098): the same calendars as one school at a time.</summary>
    [Fact]
    public async Task Every_schools_calendar_read_at_once_is_each_schools_own_read()
    {
        await api.RegisterSchoolAsync("CALB");
        await api.RegisterSchoolAsync("CALU");
        var admin = api.Admin();
        await admin.PutJson("/api/academic-years/2035-36/calendar", Calendar(2035)).ShouldBe(HttpStatusCode.Created);
        await admin.PutJson("/api/schools/CALB/academic-years/2035-36/calendar", Calendar(2035, "09-14")).ShouldBe(HttpStatusCode.Created);
        var calendars = api.Services.GetRequiredService<IAcademicCalendar>();
        string[] schools = ["CALU", "CALB", "CALU"];

        foreach (var year in new[] { "2035-36", "2041-42", "not-a-year" })
        {
            var together = await calendars.ForYearAsync(schools, year, CancellationToken.None);
            var one = new List<SchoolCalendar?>();
            foreach (var school in schools) one.Add(await calendars.ForYearAsync(school, year, CancellationToken.None));
            together.Should().BeEquivalentTo(one, o => o.WithStrictOrdering(), $"the year {year}");
        }
        (await calendars.ForYearAsync(schools, "2035-36", CancellationToken.None)).Select(c => c!.Terms[0].Start)
            .Should().Equal([new DateOnly(2035, 9, 28), new DateOnly(2035, 9, 14), new DateOnly(2035, 9, 28)], "a school's own calendar wins over the university's");
    }

    [Fact]
    public async Task Working_days_cross_the_academic_year_and_the_clock_change_through_the_api()
    {
        await api.RegisterSchoolAsync("CALX");
        var admin = api.Admin();
        await admin.PutJson("/api/academic-years/2025-26/calendar", Calendar(2025, closures: ["2026-03-30"])).ShouldBe(HttpStatusCode.Created);
        await admin.PutJson("/api/academic-years/2027-28/calendar", Calendar(2027, closures: ["2027-08-02"])).ShouldBe(HttpStatusCode.Created);
        // Friday 27 March 2026 10:00 GMT; BST starts Sunday 29; Monday 30 is closed: Tuesday 10:00 BST = 09:00 UTC.
        (await admin.GetAsync($"/api/schools/CALX/working-days?from={Uri.EscapeDataString("2026-03-27T10:00:00Z")}&days=1").ShouldBe(HttpStatusCode.OK))
            .GetProperty("due").GetDateTimeOffset().Should().Be(new DateTimeOffset(2026, 3, 31, 9, 0, 0, TimeSpan.Zero));
        // Friday 30 July 2027 10:00 BST; 2 August is closed in 2027-28's calendar.
        (await admin.GetAsync($"/api/schools/CALX/working-days?from={Uri.EscapeDataString("2027-07-30T09:00:00Z")}&days=1").ShouldBe(HttpStatusCode.OK))
            .GetProperty("due").GetDateTimeOffset().Should().Be(new DateTimeOffset(2027, 8, 3, 9, 0, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("9999-12-31", "CALB1")]
    [InlineData("9999-12-31T23:59:59Z", "CALB2")]
    [InlineData("0001-01-01", "CALB3")]
    public async Task A_date_outside_the_supported_range_is_a_400_naming_it_not_an_overflow(string from, string school)
    {
        await api.RegisterSchoolAsync(school);

        var problem = await api.Admin().GetAsync($"/api/schools/{school}/working-days?from={Uri.EscapeDataString(from)}&days=3")
            .ShouldBeProblem(HttpStatusCode.BadRequest);

        problem.ErrorFields().Should().Contain("from");
    }

    [Fact]
    public async Task Impossible_calendars_are_field_errors_and_nothing_is_written()
    {
        var admin = api.Admin();
        var problem = await (await admin.PutJson("/api/academic-years/2029-30/calendar",
            Calendar(2029, "12-20", timeZone: "Mars/Olympus", closures: ["2030-08-15"]))).ShouldBeProblem(HttpStatusCode.BadRequest);
        problem.ErrorFields().Should().Contain(["terms[0]", "closureDays[0]", "timeZone"]);
        await (await admin.PutJson("/api/academic-years/2029-30/calendar", new { terms = Array.Empty<object>() })).ShouldBeProblem(HttpStatusCode.BadRequest);
        await (await admin.PutJson("/api/academic-years/2029-31/calendar", Calendar(2029))).ShouldBeProblem(HttpStatusCode.BadRequest);
        (await api.EventCountAsync("calendar-university-2029-30")).Should().Be(0);
        await (await admin.GetAsync("/api/academic-years/2029-30/calendar")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(Roles.Student)]
    [InlineData(Roles.Tutor)]
    [InlineData(Roles.SeniorTutor)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Governance)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Integration)]
    public async Task Only_admins_and_the_dean_define_calendars(string role)
    {
        await api.RegisterSchoolAsync($"F{role.ToUpperInvariant()[..3]}");
        var client = api.ClientFor(role, "x", $"F{role.ToUpperInvariant()[..3]}");
        await (await client.PutJson("/api/academic-years/2030-31/calendar", Calendar(2030))).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await client.PutJson($"/api/schools/F{role.ToUpperInvariant()[..3]}/academic-years/2030-31/calendar", Calendar(2030))).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.EventCountAsync("calendar-university-2030-31")).Should().Be(0);
    }

    [Fact]
    public async Task A_rebuild_of_the_calendar_projection_gives_the_same_calendar()
    {
        await api.Admin().PutJson("/api/academic-years/2031-32/calendar", Calendar(2031)).ShouldBe(HttpStatusCode.Created);
        var before = (await api.Admin().GetAsync("/api/academic-years/2031-32/calendar").ShouldBe(HttpStatusCode.OK)).GetRawText();
        await api.Admin().PostAsync("/api/admin/projections/governance-calendars/rebuild", null).ShouldBe(HttpStatusCode.OK);
        (await api.Admin().GetAsync("/api/academic-years/2031-32/calendar").ShouldBe(HttpStatusCode.OK)).GetRawText().Should().Be(before);
    }
}
