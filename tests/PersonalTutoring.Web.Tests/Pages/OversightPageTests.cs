using System.Net.Http.Json;
using System.Text.Json;

namespace PersonalTutoring.Web.Tests.Pages;

/// <summary>The Support Team's worklist and the Auditor's confidential-note read logs (issue 15): what the API answers them.</summary>
[Collection(DemoUniversityCollection.Name)]
public sealed class OversightPageTests(DemoUniversity app)
{
    [Fact]
    public async Task The_support_team_sees_the_apis_worklist_paged_and_filtered_by_school()
    {
        var worklist = (await app.ApiAs("support-team").GetFromJsonAsync<List<JsonElement>>("/api/support-team/worklist"))!;
        worklist.Should().NotBeEmpty("the demo raises flags, concerns and referrals");
        var browser = await app.SignedInAs("support-team");

        var all = await browser.GetStringAsync("/support-team");
        var eng = await browser.GetStringAsync("/support-team?school=ENG");

        var rows = System.Text.RegularExpressions.Regex.Matches(all, "<th scope=\"row\"><a href=\"/support-team/students/[^\"]+\">([^<]+)</a></th>").Select(m => m.Groups[1].Value).ToList();
        rows.Should().HaveCount(Math.Min(25, worklist.Count)).And.OnlyContain(id => worklist.Any(w => w.GetProperty("studentId").GetString() == id));
        all.Should().Contain($"<span class=\"figure-value\">{worklist.Sum(w => w.GetProperty("openFlags").GetArrayLength())}</span> unresponsive tutees");
        if (worklist.Count > 25) all.Should().Contain("rel=\"next\"");
        var engRows = System.Text.RegularExpressions.Regex.Matches(eng, "<th scope=\"row\"><a href=\"/support-team/students/[^\"]+\">([^<]+)</a></th>").Select(m => m.Groups[1].Value).ToList();
        engRows.Should().OnlyContain(id => worklist.Single(w => w.GetProperty("studentId").GetString() == id).GetProperty("schoolCode").GetString() == "ENG");
    }

    [Fact]
    public async Task The_auditor_sees_who_read_a_students_confidential_note_never_the_text()
    {
        var tutor = app.ApiAs("tutor");
        var tutee = (await tutor.GetFromJsonAsync<JsonElement>("/api/tutors/t-med-01/contact-due")).GetProperty("tutees")[1].GetProperty("studentId").GetString()!;
        var secret = $"Confidential {Guid.NewGuid():N}";
        await (await tutor.PostAsJsonAsync($"/api/students/{tutee}/notes", new { text = secret, confidentiality = "Confidential" })).ShouldBe(HttpStatusCode.Created);
        (await tutor.GetStringAsync($"/api/students/{tutee}/contacts")).Should().Contain(secret); // the tutor reads it: one read logged
        var logged = (await app.ApiAs("auditor").GetFromJsonAsync<List<JsonElement>>($"/api/students/{tutee}/confidential-note-reads"))!;
        logged.Should().Contain(r => r.GetProperty("readerId").GetString() == "t-med-01");

        var page = await (await app.SignedInAs("auditor")).GetStringAsync($"/note-reads?student={tutee}");

        page.Should().Contain($"{logged.Count} {(logged.Count == 1 ? "read" : "reads")}").And.Contain("t-med-01 (Tutor)").And.NotContain(secret);
    }

    [Fact]
    public async Task A_read_log_period_that_is_not_a_date_is_the_forms_mistake()
    {
        var response = await (await app.SignedInAs("auditor")).GetAsync("/note-reads?from=last+week");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("/note-reads?from=last&#x2B;week#from\"");
    }
}
