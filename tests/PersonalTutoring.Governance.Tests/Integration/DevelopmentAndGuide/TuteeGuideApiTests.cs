using Microsoft.Extensions.DependencyInjection;
namespace PersonalTutoring.Governance.Tests.Integration.DevelopmentAndGuide;

/// <summary>GO-4, ME-2, ME-9: "What tutees can expect", drafted by the Senior Tutor and published to the school.</summary>
public sealed class TuteeGuideApiTests(DevelopmentApi api) : IClassFixture<DevelopmentApi>
{
    private static string Guide(string school) => $"/api/schools/{school}/tutee-guide/2026-27";

    private static object Body(string description, string to = "2026-10-02") => new
    {
        description,
        howToContactTutor = "Email your tutor; replies within 3 working days.",
        howToRequestChangeOrEscalate = "Ask the Senior Tutor.",
        officeHoursPolicy = "Weekly office hours in term time.",
        meetingSchedule = new object[]
        {
            new { name = "Welcome Week", from = "2026-09-21", to, kind = "Individual" },
            new { name = "Autumn group", from = "2026-11-09", to = "2026-11-20", kind = "Group" },
        },
    };

    private HttpClient SeniorTutor(string school) => api.ClientFor(Roles.SeniorTutor, $"st-{school}", school);

    /// <summary>Registers the school and publishes version 1, once per class.</summary>
    private async Task PublishAsync(string school, string description)
    {
        if (await api.EventCountAsync($"tutee-guide-{school}-") > 0) return;
        await api.RegisterSchoolAsync(school);
        await SeniorTutor(school).PutJson(Guide(school) + "/draft", Body(description)).ShouldBe(HttpStatusCode.OK);
        await SeniorTutor(school).PostAsync(Guide(school) + "/publication", null).ShouldBe(HttpStatusCode.OK);
        await api.CatchUpAsync();
    }

