using System.Net.Http.Json;
using System.Text.Json;

namespace PersonalTutoring.Web.Tests.Pages;

/// <summary>Each screen shows what the API answers the signed-in person, and nothing the API would not.</summary>
[Collection(DemoUniversityCollection.Name)]
public sealed class PageContentTests(DemoUniversity app)
{
    [Fact]
    public async Task The_tutee_sees_their_tutor_and_how_to_contact_them()
    {
        var student = await app.ApiAs("tutee").GetFromJsonAsync<JsonElement>("/api/students/med-0001");
        var tutor = student.GetProperty("currentTutor");

        var page = await (await app.SignedInAs("tutee")).GetStringAsync("/my-tutor");

        page.Should().Contain(tutor.GetProperty("familyName").GetString()).And.Contain($"mailto:{tutor.GetProperty("email").GetString()}");
    }

    [Fact]
    public async Task The_tutor_sees_every_tutee_with_what_is_due_most_urgent_first()
    {
        var due = await app.ApiAs("tutor").GetFromJsonAsync<JsonElement>("/api/tutors/t-med-01/contact-due");
        var tutees = due.GetProperty("tutees").EnumerateArray().ToList();
        tutees.Should().NotBeEmpty("the demo tutor has tutees");

        var page = await (await app.SignedInAs("tutor")).GetStringAsync("/tutees");

        foreach (var t in tutees) page.Should().Contain($"href=\"/tutees/{t.GetProperty("studentId").GetString()}\"");
        var overdue = tutees.Where(t => t.GetProperty("repliesAwaited").EnumerateArray().Any(r => r.GetProperty("overdue").GetBoolean())).ToList();
        var nothing = tutees.Where(t => !Due(t)).ToList();
        if (overdue.Count > 0 && nothing.Count > 0)
            page.IndexOf($"/tutees/{overdue[0].GetProperty("studentId").GetString()}\"", StringComparison.Ordinal)
                .Should().BeLessThan(page.IndexOf($"/tutees/{nothing[0].GetProperty("studentId").GetString()}\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_tutor_opens_a_tutees_record()
    {
        var due = await app.ApiAs("tutor").GetFromJsonAsync<JsonElement>("/api/tutors/t-med-01/contact-due");
        var id = due.GetProperty("tutees")[0].GetProperty("studentId").GetString()!;
        var record = await app.ApiAs("tutor").GetFromJsonAsync<JsonElement>($"/api/students/{id}/contacts");

        var response = await (await app.SignedInAs("tutor")).GetAsync($"/tutees/{id}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var page = await response.Content.ReadAsStringAsync();
        page.Should().Contain(id);
        page.Should().Contain(record.GetProperty("contacts").GetArrayLength() == 0 ? "No contact recorded yet." : "id=\"contacts\"");
    }

    [Theory]
    [InlineData("senior-tutor-med", "MED")]
    [InlineData("senior-tutor-eng", "ENG")]
    [InlineData("dean", "ENG")]
    public async Task The_school_at_a_glance_shows_every_tutors_caseload_and_the_unallocated(string persona, string school)
    {
        var caseloads = await app.ApiAs(persona).GetFromJsonAsync<JsonElement>($"/api/schools/{school}/caseloads");
        var unallocated = await app.ApiAs(persona).GetFromJsonAsync<JsonElement>($"/api/schools/{school}/unallocated");

        var page = await (await app.SignedInAs(persona)).GetStringAsync($"/schools/{school}");

        foreach (var tutor in caseloads.GetProperty("caseload").EnumerateArray().Where(t => !t.GetProperty("hasLeft").GetBoolean()))
            page.Should().Contain($"({tutor.GetProperty("staffId").GetString()})");
        page.Should().Contain($"<span class=\"figure-value\">{unallocated.GetProperty("count").GetInt32()}</span> unallocated");
    }

    [Fact]
    public async Task The_auditor_sees_a_students_tutor_on_a_date_and_every_change()
    {
        var asOf = await app.ApiAs("auditor").GetFromJsonAsync<JsonElement>("/api/students/med-0001/allocation");
        var tutor = asOf.GetProperty("tutorId").GetString()!;

        var page = await (await app.SignedInAs("auditor")).GetStringAsync("/replay?student=med-0001");

        page.Should().Contain($"med-0001&#x27;s tutor was {tutor}").And.Contain("id=\"history\"");
    }

    [Fact]
    public async Task A_replay_before_any_allocation_says_there_was_no_tutor()
    {
        var page = await (await app.SignedInAs("auditor")).GetStringAsync("/replay?student=med-0001&on=2000-01-01");

        page.Should().Contain("med-0001 had no personal tutor.");
    }

    [Fact]
    public async Task A_replay_with_mistakes_lists_them_linked_to_their_fields()
    {
        var response = await (await app.SignedInAs("auditor")).GetAsync("/replay?student=&on=1st+May");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var page = await response.Content.ReadAsStringAsync();
        // Each link keeps this page's address before its fragment: with <base href="/"> a bare "#on" would go home.
        page.Should().Contain("There is a problem").And.Contain("href=\"/replay?student=&amp;on=1st&#x2B;May#student\"").And.Contain("#on\"");
    }

    [Fact]
    public async Task A_page_the_api_answers_404_is_a_404_page_in_html()
    {
        var response = await (await app.SignedInAs("tutor")).GetAsync("/tutees/eng-0001");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html", "the host's problem-details status pages stand aside for pages");
        (await response.Content.ReadAsStringAsync()).Should().Contain("<html lang=\"en-GB\"").And.Contain("Page not found");
    }

    [Fact]
    public async Task A_governance_officers_home_leads_to_the_kpis_and_the_reports()
    {
        var page = await (await app.SignedInAs("governance")).GetStringAsync("/");

        page.Should().Contain("href=\"/kpis\"").And.Contain("href=\"/year-end-reports\"").And.NotContain("There are no screens for your role");
    }

    [Fact]
    public async Task The_api_documentation_stays_at_its_address()
    {
        (await app.Admin().GetAsync("/swagger/v1/swagger.json")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static bool Due(JsonElement t) =>
        t.GetProperty("needsContactThisMonth").GetBoolean() || t.GetProperty("checkInDue").GetBoolean() || t.GetProperty("welcomeContactDue").GetBoolean()
        || t.GetProperty("awayContactDue").GetBoolean() || t.GetProperty("repliesAwaited").GetArrayLength() > 0 || t.GetProperty("openSupportFlags").GetInt32() > 0
        || t.GetProperty("referralFollowUpsDue").GetArrayLength() > 0 || t.GetProperty("objectiveReviewsDue").GetArrayLength() > 0;
}
