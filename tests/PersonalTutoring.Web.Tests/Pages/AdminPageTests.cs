using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Wolverine.Persistence.Durability;

namespace PersonalTutoring.Web.Tests.Pages;

/// <summary>
/// The Admin's screens (issue 15, docs/adr/0082): schools, tutoring policies and their approval, academic calendars,
/// dead letters and notification status. Each form is sent as a browser sends it and the API's answer checked after.
/// </summary>
[Collection(DemoUniversityCollection.Name)]
public sealed class AdminPageTests(DemoUniversity app)
{
    private static Dictionary<string, string> Fields(params (string Key, string Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);

    private static string NewSchoolCode() => "W" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    [Fact]
    public async Task The_admin_registers_a_school_then_changes_its_name()
    {
        var code = NewSchoolCode();
        var admin = await app.SignedInAs("admin");

        var registered = await DemoUniversity.SubmitAsync(admin, "/admin/schools", "school",
            Fields(("schoolCode", code), ("name", "School of Web Tests"), ("college", "")));

        registered.Headers.Location!.ToString().Should().EndWith($"/admin/schools?done={code}");
        (await app.ApiAs("admin").GetFromJsonAsync<JsonElement>($"/api/schools/{code}")).GetProperty("name").GetString().Should().Be("School of Web Tests");
        (await admin.GetStringAsync("/admin/schools")).Should().Contain($"<th scope=\"row\">{code}</th>");

        var changed = await DemoUniversity.SubmitAsync(admin, $"/admin/schools?edit={code}", "school",
            Fields(("schoolCode", code), ("mode", "change"), ("name", "School of Browser Tests"), ("college", "Faculty of Testing")));

        changed.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var school = await app.ApiAs("admin").GetFromJsonAsync<JsonElement>($"/api/schools/{code}");
        school.GetProperty("name").GetString().Should().Be("School of Browser Tests");
        school.GetProperty("college").GetString().Should().Be("Faculty of Testing");
    }

    [Fact]
    public async Task A_school_without_a_name_or_with_a_bad_code_is_refused_with_a_summary_linked_to_the_fields()
    {
        var admin = await app.SignedInAs("admin");

        var noName = await DemoUniversity.SubmitAsync(admin, "/admin/schools", "school", Fields(("schoolCode", NewSchoolCode()), ("name", ""), ("college", "")));
        var badCode = await DemoUniversity.SubmitAsync(admin, "/admin/schools", "school", Fields(("schoolCode", "no spaces!"), ("name", "Somewhere"), ("college", "")));

        noName.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await noName.Content.ReadAsStringAsync()).Should().Contain("/admin/schools#name\"").And.Contain("Enter the school&#x27;s name");
        badCode.StatusCode.Should().Be(HttpStatusCode.BadRequest, "the API's own rule for school codes");
        (await badCode.Content.ReadAsStringAsync()).Should().Contain("/admin/schools#schoolCode\"").And.Contain("upper-case letters");
    }

    [Fact]
    public async Task A_policy_is_drafted_by_the_admin_approved_by_the_committee_then_by_the_dean_and_is_in_force()
    {
        const string page = "/admin/policies?school=ENG&year=2027-28";
        var admin = await app.SignedInAs("admin");
        (await admin.GetStringAsync(page)).Should().Contain("id=\"no-policy\"", "ENG has no policy for 2027-28 yet");

        var drafted = await DemoUniversity.SubmitAsync(admin, page, "draft", Fields(
            ("caseloadTarget", "14"), ("caseloadMaximum", "18"), ("allocationDeadlineDays", "21"), ("minimumMeetingsPerYear", "3"), ("checkInsPerSemester", "1"),
            ("responseWorkingDays", "5"), ("welcomePeriodDays", "14"), ("unansweredAttemptsBeforeEscalation", "3"), ("workloadHoursPerTutee", "2.5"),
            ("monthlyTermTimeContact", "true"), ("handbookUrl", "")));

        drafted.Headers.Location!.ToString().Should().EndWith("done=drafted");
        var version = (await PolicyAsync("2027-28")).GetProperty("versions").EnumerateArray().Single();
        version.GetProperty("stage").GetString().Should().Be("Draft");
        version.GetProperty("terms").GetProperty("settings").GetProperty("caseloadTarget").GetInt32().Should().Be(14);
        version.GetProperty("terms").GetProperty("settings").GetProperty("workloadHoursPerTutee").GetDecimal().Should().Be(2.5m);

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        (await DemoUniversity.SubmitAsync(admin, page, "approve", Fields(("version", "1"), ("step", "committee-approval"), ("on", today), ("reference", "SEC/27/1"))))
            .Headers.Location!.ToString().Should().EndWith("done=committee-approval");
        var dean = await app.SignedInAs("dean");
        (await DemoUniversity.SubmitAsync(dean, page, "approve", Fields(("version", "1"), ("step", "dean-approval"), ("on", today), ("reference", "Dean 27/4"))))
            .Headers.Location!.ToString().Should().EndWith("done=dean-approval");

        (await PolicyAsync("2027-28")).GetProperty("versions")[0].GetProperty("stage").GetString().Should().Be("DeanApproved");
        (await dean.GetStringAsync(page)).Should().Contain("In force").And.Contain("Dean 27/4").And.NotContain("name=\"_handler\" value=\"draft\"", "the Dean approves, never drafts");
    }

