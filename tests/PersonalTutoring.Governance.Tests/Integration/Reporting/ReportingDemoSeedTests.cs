namespace PersonalTutoring.Governance.Tests.Integration.Reporting;

/// <summary>Issue 14 item 7: three years of survey history and a year-end report at each stage of the cycle, idempotent.</summary>
public sealed class ReportingDemoSeedTests(GovernanceApi api) : IClassFixture<GovernanceApi>
{
    [Fact]
    public async Task The_reporting_demo_has_a_report_at_each_stage_and_seeding_again_writes_nothing()
    {
        await api.Services.SeedGovernanceDemoAsync(CancellationToken.None);
        await api.Services.SeedGovernanceDevelopmentDemoAsync(CancellationToken.None);
        await api.CatchUpAsync();
        await api.Services.SeedGovernanceReportingDemoAsync(CancellationToken.None);
        var events = await api.EventCountAsync("year-end-report-MED:2023-24:all");
        await api.Services.SeedGovernanceReportingDemoAsync(CancellationToken.None);
        (await api.EventCountAsync("year-end-report-MED:2023-24:all")).Should().Be(events).And.Be(6);
        await api.CatchUpAsync();

        var dean = api.ClientFor(Roles.Dean, "dean-1");
        var stages = new List<string>();
        foreach (var year in new[] { "2023-24", "2024-25", "2025-26" })
        {
            var overview = await dean.GetAsync($"/api/year-end-reports?academicYear={year}").ShouldBe(HttpStatusCode.OK);
            stages.AddRange(overview.GetProperty("schools").EnumerateArray().SelectMany(s => s.GetProperty("reports").EnumerateArray())
                .Select(r => r.GetProperty("stage").GetString()!));
        }
        stages.Should().BeEquivalentTo("SharedWithSubCommittee", "DiscussedInJune", "SubmittedToCollegeAndDean", "StudentStaffCommitteeApproved",
            "SchoolEducationCommitteeApproved", "Draft");
        var trends = await dean.GetAsync("/api/schools/MED/kpis/trends?academicYear=2025-26").ShouldBe(HttpStatusCode.OK);
        var contact = trends.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("id").GetString() == "percent-approval-contact");
        contact.GetProperty("years").EnumerateArray().Where(y => y.GetProperty("value").ValueKind != System.Text.Json.JsonValueKind.Null)
            .Select(y => y.GetProperty("academicYear").GetString()).Should().Equal("2023-24", "2024-25", "2025-26");
        (await api.Admin().GetAsync("/api/schools/ENG/year-end-reports/2025-26/all/print")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
