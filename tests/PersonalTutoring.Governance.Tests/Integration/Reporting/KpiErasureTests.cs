using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.Governance.Tests.Integration.Reporting;

public sealed class KpiErasureApi : TutoringApiFactory
{
    protected override bool UseManualClock => true;
}

/// <summary>
/// Issue 16 (done-when): erasing a student makes their text unreadable while every KPI stays as it was, before and after
/// every projection is rebuilt from the events: erasure deletes keys, never events (ADR 0076).
/// </summary>
public sealed class KpiErasureTests(KpiErasureApi api) : IClassFixture<KpiErasureApi>
{
    private const string School = "/api/schools/KPA/kpis?academicYear=2025-26&asOf=2025-12-01";
    private const string University = "/api/university/kpis?academicYear=2025-26&asOf=2025-12-01";

    [Fact]
    public async Task Erasing_a_student_leaves_every_KPI_and_operational_figure_unchanged_even_after_a_rebuild()
    {
        await api.GivenTheSchoolAsync(api.Clock);
        api.Clock.Set(KpiScenario.At(2025, 11, 20));
        var tutor = api.ClientFor(Roles.Tutor, "K-T1");
        await tutor.PostJson("/api/students/KS1/contacts", new
        {
            direction = "TutorInitiated", kind = "IndividualMeeting", enquiredAboutProgressAndWellbeing = true, occurredAt = KpiScenario.At(2025, 11, 19),
            note = new { text = "Spoke about caring for a parent", confidentiality = "Confidential" },
        }).ShouldBe(HttpStatusCode.Created);
        await tutor.PostJson("/api/students/KS1/referrals", new { service = "Wellbeing", reason = "Carer's stress", consentGiven = true }).ShouldBe(HttpStatusCode.Created);
        api.Clock.Set(KpiScenario.At(2025, 12, 1));
        await api.CatchUpAsync();
        var governance = api.ClientFor(Roles.Governance, "gov-1");
        var schoolBefore = (await governance.GetAsync(School).ShouldBe(HttpStatusCode.OK)).GetRawText();
        var universityBefore = (await governance.GetAsync(University).ShouldBe(HttpStatusCode.OK)).GetRawText();

        await api.Services.GetRequiredService<SubjectKeys>().EraseAsync("KS1", CancellationToken.None);
        var admin = api.Services.GetRequiredService<ProjectionAdmin>();
        foreach (var name in admin.Names) await admin.RebuildAsync(name, CancellationToken.None);
        await api.CatchUpAsync();

        var record = await tutor.GetAsync("/api/students/KS1/contacts").ShouldBe(HttpStatusCode.OK);
        record.GetProperty("notes")[0].GetProperty("text").GetString().Should().Be(PersonalText.ErasedText);
        record.GetProperty("referrals")[0].GetProperty("reason").GetString().Should().Be(PersonalText.ErasedText);
        (await governance.GetAsync(School).ShouldBe(HttpStatusCode.OK)).GetRawText().Should().Be(schoolBefore);
        (await governance.GetAsync(University).ShouldBe(HttpStatusCode.OK)).GetRawText().Should().Be(universityBefore);
    }
}
