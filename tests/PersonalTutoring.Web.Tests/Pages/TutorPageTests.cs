using System.Net.Http.Json;
using System.Text.Json;

namespace PersonalTutoring.Web.Tests.Pages;

/// <summary>The tutor's screens (issue 15): availability and recording a contact, each sent to the API as the tutor.</summary>
[Collection(DemoUniversityCollection.Name)]
public sealed class TutorPageTests(DemoUniversity app)
{
    private const string Tutor = "t-med-01";

    private static Dictionary<string, string> Fields(params (string Key, string Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);

    /// <summary>A weekday a week or more ahead: inside the page's four weeks, away from the seed's Tuesday and Thursday clinics.</summary>
    private static DateOnly AWeekday(int daysAhead)
    {
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(daysAhead);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday or DayOfWeek.Tuesday or DayOfWeek.Thursday) day = day.AddDays(1);
        return day;
    }

    [Fact]
    public async Task The_tutor_publishes_times_and_sees_them_listed()
    {
        var browser = await app.SignedInAs("tutor");
        var on = AWeekday(8);

        var response = await DemoUniversity.SubmitAsync(browser, "/availability", "publish", Fields(("key", Guid.NewGuid().ToString("N")), ("on", on.ToString("yyyy-MM-dd")),
            ("startTime", "16:00"), ("lengthMinutes", "15"), ("count", "2"), ("capacity", "1"), ("room", "Room 4.01"), ("repeatWeeklyUntil", ""), ("onlineLink", "")));

        response.Headers.Location!.ToString().Should().EndWith("/availability?published=2");
        var slots = (await app.ApiAs("tutor").GetFromJsonAsync<List<JsonElement>>($"/api/tutors/{Tutor}/slots?from={on:yyyy-MM-dd}&to={on:yyyy-MM-dd}"))!;
        slots.Where(s => s.GetProperty("room").GetString() == "Room 4.01").Should().HaveCount(2);
        (await browser.GetStringAsync("/availability?published=2")).Should().Contain("2 times are published").And.Contain("Room 4.01");
    }