    [Fact]
    public async Task A_published_guide_is_read_by_the_schools_students_and_tutors_with_its_meeting_schedule()
    {
        await PublishAsync("TGA", "Every student has a Personal Tutor.");

        var guide = await api.ClientFor(Roles.Student, "s1", "TGA").GetAsync(Guide("TGA")).ShouldBe(HttpStatusCode.OK);

        guide.GetProperty("version").GetInt32().Should().Be(1);
        guide.GetProperty("isCurrent").GetBoolean().Should().BeTrue();
        guide.GetProperty("guide").GetProperty("officeHoursPolicy").GetString().Should().Be("Weekly office hours in term time.");
        guide.GetProperty("guide").GetProperty("meetingSchedule")[1].GetProperty("kind").GetString().Should().Be("Group");
        await api.ClientFor(Roles.Tutor, "t1", "TGA").GetAsync(Guide("TGA")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ME2_ME9_other_modules_read_the_published_schedule_and_office_hours_policy_through_the_contract()
    {
        var schedules = api.Services.GetRequiredService<PersonalTutoring.Governance.Contracts.IMeetingSchedules>();
        (await schedules.PublishedAsync("TGM", "2026-27", CancellationToken.None)).Should().BeNull("nothing is published yet");

        await PublishAsync("TGM", "Every student has a Personal Tutor.");

        var schedule = await schedules.PublishedAsync("TGM", "2026-27", CancellationToken.None);
        schedule!.GuideVersion.Should().Be(1);
        schedule.OfficeHoursPolicy.Should().Be("Weekly office hours in term time.");
        schedule.Windows.Should().HaveCount(2).And.Contain(w => w.Group);
    }

    [Fact]
    public async Task An_edit_after_publication_is_a_draft_until_published_and_then_supersedes_the_old_version()
    {
        await PublishAsync("TGB", "Version one.");
        var senior = SeniorTutor("TGB");
        await senior.PutJson(Guide("TGB") + "/draft", Body("Version two.")).ShouldBe(HttpStatusCode.OK);
        await api.CatchUpAsync();
        var student = api.ClientFor(Roles.Student, "s1", "TGB");

        (await student.GetAsync(Guide("TGB")).ShouldBe(HttpStatusCode.OK)).GetProperty("guide").GetProperty("description").GetString().Should().Be("Version one.");
        (await senior.GetAsync(Guide("TGB") + "/draft").ShouldBe(HttpStatusCode.OK)).GetProperty("content").GetProperty("description").GetString().Should().Be("Version two.");

        await senior.PostAsync(Guide("TGB") + "/publication", null).ShouldBe(HttpStatusCode.OK);
        await api.CatchUpAsync();
        var current = await student.GetAsync(Guide("TGB")).ShouldBe(HttpStatusCode.OK);
        current.GetProperty("version").GetInt32().Should().Be(2);
        var first = await student.GetAsync(Guide("TGB") + "?version=1").ShouldBe(HttpStatusCode.OK);
        first.GetProperty("isCurrent").GetBoolean().Should().BeFalse();
        first.GetProperty("guide").GetProperty("description").GetString().Should().Be("Version one.", "a published version never changes");
    }

    [Fact]
    public async Task Publishing_with_nothing_drafted_is_a_422_and_writes_nothing()
    {
        await api.RegisterSchoolAsync("TGC");

        var problem = await (await SeniorTutor("TGC").PostAsync(Guide("TGC") + "/publication", null)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);

        problem.GetProperty("code").GetString().Should().Be("nothing-to-publish");
        (await api.EventCountAsync("tutee-guide-TGC-")).Should().Be(0);
    }

    [Fact]
    public async Task A_draft_is_invisible_to_students_until_published()
    {
        await api.RegisterSchoolAsync("TGD");
        await SeniorTutor("TGD").PutJson(Guide("TGD") + "/draft", Body("Draft only.")).ShouldBe(HttpStatusCode.OK);
        await api.CatchUpAsync();

        await (await api.ClientFor(Roles.Student, "s1", "TGD").GetAsync(Guide("TGD"))).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await api.ClientFor(Roles.Student, "s1", "TGD").GetAsync(Guide("TGD") + "/draft")).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("""{"description":"","howToContactTutor":"a","howToRequestChangeOrEscalate":"b","officeHoursPolicy":"c","meetingSchedule":[{"name":"W","from":"2026-09-21","to":"2026-09-25","kind":"Group"}]}""", "description")]
    [InlineData("""{"description":"d","howToContactTutor":"a","howToRequestChangeOrEscalate":"b","officeHoursPolicy":"c","meetingSchedule":[{"name":"W","from":"2026-09-21","to":"2026-09-20","kind":"Group"}]}""", "meetingSchedule[0].to")]
    [InlineData("""{"description":"d","howToContactTutor":"a","howToRequestChangeOrEscalate":"b","officeHoursPolicy":"c","meetingSchedule":[]}""", "meetingSchedule")]
    [InlineData("""{"description":"d","howToContactTutor":"a","howToRequestChangeOrEscalate":"b","meetingSchedule":[{"name":"W","from":"2026-09-21","to":"2026-09-25","kind":"Group"}]}""", "officeHoursPolicy")]
    [InlineData("""{"description":"d","howToContactTutor":"a","howToRequestChangeOrEscalate":"b","officeHoursPolicy":"c","meetingSchedule":[{"name":"W","from":"2026-09-21","to":"2026-09-25"}]}""", "meetingSchedule[0].kind")]
    public async Task An_incomplete_guide_or_a_window_ending_before_it_starts_is_a_400_and_writes_nothing(string body, string field)
    {
        await api.RegisterSchoolAsync("TGE");

        var problem = await (await SeniorTutor("TGE").PutRaw(Guide("TGE") + "/draft", body)).ShouldBeProblem(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
        (await api.EventCountAsync("tutee-guide-TGE-")).Should().Be(0);
    }

    [Theory]
    [InlineData(Roles.Student)]
    [InlineData(Roles.Tutor)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Governance)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Integration)]
    public async Task Only_the_schools_senior_tutors_the_dean_and_admin_draft_and_publish(string role)
    {
        await api.RegisterSchoolAsync("TGF");
        var client = api.ClientFor(role, "u", "TGF");

        await (await client.PutJson(Guide("TGF") + "/draft", Body("No."))).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await client.PostAsync(Guide("TGF") + "/publication", null)).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await client.GetAsync(Guide("TGF") + "/draft")).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await SeniorTutor("OTHER").PutJson(Guide("TGF") + "/draft", Body("No."))).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await SeniorTutor("OTHER").GetAsync(Guide("TGF") + "/draft")).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.EventCountAsync("tutee-guide-TGF-")).Should().Be(0);
    }

    [Theory]
    [InlineData(Roles.Dean, "TGH")]
    [InlineData(Roles.Admin, "TGI")]
    public async Task The_dean_and_admin_draft_and_publish_any_schools_guide(string role, string school)
    {
        await api.RegisterSchoolAsync(school);
        var client = api.ClientFor(role, "u");

        await client.PutJson(Guide(school) + "/draft", Body("By the " + role)).ShouldBe(HttpStatusCode.OK);
        (await client.PostAsync(Guide(school) + "/publication", null).ShouldBe(HttpStatusCode.OK)).GetProperty("version").GetInt32().Should().Be(1);
    }

    [Theory]
    [InlineData(Roles.Student)]
    [InlineData(Roles.Tutor)]
    [InlineData(Roles.SeniorTutor)]
    public async Task Members_of_another_school_do_not_read_the_guide(string role)
    {
        await PublishAsync("TGG", "Guide of TGG.");

        await (await api.ClientFor(role, "u", "OTHER").GetAsync(Guide("TGG"))).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(Roles.Integration, "u", "TGG").GetAsync(Guide("TGG"))).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Dean)]
    [InlineData(Roles.Governance)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.SupportTeam)]
    public async Task Oversight_roles_read_every_schools_published_guide(string role)
    {
        await PublishAsync("TGG", "Guide of TGG.");

        await api.ClientFor(role, "u").GetAsync(Guide("TGG")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_rebuild_of_the_guide_projection_gives_identical_results()
    {
        await PublishAsync("TGR", "Rebuilt guide.");

        var (before, after) = await api.RebuildAsync("governance-tutee-guides",
            async () => (await api.Admin().GetAsync(Guide("TGR")).ShouldBe(HttpStatusCode.OK)).ToString());

        after.Should().Be(before);
    }
}
