using System.Net.Http.Json;
using System.Text.Json;

namespace PersonalTutoring.Web.Tests.Pages;

/// <summary>
/// Data protection over the DataProtection module (ADR 0077, docs/adr/0083): the Admin requests erasure with its ground,
/// the Dean approves or refuses, legal holds are placed and lifted, and a hold's refusal is shown with its reason; the
/// Auditor verifies the event chain.
/// </summary>
[Collection(DemoUniversityCollection.Name)]
public sealed class DataProtectionPageTests(DemoUniversity app)
{
    private static Dictionary<string, string> Fields(params (string Key, string Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);

    private static string Page(string student) => $"/data-protection?student={student}";

    [Fact]
    public async Task The_admin_requests_erasure_with_its_ground_and_the_dean_approves_it()
    {
        var student = (await app.RegisterStudentsAsync("ENG", 1))[0];
        var admin = await app.SignedInAs("admin");

        var requested = await DemoUniversity.SubmitAsync(admin, Page(student), "request-erasure",
            Fields(("key", Guid.NewGuid().ToString("N")), ("ground", "ConsentWithdrawn"), ("detail", "The student wrote on 28 November asking for erasure")));

        requested.Headers.Location!.ToString().Should().EndWith($"{Page(student)}&done=requested");
        var record = await RecordAsync(student);
        var request = record.GetProperty("requests").EnumerateArray().Single();
        request.GetProperty("status").GetString().Should().Be("AwaitingApproval");
        request.GetProperty("ground").GetString().Should().Be("ConsentWithdrawn");
        var id = request.GetProperty("requestId").GetGuid();
        (await admin.GetStringAsync(Page(student))).Should().Contain("Awaiting the Dean").And.NotContain($"value=\"approve-{id}\"", "only the Dean decides");

        var dean = await app.SignedInAs("dean");
        var approved = await DemoUniversity.SubmitAsync(dean, Page(student), $"approve-{id}", Fields(("request", id.ToString())));

        approved.Headers.Location!.ToString().Should().EndWith("&done=erased");
        (await RecordAsync(student)).GetProperty("erasedAt").ValueKind.Should().Be(JsonValueKind.String);
        (await dean.GetStringAsync(Page(student))).Should().Contain("Erased on");
    }

    [Fact]
    public async Task The_dean_refuses_a_request_with_the_reason_given_to_the_student()
    {
        var student = (await app.RegisterStudentsAsync("MED", 1))[0];
        await (await app.ApiAs("admin").PostAsJsonAsync($"/api/students/{student}/erasure-requests", new { ground = "NoLongerNecessary", detail = "Asked at the desk" }))
            .ShouldBe(HttpStatusCode.Created);
        var id = (await RecordAsync(student)).GetProperty("requests")[0].GetProperty("requestId").GetGuid();
        var dean = await app.SignedInAs("dean");

        var empty = await DemoUniversity.SubmitAsync(dean, Page(student), $"refuse-{id}", Fields(("request", id.ToString()), ("reason", "")));
        var refused = await DemoUniversity.SubmitAsync(dean, Page(student), $"refuse-{id}", Fields(("request", id.ToString()), ("reason", "The records are still needed for the degree")));

        empty.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await empty.Content.ReadAsStringAsync()).Should().Contain($"#reason-{id}\"");
        refused.Headers.Location!.ToString().Should().EndWith("&done=refused");
        var request = (await RecordAsync(student)).GetProperty("requests")[0];
        request.GetProperty("status").GetString().Should().Be("Refused");
        request.GetProperty("refusalReason").GetString().Should().Be("The records are still needed for the degree");
    }

    [Fact]
    public async Task A_legal_hold_refuses_the_request_with_its_reason_until_it_is_lifted()
    {
        var student = (await app.RegisterStudentsAsync("ENG", 1))[0];
        var dean = await app.SignedInAs("dean");
        (await DemoUniversity.SubmitAsync(dean, Page(student), "place-hold",
                Fields(("key", Guid.NewGuid().ToString("N")), ("kind", "LegalClaim"), ("reason", "A claim against the university is pending"), ("until", ""))))
            .Headers.Location!.ToString().Should().EndWith("&done=placed");
        var admin = await app.SignedInAs("admin");

        var refused = await DemoUniversity.SubmitAsync(admin, Page(student), "request-erasure",
            Fields(("key", Guid.NewGuid().ToString("N")), ("ground", "ObjectionUpheld"), ("detail", "Objection upheld on review")));

        refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var html = await refused.Content.ReadAsStringAsync();
        html.Should().Contain("error-summary").And.Contain("under a legal hold").And.Contain("A claim against the university is pending");
        (await RecordAsync(student)).GetProperty("requests").GetArrayLength().Should().Be(0);

        var hold = (await RecordAsync(student)).GetProperty("holds")[0].GetProperty("holdId").GetGuid();
        (await DemoUniversity.SubmitAsync(admin, Page(student), $"lift-{hold}", Fields(("hold", hold.ToString()))))
            .Headers.Location!.ToString().Should().EndWith("&done=lifted");
        (await DemoUniversity.SubmitAsync(admin, Page(student), "request-erasure",
                Fields(("key", Guid.NewGuid().ToString("N")), ("ground", "ObjectionUpheld"), ("detail", "Objection upheld on review"))))
            .Headers.Location!.ToString().Should().EndWith("&done=requested");
    }

