using PersonalTutoring.References.Tests.Support;
using static PersonalTutoring.References.Tests.Support.ReferenceWorld;

namespace PersonalTutoring.References.Tests.Integration;

/// <summary>RE-3 over HTTP: the school's form, the tutor's ratings with suggested evidence, the export, the worklist's reminders.</summary>
public sealed class UkfpoTests(ReferencesApi api) : IClassFixture<ReferencesApi>
{
    private static readonly string[] Domains = ["knowledge", "clinical-skills", "professionalism", "communication", "teamwork", "overall"];

    private static object Ratings(params string[] domains) => new { ratings = domains.Select(d => new { domain = d, rating = d == "teamwork" ? "Unable to comment" : "Good" }) };

    [Fact]
    public async Task A_school_sets_its_form_for_a_year_and_the_default_applies_until_it_does()
    {
        var tutor = api.ClientFor(Roles.Tutor, "t-any", "ENG");
        await api.ClientFor(Roles.Tutor, "t-med", "MED").GetAsync("/api/schools/ENG/ukfpo-forms/2026-27").ShouldBeProblem(HttpStatusCode.Forbidden);
        (await tutor.GetAsync("/api/schools/ENG/ukfpo-forms/2026-27").ShouldBe(HttpStatusCode.OK)).GetProperty("isDefault").GetBoolean().Should().BeTrue();
        var form = new
        {
            domains = new[] { new { key = "knowledge", label = "Knowledge", evidenceHint = "Results" }, new { key = "overall", label = "Overall", evidenceHint = "" } },
            scale = new[] { "Above", "At", "Below" }, unableToComment = "Cannot say"
        };
        await api.ClientFor(Roles.SeniorTutor, "st-med", "MED").PutJson("/api/schools/ENG/ukfpo-forms/2026-27", form).ShouldBeProblem(HttpStatusCode.Forbidden);
        var st = api.ClientFor(Roles.SeniorTutor, "st-eng", "ENG");
        await st.PutJson("/api/schools/ENG/ukfpo-forms/2026-27", new { domains = new[] { form.domains[0], form.domains[0] }, form.scale, form.unableToComment })
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        await st.PutJson("/api/schools/ENG/ukfpo-forms/2026-2", form).ShouldBeProblem(HttpStatusCode.BadRequest);
        await st.PutJson("/api/schools/ENG/ukfpo-forms/2026-27", form).ShouldBe(HttpStatusCode.OK);
        var set = await tutor.GetAsync("/api/schools/ENG/ukfpo-forms/2026-27").ShouldBe(HttpStatusCode.OK);
        set.GetProperty("isDefault").GetBoolean().Should().BeFalse();
        set.GetProperty("scale").EnumerateArray().Select(x => x.GetString()).Should().Equal("Above", "At", "Below");
        (await tutor.GetAsync("/api/schools/ENG/ukfpo-forms/2027-28").ShouldBe(HttpStatusCode.OK)).GetProperty("isDefault").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task The_tutor_rates_with_suggested_evidence_issues_only_a_complete_form_and_exports_it_as_JSON_and_a_printable_page()
    {
        var tutor = ReferencesApi.NewId("t");
        var s = api.NewTutee(tutor, year: 6);
        var id = await api.AskAsync(s, RequestBody("Ukfpo"));
        await api.Tutor(tutor).PostAsync($"/api/reference-requests/{id}/accept", null).ShouldBe(HttpStatusCode.OK);
        await api.Tutor(tutor).PutJson($"/api/reference-requests/{id}/draft", new { text = "Consistently engaged." }).ShouldBe(HttpStatusCode.OK);

        var sheet = await api.Tutor(tutor).GetAsync($"/api/reference-requests/{id}/ukfpo-form").ShouldBe(HttpStatusCode.OK);
        sheet.GetProperty("domains").EnumerateArray().Select(d => d.GetProperty("domain").GetString()).Should().Equal(Domains);
        var first = sheet.GetProperty("domains")[0];
        first.GetProperty("rating").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null, "prefilled with evidence, never a rating");
        first.GetProperty("suggestedEvidence").EnumerateArray().Select(e => e.GetString()).Should().Contain($"Their personal tutor since {AllocatedOn:yyyy-MM-dd}.");

        await api.Tutor(tutor).PutJson($"/api/reference-requests/{id}/ukfpo-form", new { ratings = new[] { new { domain = "knowledge", rating = "Superb" } } })
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        await api.Tutor(tutor).PutJson($"/api/reference-requests/{id}/ukfpo-form", Ratings("knowledge", "overall")).ShouldBe(HttpStatusCode.OK);
        var incomplete = await api.Tutor(tutor).PostJson($"/api/reference-requests/{id}/issues", IssueBody()).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        incomplete.GetProperty("code").GetString().Should().Be("ukfpo-form-incomplete");
        await api.Tutor(tutor).PutJson($"/api/reference-requests/{id}/ukfpo-form", Ratings(Domains)).ShouldBe(HttpStatusCode.OK);
        await api.Tutor(tutor).PostJson($"/api/reference-requests/{id}/issues", IssueBody()).ShouldBe(HttpStatusCode.Created);

        var exported = await api.Student(s).GetAsync($"/api/reference-requests/{id}/issued/1/ukfpo-form").ShouldBe(HttpStatusCode.OK);
        exported.GetProperty("ratings").EnumerateArray().Select(r => (r.GetProperty("label").GetString(), r.GetProperty("rating").GetString()))
            .Should().Contain(("Teamwork", "Unable to comment")).And.Contain(("Clinical skills", "Good")).And.HaveCount(6);
        exported.GetProperty("comments").GetString().Should().Be("Consistently engaged.");
        var page = await api.Tutor(tutor).GetAsync($"/api/reference-requests/{id}/issued/1/ukfpo-form/print");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await page.Content.ReadAsStringAsync()).Should().Contain("<td>Clinical skills</td><td>Good</td>").And.Contain(exported.GetProperty("contentHash").GetString());
    }

    [Fact]
    public async Task A_final_year_request_shows_on_the_worklist_with_its_deadline_and_the_scheduled_reminders_arrive()
    {
        var tutor = ReferencesApi.NewId("t");
        var s = api.NewTutee(tutor, year: 6);
        // Reminders 7 days and 1 day before; the host's Wolverine clock is the real one, already past both.
        var body = new { kind = "Ukfpo", recipient = "UKFPO", deadline = ReferencesApi.Today.AddDays(10), purpose = "FP", consent = new { health = false, personalCircumstances = false } };
        var id = await api.AskAsync(s, body);
        int[] sent = [];
        for (var attempt = 0; attempt < 120 && sent.Length < 2; attempt++)
        {
            await Task.Delay(500);
            var worklist = await api.Tutor(tutor).GetAsync("/api/tutors/me/reference-requests").ShouldBe(HttpStatusCode.OK);
            var item = worklist.EnumerateArray().Single();
            item.GetProperty("deadline").GetString().Should().Be(ReferencesApi.Today.AddDays(10).ToString("yyyy-MM-dd"));
            sent = [.. item.GetProperty("remindersSent").EnumerateArray().Select(x => x.GetInt32())];
        }
        sent.Should().BeEquivalentTo([7, 1]);
        (await api.Tutor(tutor).GetAsync($"/api/reference-requests/{id}").ShouldBe(HttpStatusCode.OK)).GetProperty("kind").GetString().Should().Be("Ukfpo");
    }
}
