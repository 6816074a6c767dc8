using System.Net.Http.Json;
using System.Text.Json;

namespace PersonalTutoring.Web.Tests.Pages;

/// <summary>The tutor drafts and issues a reference from the evidence the API offers (issue 15, Tutor: references to write).</summary>
[Collection(DemoUniversityCollection.Name)]
public sealed class ReferenceWritingPageTests(DemoUniversity app)
{
    private async Task<string> AcceptedRequestAsync(string recipient)
    {
        var tutee = app.ApiAs("tutee");
        var id = (await (await tutee.PostAsJsonAsync("/api/students/med-0001/reference-requests", new
        {
            kind = "Employment", recipient, deadline = DateTime.UtcNow.AddDays(20).ToString("yyyy-MM-dd"), purpose = "A graduate job",
            consent = new { health = false, personalCircumstances = true },
        })).ShouldBe(HttpStatusCode.Created)).GetProperty("requestId").GetString()!;
        (await app.ApiAs("tutor").PostAsync($"/api/reference-requests/{id}/accept", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        return id;
    }

    [Fact]
    public async Task The_tutor_sees_the_evidence_saves_a_draft_and_issues_it_with_the_attestation()
    {
        var id = await AcceptedRequestAsync($"Employer {Guid.NewGuid():N}"[..20]);
        var evidence = await app.ApiAs("tutor").GetFromJsonAsync<JsonElement>($"/api/reference-requests/{id}/evidence");
        var browser = await app.SignedInAs("tutor");
        var page = $"/references-to-write/{id}";

        (await browser.GetStringAsync("/references-to-write")).Should().Contain($"href=\"{page}\"");
        var shown = WebUtility.HtmlDecode(await browser.GetStringAsync(page));
        shown.Should().Contain($"<dt>Contacts (last two years)</dt><dd>{evidence.GetProperty("contacts").GetArrayLength()}")
            .And.Contain($"<dt>Meetings attended with you</dt><dd>{evidence.GetProperty("meetingsAttended").GetArrayLength()}")
            .And.Contain("their personal circumstances, not their health");

        var saved = await DemoUniversity.SubmitAsync(browser, page, "draft", new Dictionary<string, string> { ["text"] = "A reliable and thoughtful student." });
        saved.Headers.Location!.ToString().Should().EndWith($"{page}?done=saved");
        (await app.ApiAs("tutor").GetFromJsonAsync<JsonElement>($"/api/reference-requests/{id}/draft")).GetProperty("text").GetString().Should().Be("A reliable and thoughtful student.");

        var unattested = await DemoUniversity.SubmitAsync(browser, page, "issue",
            new Dictionary<string, string> { ["key"] = Guid.NewGuid().ToString("N"), ["knownFrom"] = "2025-09-22", ["capacity"] = "Personal tutor", ["isTrue"] = "true" });
        unattested.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await unattested.Content.ReadAsStringAsync()).Should().Contain($"{page}#attestation\"");

        var issued = await DemoUniversity.SubmitAsync(browser, page, "issue", new Dictionary<string, string>
        {
            ["key"] = Guid.NewGuid().ToString("N"), ["knownFrom"] = "2025-09-22", ["capacity"] = "Personal tutor",
            ["isTrue"] = "true", ["isAccurate"] = "true", ["isNotUnfairOverall"] = "true",
        });
        issued.Headers.Location!.ToString().Should().EndWith($"{page}?done=issued");
        var request = await app.ApiAs("tutor").GetFromJsonAsync<JsonElement>($"/api/reference-requests/{id}");
        request.GetProperty("issued").GetArrayLength().Should().Be(1);
        (await browser.GetStringAsync(page)).Should().Contain("Why a correction?", "a second issue is a correction and needs its reason");
    }

    [Fact]
    public async Task Issuing_before_any_draft_is_the_apis_refusal_in_the_summary()
    {
        var id = await AcceptedRequestAsync($"Employer {Guid.NewGuid():N}"[..20]);
        var browser = await app.SignedInAs("tutor");

        var response = await DemoUniversity.SubmitAsync(browser, $"/references-to-write/{id}", "issue", new Dictionary<string, string>
        {
            ["key"] = Guid.NewGuid().ToString("N"), ["knownFrom"] = "2025-09-22", ["capacity"] = "Personal tutor",
            ["isTrue"] = "true", ["isAccurate"] = "true", ["isNotUnfairOverall"] = "true",
        });

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).Should().Contain("There is no draft to issue");
    }

    [Fact]
    public async Task Another_tutor_cannot_open_the_reference_as_the_api_refuses_them()
    {
        var id = await AcceptedRequestAsync($"Employer {Guid.NewGuid():N}"[..20]);
        var other = app.ClientFor(Roles.Tutor, "t-eng-01");
        var apiStatus = (await other.GetAsync($"/api/reference-requests/{id}/evidence")).StatusCode;
        var senior = await app.SignedInAs("senior-tutor-eng");

        var page = await senior.GetAsync($"/references-to-write/{id}");

        apiStatus.Should().BeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
        page.StatusCode.Should().Be((await app.ApiAs("senior-tutor-eng").GetAsync($"/api/reference-requests/{id}")).StatusCode);
        page.StatusCode.Should().BeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
    }
}
