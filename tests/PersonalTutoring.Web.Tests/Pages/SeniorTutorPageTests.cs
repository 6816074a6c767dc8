using System.Net.Http.Json;
using System.Text.Json;

namespace PersonalTutoring.Web.Tests.Pages;

/// <summary>The Senior Tutor's screens (issue 15): change requests, automatic allocation with a preview, handover.</summary>
[Collection(DemoUniversityCollection.Name)]
public sealed class SeniorTutorPageTests(DemoUniversity app)
{
    private static Dictionary<string, string> Fields(params (string Key, string Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);

    [Fact]
    public async Task The_senior_tutor_declines_a_change_request_with_a_rationale_the_student_sees()
    {
        var open = (await app.ApiAs("senior-tutor-med").GetFromJsonAsync<List<JsonElement>>("/api/schools/MED/tutor-change-requests"))!;
        var request = open.First(r => r.GetProperty("studentId").GetString() == "med-0007").GetProperty("requestId").GetString()!;
        var browser = await app.SignedInAs("senior-tutor-med");

        var response = await DemoUniversity.SubmitAsync(browser, "/schools/MED/change-requests", $"decide-{request}",
            Fields(("request", request), ("outcome", "Declined"), ("newTutorId", ""), ("rationale", "Campus tutors are full this term")));

        response.Headers.Location!.ToString().Should().EndWith("/schools/MED/change-requests?done=Declined");
        await app.CatchUpAsync();
        var decided = (await app.ApiAs("senior-tutor-med").GetFromJsonAsync<List<JsonElement>>("/api/students/med-0007/tutor-change-requests"))!
            .Single(r => r.GetProperty("requestId").GetString() == request);
        decided.GetProperty("status").GetString().Should().Be("Declined");
        decided.GetProperty("rationale").GetString().Should().Be("Campus tutors are full this term");
    }

    [Fact]
    public async Task Agreeing_without_a_new_tutor_is_the_forms_mistake_and_decides_nothing()
    {
        var browser = await app.SignedInAs("senior-tutor-med");
        var html = await browser.GetStringAsync("/schools/MED/change-requests");
        var handler = System.Text.RegularExpressions.Regex.Match(html, "name=\"_handler\" value=\"(decide-[^\"]+)\"").Groups[1].Value;
        handler.Should().NotBeEmpty("the demo has an open change request");
        var request = handler["decide-".Length..];

        var response = await DemoUniversity.SubmitAsync(browser, "/schools/MED/change-requests", handler,
            Fields(("request", request), ("outcome", "Approved"), ("newTutorId", ""), ("rationale", "")));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var page = await response.Content.ReadAsStringAsync();
        page.Should().Contain($"#tutor-{request}\"").And.Contain("Choose the new tutor").And.Contain($"#rationale-{request}\"");
    }

    [Fact]
    public async Task The_preview_shows_what_the_api_would_allocate_and_writes_nothing()
    {
        await app.RegisterStudentsAsync("MED", 2);
        var api = app.ApiAs("senior-tutor-med");
        var dry = await (await api.PostAsJsonAsync("/api/allocations/auto", new { schoolCode = "MED", dryRun = true })).ShouldBe(HttpStatusCode.OK);
        var unallocatedBefore = (await api.GetFromJsonAsync<JsonElement>("/api/schools/MED/unallocated")).GetProperty("count").GetInt32();
        var browser = await app.SignedInAs("senior-tutor-med");

        var response = await DemoUniversity.SubmitAsync(browser, "/schools/MED/auto-allocation", "preview", Fields(("level", ""), ("year", "")));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var page = await response.Content.ReadAsStringAsync();
        var placements = dry.GetProperty("placements").GetArrayLength();
        page.Should().Contain($"<span class=\"figure-value\">{placements}</span> to allocate");
        placements.Should().BeGreaterThanOrEqualTo(2, "two students have just registered");
        page.Should().Contain("value=\"apply\"").And.Contain(dry.GetProperty("placements")[0].GetProperty("studentId").GetString());
        (await api.GetFromJsonAsync<JsonElement>("/api/schools/MED/unallocated")).GetProperty("count").GetInt32().Should().Be(unallocatedBefore);
    }

    [Fact]
    public async Task The_senior_tutor_hands_over_a_departing_tutors_tutees_shared_out()
    {
        var api = app.ApiAs("senior-tutor-med");
        var caseloads = await api.GetFromJsonAsync<JsonElement>("/api/schools/MED/caseloads");
        var departing = caseloads.GetProperty("caseload").EnumerateArray()
            .Where(c => !c.GetProperty("hasLeft").GetBoolean() && c.GetProperty("tutees").GetInt32() > 0 && c.GetProperty("staffId").GetString() != "t-med-01")
            .OrderBy(c => c.GetProperty("tutees").GetInt32()).First();
        var from = departing.GetProperty("staffId").GetString()!;
        var browser = await app.SignedInAs("senior-tutor-med");

        var response = await DemoUniversity.SubmitAsync(browser, "/schools/MED/handover", "handover",
            Fields(("from", from), ("to", ""), ("effectiveOn", DateTime.UtcNow.ToString("yyyy-MM-dd")), ("notes", "Left for another post")));

        response.Headers.Location!.ToString().Should().Contain($"/schools/MED/handover?moved={departing.GetProperty("tutees").GetInt32()}&from={from}");
        var after = await api.GetFromJsonAsync<JsonElement>("/api/schools/MED/caseloads");
        after.GetProperty("caseload").EnumerateArray().Single(c => c.GetProperty("staffId").GetString() == from).GetProperty("tutees").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Handing_over_another_schools_tutor_is_refused_as_the_api_refuses_it()
    {
        var apiStatus = (await app.ApiAs("senior-tutor-eng").PostAsJsonAsync("/api/tutors/t-med-02/handover",
            new { distribute = true, effectiveOn = DateTime.UtcNow.ToString("yyyy-MM-dd") })).StatusCode;
        var browser = await app.SignedInAs("senior-tutor-eng");

        var response = await DemoUniversity.SubmitAsync(browser, "/schools/ENG/handover", "handover",
            Fields(("from", "t-med-02"), ("to", ""), ("effectiveOn", DateTime.UtcNow.ToString("yyyy-MM-dd")), ("notes", "")));

        apiStatus.Should().BeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
        response.StatusCode.Should().Be(apiStatus);
    }
}
