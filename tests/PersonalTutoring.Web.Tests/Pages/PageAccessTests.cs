namespace PersonalTutoring.Web.Tests.Pages;

/// <summary>
/// Every page has a policy, and for each role a page and the API action behind it that the role must not reach: the
/// page refuses exactly as the API refuses the same persona's bearer request (issue 15).
/// </summary>
[Collection(DemoUniversityCollection.Name)]
public sealed class PageAccessTests(DemoUniversity app)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/my-tutor")]
    [InlineData("/tutees")]
    [InlineData("/tutees/med-0001")]
    [InlineData("/schools")]
    [InlineData("/schools/MED")]
    [InlineData("/replay")]
    [InlineData("/access-denied")]
    [InlineData("/meetings")]
    [InlineData("/references")]
    [InlineData("/references/new")]
    [InlineData("/change-of-tutor")]
    [InlineData("/sharing")]
    [InlineData("/my-record")]
    [InlineData("/what-to-expect")]
    [InlineData("/availability")]
    [InlineData("/tutees/med-0001/record")]
    [InlineData("/references-to-write")]
    [InlineData("/schools/MED/change-requests")]
    [InlineData("/schools/MED/auto-allocation")]
    [InlineData("/schools/MED/handover")]
    [InlineData("/support-team")]
    [InlineData("/note-reads")]
    [InlineData("/admin/schools")]
    [InlineData("/admin/policies")]
    [InlineData("/admin/calendars")]
    [InlineData("/admin/dead-letters")]
    [InlineData("/admin/notifications")]
    [InlineData("/data-protection")]
    [InlineData("/data-protection/erasure-requests")]
    [InlineData("/arranged-meetings")]
    [InlineData("/audit/event-chain")]
    [InlineData("/support-team/students/med-0001")]
    [InlineData("/kpis")]
    [InlineData("/schools/MED/kpis")]
    [InlineData("/year-end-reports")]
    [InlineData("/schools/MED/year-end-reports")]
    [InlineData("/schools/MED/year-end-reports/2024-25/all")]
    [InlineData("/downloads/schools/MED/year-end-reports/2024-25/all/figures.csv")]
    [InlineData("/downloads/university/kpis.json")]
    public async Task Every_page_sends_someone_not_signed_in_to_sign_in(string page)
    {
        var response = await app.Browser().GetAsync(page);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.Should().Be("/sign-in");
    }

    [Fact]
    public async Task A_bearer_token_is_not_a_web_session()
    {
        var client = app.Browser();
        client.DefaultRequestHeaders.Authorization = app.ApiAs("tutor").DefaultRequestHeaders.Authorization;

        var response = await client.GetAsync("/tutees");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect, "pages accept only the web application's cookie");
    }

    [Fact]
    public async Task The_web_session_is_not_an_api_credential()
    {
        var tutor = await app.SignedInAs("tutor");

        (await tutor.GetAsync("/api/tutors/t-med-01/contact-due")).StatusCode.Should().Be(HttpStatusCode.Unauthorized,
            "the API stays bearer-only, so no cross-site form can drive it with the cookie");
    }

    // persona, page it must not reach, the API request behind that page for the same persona
    [Theory]
    [InlineData("tutee", "/tutees", "/api/tutors/t-med-01/contact-due")]
    [InlineData("tutee", "/schools/MED", "/api/schools/MED/caseloads")]
    [InlineData("tutor", "/schools/MED", "/api/schools/MED/caseloads")]
    [InlineData("tutor", "/tutees/eng-0001", "/api/students/eng-0001")]
    [InlineData("senior-tutor-eng", "/schools/MED", "/api/schools/MED/caseloads")]
    [InlineData("senior-tutor-med", "/replay?student=eng-0001", "/api/students/eng-0001/allocation")]
    [InlineData("support-team", "/tutees", "/api/tutors/t-med-01/contact-due")]
    [InlineData("governance", "/schools/MED", "/api/schools/MED/caseloads")]
    [InlineData("auditor", "/tutees", "/api/tutors/t-med-01/contact-due")]
    [InlineData("senior-tutor-eng", "/schools/MED/change-requests", "/api/schools/MED/tutor-change-requests")]
    [InlineData("auditor", "/support-team", "/api/support-team/worklist")]
    [InlineData("support-team", "/note-reads?student=med-0001", "/api/students/med-0001/confidential-note-reads")]
    [InlineData("senior-tutor-eng", "/schools/MED/handover", "/api/schools/MED/caseloads")]
    [InlineData("tutor", "/kpis", "/api/university/kpis")]
    [InlineData("senior-tutor-med", "/year-end-reports", "/api/year-end-reports")]
    [InlineData("senior-tutor-eng", "/schools/MED/kpis", "/api/schools/MED/kpis")]
    [InlineData("support-team", "/schools/MED/kpis", "/api/schools/MED/kpis")]
    [InlineData("senior-tutor-eng", "/schools/MED/year-end-reports/2024-25/all", "/api/schools/MED/year-end-reports/2024-25/all")]
    [InlineData("senior-tutor-eng", "/schools/MED/year-end-reports", "/api/schools/MED/year-end-reports/2024-25/all")]
    [InlineData("tutee", "/schools/MED/year-end-reports/2024-25/all", "/api/schools/MED/year-end-reports/2024-25/all")]
    [InlineData("senior-tutor-eng", "/downloads/schools/MED/year-end-reports/2024-25/all/figures.csv", "/api/schools/MED/year-end-reports/2024-25/all/figures.csv")]
    [InlineData("senior-tutor-med", "/downloads/university/kpis.json", "/api/university/kpis")]
    [InlineData("tutee", "/arranged-meetings", "/api/tutors/t-med-01/meetings")]
    [InlineData("dean", "/arranged-meetings", "/api/tutors/t-med-01/meetings")]
    public async Task A_page_refuses_what_the_api_refuses_the_same_person(string persona, string page, string api)
    {
        var browser = await app.SignedInAs(persona);
        var apiStatus = (await app.ApiAs(persona).GetAsync(api)).StatusCode;

        var pageStatus = await FinalStatusAsync(browser, page);

        apiStatus.Should().BeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
        pageStatus.Should().Be(apiStatus);
    }

    [Theory]
    [InlineData("dean", "/my-tutor")]
    [InlineData("admin", "/my-tutor")]
    [InlineData("tutor", "/meetings")]
    [InlineData("auditor", "/references/new")]
    [InlineData("support-team", "/sharing")]
    [InlineData("tutor", "/my-record")]
    [InlineData("tutee", "/availability")]
    [InlineData("tutee", "/tutees/med-0001/record")]
    [InlineData("tutor", "/schools/MED/change-requests")]
    [InlineData("dean", "/schools/MED/auto-allocation")]
    public async Task A_screen_for_another_role_is_refused(string persona, string page)
    {
        var browser = await app.SignedInAs(persona);

        (await FinalStatusAsync(browser, page)).Should().Be(HttpStatusCode.Forbidden);
    }

    // The Admin's, data-protection and audit screens (docs/adr/0082): persona, page, and the API action behind the page
    // (method, path, body) that the API refuses the same persona. The page refuses as the API does.
    [Theory]
    [InlineData("senior-tutor-med", "/admin/schools", "PUT", "/api/schools/MED", "{\"name\":\"Medicine\"}")]
    [InlineData("dean", "/admin/schools", "PUT", "/api/schools/MED", "{\"name\":\"Medicine\"}")]
    [InlineData("tutor", "/admin/policies", "PUT", "/api/schools/MED/policies/2026-27", "{}")]
    [InlineData("governance", "/admin/policies", "POST", "/api/schools/MED/policies/2026-27/versions/1/dean-approval", "{\"on\":\"2026-11-01\",\"reference\":\"x\"}")]
    [InlineData("governance", "/admin/calendars", "PUT", "/api/academic-years/2026-27/calendar", "{}")]
    [InlineData("senior-tutor-med", "/admin/calendars", "PUT", "/api/schools/MED/academic-years/2026-27/calendar", "{}")]
    [InlineData("dean", "/admin/dead-letters", "GET", "/api/admin/message-dead-letters", null)]
    [InlineData("auditor", "/admin/dead-letters", "POST", "/api/admin/message-dead-letters/discard", "{\"ids\":[\"6f0d1e2a-0000-0000-0000-000000000001\"]}")]
    [InlineData("support-team", "/admin/notifications", "GET", "/api/notifications", null)]
    [InlineData("tutor", "/data-protection?student=med-0001", "GET", "/api/students/med-0001/data-protection", null)]
    [InlineData("governance", "/data-protection?student=med-0001", "GET", "/api/students/med-0001/data-protection", null)]
    [InlineData("tutor", "/data-protection/erasure-requests", "GET", "/api/data-protection/erasure-requests", null)]
    [InlineData("senior-tutor-med", "/data-protection/erasure-requests", "GET", "/api/data-protection/erasure-requests", null)]
    [InlineData("dean", "/audit/event-chain?run=1", "GET", "/api/audit/event-chain", null)]
    [InlineData("tutee", "/audit/event-chain", "GET", "/api/audit/event-chain", null)]
    [InlineData("auditor", "/support-team/students/med-0001", "GET", "/api/support-team/worklist", null)]
    [InlineData("tutor", "/support-team/students/med-0001", "POST", "/api/meetings/6f0d1e2a-0000-0000-0000-000000000001/room-request/grant", "{\"room\":\"1\"}")]
    public async Task An_admin_or_data_protection_screen_refuses_whom_the_api_refuses(string persona, string page, string method, string api, string? body)
    {
        var browser = await app.SignedInAs(persona);
        using var request = new HttpRequestMessage(new HttpMethod(method), api);
        if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var apiStatus = (await app.ApiAs(persona).SendAsync(request)).StatusCode;

        var pageStatus = await FinalStatusAsync(browser, page);

        apiStatus.Should().Be(HttpStatusCode.Forbidden);
        pageStatus.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Signing_in_without_the_anti_forgery_token_is_refused()
    {
        var response = await app.Browser().PostAsync("/sign-in/persona", new FormUrlEncodedContent(new Dictionary<string, string> { ["persona"] = "admin" }));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Signing_out_needs_the_token_and_ends_the_session()
    {
        var tutor = await app.SignedInAs("tutor");
        (await tutor.PostAsync("/sign-out", new FormUrlEncodedContent([]))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var token = DemoUniversity.Token(await tutor.GetStringAsync("/tutees"));

        var signedOut = await tutor.PostAsync("/sign-out", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        signedOut.Headers.Location!.ToString().Should().StartWith("/sign-in");
        (await tutor.GetAsync("/tutees")).Headers.Location!.AbsolutePath.Should().Be("/sign-in");
    }

    [Fact]
    public async Task An_unknown_persona_signs_in_no_one()
    {
        var client = app.Browser();
        var response = await client.PostAsync("/sign-in/persona", await DemoUniversity.PersonaFormAsync(client, "nobody"));

        response.Headers.Location!.ToString().Should().Be("/sign-in?unknown=1");
        (await client.GetAsync("/")).Headers.Location!.AbsolutePath.Should().Be("/sign-in");
    }

    /// <summary>The status the person finally sees, following the access-denied redirect as a browser would.</summary>
    private static async Task<HttpStatusCode> FinalStatusAsync(HttpClient browser, string page)
    {
        var response = await browser.GetAsync(page);
        if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.AbsolutePath == "/access-denied")
            response = await browser.GetAsync(response.Headers.Location);
        return response.StatusCode;
    }
}