    [Fact]
    public async Task Publishing_with_mistakes_lists_them_and_publishes_nothing()
    {
        var browser = await app.SignedInAs("tutor");
        var before = (await app.ApiAs("tutor").GetFromJsonAsync<List<JsonElement>>($"/api/tutors/{Tutor}/slots"))!.Count;

        var mine = await DemoUniversity.SubmitAsync(browser, "/availability", "publish", Fields(("key", Guid.NewGuid().ToString("N")), ("on", "tomorrow"),
            ("startTime", "10"), ("lengthMinutes", "15"), ("count", "1"), ("capacity", "1")));
        var theApis = await DemoUniversity.SubmitAsync(browser, "/availability", "publish", Fields(("key", Guid.NewGuid().ToString("N")),
            ("on", AWeekday(9).ToString("yyyy-MM-dd")), ("startTime", "17:00"), ("lengthMinutes", "15"), ("count", "1"), ("capacity", "1")));

        mine.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await mine.Content.ReadAsStringAsync()).Should().Contain("/availability#on\"").And.Contain("/availability#startTime\"");
        theApis.StatusCode.Should().Be(HttpStatusCode.BadRequest, "the API's own rule: a room, a link or both");
        (await theApis.Content.ReadAsStringAsync()).Should().Contain("A slot is in person (a room), online (a link) or both.");
        (await app.ApiAs("tutor").GetFromJsonAsync<List<JsonElement>>($"/api/tutors/{Tutor}/slots"))!.Should().HaveCount(before);
    }

    [Fact]
    public async Task The_tutor_records_a_contact_with_a_note_on_a_tutees_record()
    {
        var tutee = (await app.ApiAs("tutor").GetFromJsonAsync<JsonElement>($"/api/tutors/{Tutor}/contact-due")).GetProperty("tutees")[0].GetProperty("studentId").GetString()!;
        var browser = await app.SignedInAs("tutor");
        var note = $"Talked about placements {Guid.NewGuid():N}";

        var response = await DemoUniversity.SubmitAsync(browser, $"/tutees/{tutee}/record", "contact", Fields(("kind", "Call"), ("direction", "TutorInitiated"),
            ("occurredAt", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm")), ("enquired", "true"), ("responded", "true"), ("note", note), ("lateReason", "")));

        response.Headers.Location!.ToString().Should().EndWith($"/tutees/{tutee}?recorded=true");
        var record = await app.ApiAs("tutor").GetFromJsonAsync<JsonElement>($"/api/students/{tutee}/contacts");
        record.GetProperty("notes").EnumerateArray().Should().Contain(n => n.GetProperty("text").GetString() == note && n.GetProperty("confidentiality").GetString() == "Standard");
        (await browser.GetStringAsync($"/tutees/{tutee}?recorded=true")).Should().Contain("The contact is recorded").And.Contain(note);
    }

    [Fact]
    public async Task The_tutor_accepts_one_reference_request_and_declines_another_with_a_reason()
    {
        var tutee = app.ApiAs("tutee");
        (await tutee.GetFromJsonAsync<JsonElement>("/api/students/med-0001")).GetProperty("currentTutor").GetProperty("staffId").GetString().Should().Be(Tutor);
        async Task<string> RequestAsync(string recipient) =>
            (await (await tutee.PostAsJsonAsync("/api/students/med-0001/reference-requests", new
            {
                kind = "FurtherStudy", recipient, deadline = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd"), purpose = "A master's course",
                consent = new { health = false, personalCircumstances = false },
            })).ShouldBe(HttpStatusCode.Created)).GetProperty("requestId").GetString()!;
        var (accept, decline) = (await RequestAsync("University A"), await RequestAsync("University B"));
        var browser = await app.SignedInAs("tutor");

        var accepted = await DemoUniversity.SubmitAsync(browser, "/references-to-write", $"accept-{accept}", Fields(("request", accept)));
        var declined = await DemoUniversity.SubmitAsync(browser, "/references-to-write", $"decline-{decline}", Fields(("request", decline), ("reason", "I have not taught you")));

        accepted.Headers.Location!.ToString().Should().EndWith("/references-to-write?done=accepted");
        declined.Headers.Location!.ToString().Should().EndWith("/references-to-write?done=declined");
        var mine = (await tutee.GetFromJsonAsync<List<JsonElement>>("/api/students/med-0001/reference-requests"))!;
        mine.Single(r => r.GetProperty("requestId").GetString() == accept).GetProperty("status").GetString().Should().Be("Accepted");
        var no = mine.Single(r => r.GetProperty("requestId").GetString() == decline);
        no.GetProperty("status").GetString().Should().Be("Declined");
        no.GetProperty("declineReason").GetString().Should().Be("I have not taught you");
    }

    [Fact]
    public async Task Recording_a_contact_for_someone_elses_tutee_is_refused_as_the_api_refuses_it()
    {
        var apiStatus = (await app.ApiAs("tutor").PostAsJsonAsync("/api/students/eng-0001/contacts", new
        {
            kind = "Call", direction = "TutorInitiated", occurredAt = DateTimeOffset.UtcNow, enquiredAboutProgressAndWellbeing = true, tuteeResponded = true,
        })).StatusCode;
        var browser = await app.SignedInAs("tutor");

        var page = await browser.GetAsync("/tutees/eng-0001/record");

        apiStatus.Should().BeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
        page.StatusCode.Should().Be(apiStatus);
        (await app.ApiAs("senior-tutor-eng").GetFromJsonAsync<JsonElement>("/api/students/eng-0001/contacts")).GetProperty("contacts").EnumerateArray()
            .Should().NotContain(c => c.GetProperty("staffId").GetString() == Tutor);
    }
}