    [Fact]
    public async Task The_auditor_reads_the_state_and_is_offered_no_action()
    {
        var auditor = await app.SignedInAs("auditor");

        var page = await auditor.GetStringAsync(Page("med-0001"));

        page.Should().Contain("Data protection of med-0001").And.Contain("Legal holds in force").And.NotContain("name=\"_handler\"");
    }

    [Fact]
    public async Task An_unknown_student_is_the_apis_404()
    {
        var response = await (await app.SignedInAs("dean")).GetAsync(Page("nobody-at-all"));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    // Who may not act: the form, sent anyway, is refused with the API's status.
    [Fact]
    public async Task The_dean_cannot_request_erasure_and_the_admin_cannot_approve_it_as_the_api_refuses()
    {
        var student = (await app.RegisterStudentsAsync("MED", 1))[0];
        var dean = await app.SignedInAs("dean");
        var html = await dean.GetStringAsync(Page(student));
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = DemoUniversity.Token(html), ["_handler"] = "request-erasure", ["key"] = "k1",
            ["ground"] = "ConsentWithdrawn", ["detail"] = "By the Dean"
        };
        var byDean = await dean.PostAsync(Page(student), new FormUrlEncodedContent(form));
        var apiStatus = (await app.ApiAs("dean").PostAsJsonAsync($"/api/students/{student}/erasure-requests", new { ground = "ConsentWithdrawn", detail = "x" })).StatusCode;

        await (await app.ApiAs("admin").PostAsJsonAsync($"/api/students/{student}/erasure-requests", new { ground = "ConsentWithdrawn", detail = "By the Admin" }))
            .ShouldBe(HttpStatusCode.Created);
        var id = (await RecordAsync(student)).GetProperty("requests")[0].GetProperty("requestId").GetGuid();
        var admin = await app.SignedInAs("admin");
        var approve = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = DemoUniversity.Token(await admin.GetStringAsync(Page(student))),
            ["_handler"] = $"approve-{id}", ["request"] = id.ToString()
        };
        var byAdmin = await admin.PostAsync(Page(student), new FormUrlEncodedContent(approve));

        apiStatus.Should().Be(HttpStatusCode.Forbidden);
        // Neither page renders the other role's form, so Blazor finds no handler for it: refused before the API is asked.
        byDean.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        byAdmin.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await RecordAsync(student)).GetProperty("requests").EnumerateArray().Should().ContainSingle("the Dean's request was never recorded");
        (await RecordAsync(student)).GetProperty("requests")[0].GetProperty("status").GetString().Should().Be("AwaitingApproval");
    }

    [Fact]
    public async Task The_auditor_verifies_the_event_chain_and_sees_what_the_api_found()
    {
        var api = await app.ApiAs("auditor").GetFromJsonAsync<JsonElement>("/api/audit/event-chain");
        var auditor = await app.SignedInAs("auditor");

        var page = await auditor.GetStringAsync("/audit/event-chain?run=1&from=1");

        api.GetProperty("intact").GetBoolean().Should().BeTrue("nobody has tampered with the demo's history");
        page.Should().Contain("id=\"chain-state\">Intact</p>").And.Contain("events checked from 1");
        (await auditor.GetStringAsync("/audit/event-chain")).Should().NotContain("id=\"verification\"", "a verification runs only when asked");
    }

    [Fact]
    public async Task A_starting_point_that_is_not_a_number_is_the_forms_mistake()
    {
        var response = await (await app.SignedInAs("admin")).GetAsync("/audit/event-chain?run=1&from=first");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("#from\"").And.Contain("Enter an event number");
    }

    private async Task<JsonElement> RecordAsync(string student) =>
        await app.ApiAs("admin").GetFromJsonAsync<JsonElement>($"/api/students/{student}/data-protection");
}