    [Fact]
    public async Task A_step_out_of_order_is_the_apis_business_rule_shown_in_the_summary()
    {
        const string page = "/admin/policies?school=MED&year=2027-28";
        var admin = await app.SignedInAs("admin");
        await DemoUniversity.SubmitAsync(admin, page, "draft", Fields(
            ("caseloadTarget", "12"), ("caseloadMaximum", "15"), ("allocationDeadlineDays", "21"), ("minimumMeetingsPerYear", "3"), ("checkInsPerSemester", "1"),
            ("responseWorkingDays", "5"), ("welcomePeriodDays", "14"), ("unansweredAttemptsBeforeEscalation", "3"), ("workloadHoursPerTutee", "2"), ("handbookUrl", "")));

        var response = await DemoUniversity.SubmitAsync(admin, page, "approve",
            Fields(("version", "1"), ("step", "dean-approval"), ("on", DateTime.UtcNow.ToString("yyyy-MM-dd")), ("reference", "too soon")));

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).Should().Contain("error-summary").And.Contain("CommitteeApproved");
    }

    [Fact]
    public async Task A_maximum_below_the_target_is_the_apis_field_error_linked_to_the_field()
    {
        var admin = await app.SignedInAs("admin");

        var response = await DemoUniversity.SubmitAsync(admin, "/admin/policies?school=ENG&year=2029-30", "draft", Fields(
            ("caseloadTarget", "20"), ("caseloadMaximum", "10"), ("allocationDeadlineDays", "21"), ("minimumMeetingsPerYear", "3"), ("checkInsPerSemester", "1"),
            ("responseWorkingDays", "5"), ("welcomePeriodDays", "14"), ("unansweredAttemptsBeforeEscalation", "3"), ("workloadHoursPerTutee", "lots"), ("handbookUrl", "")));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("#workloadHoursPerTutee\"", "the page's own check: not a number");
        var second = await DemoUniversity.SubmitAsync(admin, "/admin/policies?school=ENG&year=2029-30", "draft", Fields(
            ("caseloadTarget", "20"), ("caseloadMaximum", "10"), ("allocationDeadlineDays", "21"), ("minimumMeetingsPerYear", "3"), ("checkInsPerSemester", "1"),
            ("responseWorkingDays", "5"), ("welcomePeriodDays", "14"), ("unansweredAttemptsBeforeEscalation", "3"), ("workloadHoursPerTutee", "2"), ("handbookUrl", "")));
        second.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await second.Content.ReadAsStringAsync()).Should().Contain("#caseloadMaximum\"").And.Contain("cannot be below the target");
        (await PolicyAsync("2029-30")).GetProperty("versions").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task A_senior_tutor_drafting_another_schools_policy_is_refused_as_the_api_refuses()
    {
        var body = new
        {
            caseloadTarget = 12, caseloadMaximum = 15, allocationDeadlineDays = 21, minimumMeetingsPerYear = 3, monthlyTermTimeContact = true,
            checkInsPerSemester = 1, responseWorkingDays = 5, welcomePeriodDays = 14, unansweredAttemptsBeforeEscalation = 3, workloadHoursPerTutee = 2
        };
        var apiStatus = (await app.ApiAs("senior-tutor-eng").PutAsJsonAsync("/api/schools/MED/policies/2028-29", body)).StatusCode;
        var browser = await app.SignedInAs("senior-tutor-eng");
        var own = await browser.GetStringAsync("/admin/policies?school=ENG&year=2028-29");
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = DemoUniversity.Token(own), ["_handler"] = "draft", ["caseloadTarget"] = "12", ["caseloadMaximum"] = "15",
            ["allocationDeadlineDays"] = "21", ["minimumMeetingsPerYear"] = "3", ["checkInsPerSemester"] = "1", ["responseWorkingDays"] = "5",
            ["welcomePeriodDays"] = "14", ["unansweredAttemptsBeforeEscalation"] = "3", ["workloadHoursPerTutee"] = "2",
        };

        var page = await browser.PostAsync("/admin/policies?school=MED&year=2028-29", new FormUrlEncodedContent(form));

        own.Should().Contain("name=\"_handler\" value=\"draft\"", "a Senior Tutor drafts their own school's policy");
        apiStatus.Should().Be(HttpStatusCode.Forbidden);
        page.StatusCode.Should().Be(apiStatus);
        (await PolicyAsync("2028-29", "MED")).GetProperty("versions").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task The_admin_defines_a_university_calendar_for_a_new_year_and_the_api_serves_it()
    {
        var admin = await app.SignedInAs("admin");
        (await admin.GetStringAsync("/admin/calendars?year=2031-32")).Should().Contain("id=\"no-calendar\"");

        var response = await DemoUniversity.SubmitAsync(admin, "/admin/calendars?year=2031-32", "calendar", Fields(
            ("term-0-name", "Autumn"), ("term-0-start", "2031-09-29"), ("term-0-end", "2031-12-12"),
            ("term-1-name", "Spring"), ("term-1-start", "2032-01-12"), ("term-1-end", "2032-03-26"),
            ("term-2-name", "Summer"), ("term-2-start", "2032-04-26"), ("term-2-end", "2032-06-11"),
            ("semester-0-start", "2031-09-29"), ("semester-0-end", "2032-01-23"), ("semester-1-start", "2032-01-26"), ("semester-1-end", "2032-06-11"),
            ("welcome-start", "2031-09-22"), ("welcome-end", "2031-09-26"), ("closureDays", "2031-12-25\n2032-01-01")));

        response.Headers.Location!.ToString().Should().Contain("done=saved");
        var calendar = await app.ApiAs("admin").GetFromJsonAsync<JsonElement>("/api/academic-years/2031-32/calendar");
        calendar.GetProperty("terms").GetArrayLength().Should().Be(3);
        calendar.GetProperty("closureDays").EnumerateArray().Select(d => d.GetString()).Should().Equal("2031-12-25", "2032-01-01");
        (await admin.GetStringAsync("/admin/calendars?year=2031-32")).Should().Contain("Autumn 29 Sep 2031 to 12 Dec 2031");
    }

    [Fact]
    public async Task A_closure_day_that_is_not_a_date_is_the_forms_mistake()
    {
        var admin = await app.SignedInAs("admin");

        var response = await DemoUniversity.SubmitAsync(admin, "/admin/calendars?year=2026-27&school=MED", "calendar", Fields(
            ("term-0-name", "Autumn"), ("term-0-start", "2026-09-28"), ("term-0-end", "2026-12-11"),
            ("semester-0-start", "2026-09-28"), ("semester-0-end", "2027-01-22"),
            ("welcome-start", "2026-09-21"), ("welcome-end", "2026-09-25"), ("closureDays", "Christmas")));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("#closureDays\"").And.Contain("Christmas is not one");
    }

    [Fact]
    public async Task The_admin_sees_a_dead_lettered_message_and_discards_it()
    {
        var id = await DeadLetterAsync();
        var admin = await app.SignedInAs("admin");
        var page = await admin.GetStringAsync("/admin/dead-letters?type=web-tests.failing");
        page.Should().Contain($"value=\"{id}\"").And.Contain("web-tests.failing");

        var response = await DemoUniversity.SubmitAsync(admin, "/admin/dead-letters?type=web-tests.failing", "letters", Fields(("ids", id.ToString()), ("action", "discard")));

        response.Headers.Location!.ToString().Should().EndWith("/admin/dead-letters?done=discarded");
        (await app.ApiAs("admin").GetFromJsonAsync<List<JsonElement>>("/api/admin/message-dead-letters?limit=1000"))!
            .Should().NotContain(d => d.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Choosing_no_message_is_the_forms_mistake()
    {
        await DeadLetterAsync();
        var admin = await app.SignedInAs("admin");

        var response = await DemoUniversity.SubmitAsync(admin, "/admin/dead-letters", "letters", Fields(("action", "replay")));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("Choose at least one message");
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("auditor")]
    public async Task Notifications_show_the_apis_delivery_state_filtered_by_status(string persona)
    {
        var all = (await app.ApiAs(persona).GetFromJsonAsync<List<JsonElement>>("/api/notifications?limit=1000"))!;
        all.Should().NotBeEmpty("the demo's allocations notify tutees, tutors and Registry");
        var status = all[0].GetProperty("status").GetString()!;
        var browser = await app.SignedInAs(persona);

        var page = await browser.GetStringAsync($"/admin/notifications?status={status}");

        var count = all.Count(n => n.GetProperty("status").GetString() == status);
        page.Should().Contain($"{count} {(count == 1 ? "notification" : "notifications")}, newest first");
        System.Text.RegularExpressions.Regex.Matches(page, "<th scope=\"row\">").Count.Should().Be(Math.Min(25, count));
        if (count > 25) page.Should().Contain("rel=\"next\"");
    }

    private async Task<JsonElement> PolicyAsync(string year, string school = "ENG") =>
        await app.ApiAs("admin").GetFromJsonAsync<JsonElement>($"/api/schools/{school}/policies/{year}");

    /// <summary>A message Wolverine gave up on, written to its dead-letter storage as its handler would leave it.</summary>
    private async Task<Guid> DeadLetterAsync()
    {
        var store = app.Services.GetRequiredService<IMessageStore>();
        var envelope = new Envelope
        {
            Id = Guid.NewGuid(), MessageType = "web-tests.failing", Data = [1], ContentType = "application/json", SentAt = DateTimeOffset.UtcNow,
            Destination = new Uri("local://web-tests")
        };
        await store.Inbox.MoveToDeadLetterStorageAsync(envelope, new InvalidOperationException("The mail server refused the message"));
        return envelope.Id;
    }
}
