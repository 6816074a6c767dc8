using Microsoft.AspNetCore.Hosting;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Privacy;

namespace PersonalTutoring.DataProtection.Tests;

/// <summary>A schedule where confidential notes go after 3 years and the whole record after 8 (standard notes keep the default 6).</summary>
public sealed class RetentionApi : DataProtectionApi
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("DataProtection:Retention:Years:confidential-note", "3");
        builder.UseSetting("DataProtection:Retention:Years:allocation-history", "8");
    }
}

/// <summary>
/// The retention schedule (issue 16 item 2, ADR 0085): each kind of record's text is erased when its period after the
/// student left has passed, the whole record when the longest has; a legal hold keeps everything; every run reports
/// what it did and is itself recorded (item 7); a dry run erases and records nothing.
/// </summary>
public sealed class RetentionTests(RetentionApi api) : IClassFixture<RetentionApi>
{
    private static readonly DateTimeOffset Today = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private HttpClient Tutor => api.ClientFor(Roles.Tutor, "t-tom");

    private async Task<string> LeaverAsync(DateOnly leftOn)
    {
        api.Clock.Set(Today);
        var s = $"r-{Guid.NewGuid():N}"[..14];
        api.Allocation.AddStudent(s, "MED", "t-tom", new DateOnly(2025, 9, 20));
        await Tutor.PostJson($"/api/students/{s}/notes", new { text = "Spoke about a family illness", confidentiality = "Confidential" }).ShouldBe(HttpStatusCode.Created);
        await Tutor.PostJson($"/api/students/{s}/notes", new { text = "Planned the final-year project", confidentiality = "Standard" }).ShouldBe(HttpStatusCode.Created);
        api.Allocation.ChangeStatus(s, StudentStatus.Graduated, leftOn);
        return s;
    }

    private async Task<Dictionary<string, string>> NoteTextsAsync(string s) =>
        (await Tutor.GetAsync($"/api/students/{s}/contacts").ShouldBe(HttpStatusCode.OK)).GetProperty("notes").EnumerateArray()
            .ToDictionary(n => n.GetProperty("confidentiality").GetString()!, n => n.GetProperty("text").GetString()!);

    private static System.Text.Json.JsonElement OutcomeOf(System.Text.Json.JsonElement report, string s) =>
        report.GetProperty("outcomes").EnumerateArray().Single(o => o.GetProperty("studentId").GetString() == s);

    [Fact]
    public async Task A_kind_whose_period_has_passed_is_erased_and_the_rest_stays_readable()
    {
        var s = await LeaverAsync(new DateOnly(2022, 7, 1)); // 3 years passed, not 6

        var report = await api.AdminUser.PostJson("/api/data-protection/retention-runs", new { }).ShouldBe(HttpStatusCode.OK);

        var outcome = OutcomeOf(report, s);
        outcome.GetProperty("kindsErased").EnumerateArray().Select(k => k.GetString()).Should().Equal("confidential-note");
        outcome.GetProperty("wholeRecordErased").GetBoolean().Should().BeFalse();
        (await NoteTextsAsync(s)).Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["Confidential"] = PersonalText.ErasedText, ["Standard"] = "Planned the final-year project",
        });
        (await api.EventTypesAsync($"data-protection-{s}")).Should().Equal("data_protection.retention_applied");
        var runs = await api.Dean.GetAsync("/api/data-protection/retention-runs").ShouldBe(HttpStatusCode.OK);
        runs.EnumerateArray().Should().Contain(r => r.GetProperty("runId").GetString() == report.GetProperty("runId").GetString());

        var again = await api.AdminUser.PostJson("/api/data-protection/retention-runs", new { }).ShouldBe(HttpStatusCode.OK);
        again.GetProperty("outcomes").EnumerateArray().Should().NotContain(o => o.GetProperty("studentId").GetString() == s, "nothing of theirs is due any more");
    }

    [Fact]
    public async Task When_the_longest_period_has_passed_the_whole_record_is_erased_and_nothing_more_can_be_written()
    {
        var s = await LeaverAsync(new DateOnly(2017, 7, 1));

        var report = await api.AdminUser.PostJson("/api/data-protection/retention-runs", new { }).ShouldBe(HttpStatusCode.OK);

        OutcomeOf(report, s).GetProperty("wholeRecordErased").GetBoolean().Should().BeTrue();
        (await NoteTextsAsync(s)).Values.Should().OnlyContain(t => t == PersonalText.ErasedText);
        (await api.Dean.GetAsync($"/api/students/{s}/data-protection").ShouldBe(HttpStatusCode.OK)).GetProperty("erasedAt").ValueKind.Should().Be(System.Text.Json.JsonValueKind.String);
        await Tutor.PostJson($"/api/students/{s}/notes", new { text = "after", confidentiality = "Standard" }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_legal_hold_keeps_everything_and_the_report_says_why()
    {
        var s = await LeaverAsync(new DateOnly(2017, 7, 1));
        await api.Dean.PostJson($"/api/students/{s}/legal-holds", new { kind = "LegalClaim", reason = "Claim lodged with the OIA" }).ShouldBe(HttpStatusCode.Created);

        var report = await api.AdminUser.PostJson("/api/data-protection/retention-runs", new { }).ShouldBe(HttpStatusCode.OK);

        var outcome = OutcomeOf(report, s);
        outcome.GetProperty("kindsErased").GetArrayLength().Should().Be(0);
        outcome.GetProperty("heldBecause")[0].GetString().Should().Contain("Claim lodged with the OIA");
        (await NoteTextsAsync(s))["Confidential"].Should().Be("Spoke about a family illness");
    }

    [Fact]
    public async Task A_dry_run_reports_what_is_due_and_erases_and_records_nothing()
    {
        var s = await LeaverAsync(new DateOnly(2017, 7, 1));

        var preview = await api.AdminUser.PostJson("/api/data-protection/retention-runs", new { dryRun = true, asOf = "2030-01-01" }).ShouldBe(HttpStatusCode.OK);

        OutcomeOf(preview, s).GetProperty("wholeRecordErased").GetBoolean().Should().BeTrue();
        (await NoteTextsAsync(s))["Confidential"].Should().Be("Spoke about a family illness");
        (await api.EventTypesAsync($"data-protection-{s}")).Should().BeEmpty();
        (await api.Dean.GetAsync("/api/data-protection/retention-runs").ShouldBe(HttpStatusCode.OK)).EnumerateArray()
            .Should().NotContain(r => r.GetProperty("runId").GetString() == preview.GetProperty("runId").GetString());
        await api.AdminUser.PostJson("/api/data-protection/retention-runs", new { asOf = "2030-01-01" }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
    }
}
