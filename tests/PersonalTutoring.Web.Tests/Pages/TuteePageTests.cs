using System.Net.Http.Json;
using System.Text.Json;

namespace PersonalTutoring.Web.Tests.Pages;

/// <summary>
/// The tutee's screens (issue 15): each form goes to the API as the tutee, and what the API then answers is what the
/// page shows. The demo tutee is med-0001; the tests leave their bookings as they found them.
/// </summary>
[Collection(DemoUniversityCollection.Name)]
public sealed class TuteePageTests(DemoUniversity app)
{
    private const string Tutee = "med-0001";

    private static Dictionary<string, string> Fields(params (string Key, string Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);

    private async Task<List<JsonElement>> FreeSlotsAsync(HttpClient api, string tutor) =>
        (await api.GetFromJsonAsync<List<JsonElement>>($"/api/tutors/{tutor}/slots"))!
        .Where(s => s.GetProperty("freePlaces").GetInt32() > 0 && s.GetProperty("yourBookingId").ValueKind == JsonValueKind.Null && !s.GetProperty("cancelled").GetBoolean())
        .ToList();

    private async Task<JsonElement?> LiveBookingAsync(HttpClient api, string slotId) =>
        (await api.GetFromJsonAsync<List<JsonElement>>($"/api/students/{Tutee}/bookings"))!
        .Where(b => b.GetProperty("slotId").GetString() == slotId && b.GetProperty("status").GetString() == "Booked")
        .Select(b => (JsonElement?)b).FirstOrDefault();

    [Fact]
    public async Task The_tutee_books_a_free_time_of_their_tutor_moves_it_and_cancels_it()
    {
        var api = app.ApiAs("tutee");
        var tutor = (await api.GetFromJsonAsync<JsonElement>($"/api/students/{Tutee}")).GetProperty("currentTutor").GetProperty("staffId").GetString()!;
        var free = await FreeSlotsAsync(api, tutor);
        free.Should().HaveCountGreaterThan(1, "the demo tutor publishes clinics for four weeks");
        var (first, second) = (free[0].GetProperty("slotId").GetString()!, free[1].GetProperty("slotId").GetString()!);
        var browser = await app.SignedInAs("tutee");

        var booked = await DemoUniversity.SubmitAsync(browser, "/meetings", $"book-{first}",
            Fields(("slot", first), ("key", Guid.NewGuid().ToString("N")), ("agenda", "My placement choices")));

        booked.Headers.Location!.ToString().Should().EndWith("/meetings?done=booked");
        var booking = (await LiveBookingAsync(api, first))!.Value;
        booking.GetProperty("agenda").GetString().Should().Be("My placement choices");
        var bookingId = booking.GetProperty("bookingId").GetString()!;
        (await browser.GetStringAsync("/meetings?done=booked")).Should().Contain("Your meeting is booked").And.Contain($"/meetings/{first}/{bookingId}/move");

        var moved = await DemoUniversity.SubmitAsync(browser, $"/meetings/{first}/{bookingId}/move", "move", Fields(("to", second)));

        moved.Headers.Location!.ToString().Should().EndWith("/meetings?done=moved");
        (await LiveBookingAsync(api, first)).Should().BeNull();
        var movedTo = (await LiveBookingAsync(api, second))!.Value;
        movedTo.GetProperty("agenda").GetString().Should().Be("My placement choices", "the agenda travels with the booking");

        var newId = movedTo.GetProperty("bookingId").GetString()!;
        var cancelled = await DemoUniversity.SubmitAsync(browser, "/meetings", $"cancel-{newId}", Fields(("slot", second), ("booking", newId)));

        cancelled.Headers.Location!.ToString().Should().EndWith("/meetings?done=cancelled");
        (await LiveBookingAsync(api, second)).Should().BeNull();
    }

    [Fact]
    public async Task Moving_without_choosing_a_time_lists_the_mistake_and_moves_nothing()
    {
        var api = app.ApiAs("tutee");
        var tutor = (await api.GetFromJsonAsync<JsonElement>($"/api/students/{Tutee}")).GetProperty("currentTutor").GetProperty("staffId").GetString()!;
        var slot = (await FreeSlotsAsync(api, tutor))[0].GetProperty("slotId").GetString()!;
        var browser = await app.SignedInAs("tutee");
        await DemoUniversity.SubmitAsync(browser, "/meetings", $"book-{slot}", Fields(("slot", slot), ("key", Guid.NewGuid().ToString("N"))));
        var bookingId = (await LiveBookingAsync(api, slot))!.Value.GetProperty("bookingId").GetString()!;

        var response = await DemoUniversity.SubmitAsync(browser, $"/meetings/{slot}/{bookingId}/move", "move", Fields());

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("There is a problem").And.Contain("Choose the time to move your meeting to");
        (await LiveBookingAsync(api, slot)).Should().NotBeNull();
        await DemoUniversity.SubmitAsync(browser, "/meetings", $"cancel-{bookingId}", Fields(("slot", slot), ("booking", bookingId)));
        (await LiveBookingAsync(api, slot)).Should().BeNull();
    }

    [Fact]
    public async Task Booking_another_tutors_time_is_refused_as_the_api_refuses_it()
    {
        var api = app.ApiAs("tutee");
        var mine = (await api.GetFromJsonAsync<JsonElement>($"/api/students/{Tutee}")).GetProperty("currentTutor").GetProperty("staffId").GetString();
        var senior = app.ApiAs("senior-tutor-med");
        var caseloads = await senior.GetFromJsonAsync<JsonElement>("/api/schools/MED/caseloads");
        string? other = null;
        foreach (var tutor in caseloads.GetProperty("caseload").EnumerateArray().Select(c => c.GetProperty("staffId").GetString()!).Where(t => t != mine))
        {
            var slots = (await senior.GetFromJsonAsync<List<JsonElement>>($"/api/tutors/{tutor}/slots"))!;
            if (slots.Count > 0) { other = slots[0].GetProperty("slotId").GetString(); break; }
        }
        other.Should().NotBeNull("the demo seed publishes clinics for several MED tutors");
        var apiStatus = (await api.PostAsJsonAsync($"/api/slots/{other}/bookings", new { agenda = (string?)null })).StatusCode;
        var browser = await app.SignedInAs("tutee");

        // The page's form names the slot; a tutee editing it reaches the API's own check.
        var html = await browser.GetStringAsync("/meetings");
        var handler = System.Text.RegularExpressions.Regex.Match(html, "name=\"_handler\" value=\"(book-[^\"]+)\"").Groups[1].Value;
        var page = await browser.PostAsync("/meetings", new FormUrlEncodedContent(Fields(("__RequestVerificationToken", DemoUniversity.Token(html)),
            ("_handler", handler), ("slot", other!), ("key", Guid.NewGuid().ToString("N")))));

        apiStatus.Should().BeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
        page.StatusCode.Should().Be(apiStatus);
        (await api.GetFromJsonAsync<List<JsonElement>>($"/api/students/{Tutee}/bookings"))!.Should().NotContain(b => b.GetProperty("slotId").GetString() == other);
    }

    [Fact]
    public async Task The_tutee_asks_for_a_reference_and_follows_it()
    {
        var browser = await app.SignedInAs("tutee");
        var recipient = $"Recipient {Guid.NewGuid():N}"[..20];

        var response = await DemoUniversity.SubmitAsync(browser, "/references/new", "reference", Fields(("key", Guid.NewGuid().ToString("N")), ("kind", "Employment"),
            ("recipient", recipient), ("deadline", DateTime.UtcNow.AddDays(40).ToString("yyyy-MM-dd")), ("purpose", "A summer job in a lab"), ("health", "true")));

        response.Headers.Location!.ToString().Should().EndWith("/references?requested=true");
        var listed = (await app.ApiAs("tutee").GetFromJsonAsync<List<JsonElement>>($"/api/students/{Tutee}/reference-requests"))!
            .Single(r => r.GetProperty("recipient").GetString() == recipient);
        listed.GetProperty("consent").GetProperty("health").GetBoolean().Should().BeTrue();
        listed.GetProperty("consent").GetProperty("personalCircumstances").GetBoolean().Should().BeFalse();
        (await browser.GetStringAsync("/references")).Should().Contain(recipient).And.Contain("Waiting for your tutor to accept");
    }

    [Fact]
    public async Task A_reference_request_with_mistakes_lists_each_linked_to_its_field()
    {
        var browser = await app.SignedInAs("tutee");

        var response = await DemoUniversity.SubmitAsync(browser, "/references/new", "reference", Fields(("key", Guid.NewGuid().ToString("N")), ("kind", "Employment"),
            ("deadline", "next week")));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var page = await response.Content.ReadAsStringAsync();
        page.Should().Contain("/references/new#recipient\"").And.Contain("/references/new#deadline\"").And.Contain("/references/new#purpose\"")
            .And.NotContain("/references/new#kind\"");
        page.Should().Contain("aria-describedby=\"deadline-hint deadline-error\"");
    }

    [Fact]
    public async Task The_tutee_asks_for_a_change_of_tutor_and_sees_it_waiting()
    {
        var browser = await app.SignedInAs("tutee");

        var response = await DemoUniversity.SubmitAsync(browser, "/change-of-tutor", "change", Fields(("reason", "I would like a tutor who knows research")));

        response.Headers.Location!.ToString().Should().EndWith("/change-of-tutor?requested=true");
        await app.CatchUpAsync(); // the requests list is an asynchronous view
        var requests = (await app.ApiAs("tutee").GetFromJsonAsync<List<JsonElement>>($"/api/students/{Tutee}/tutor-change-requests"))!;
        requests.Should().Contain(r => r.GetProperty("reason").GetString() == "I would like a tutor who knows research" && r.GetProperty("status").GetString() == "Open");
        (await browser.GetStringAsync("/change-of-tutor")).Should().Contain("Waiting for a Senior Tutor").And.NotContain("value=\"change\"",
            "one request at a time: the form comes back once it is decided");
    }

    [Fact]
    public async Task The_tutee_gives_consent_to_share_notes_and_withdraws_it()
    {
        var browser = await app.SignedInAs("tutee");
        var api = app.ApiAs("tutee");

        var given = await DemoUniversity.SubmitAsync(browser, "/sharing", "give", Fields(("scope", "AllNotes"), ("until", "")));

        given.Headers.Location!.ToString().Should().EndWith("/sharing?done=given");
        var consent = (await api.GetFromJsonAsync<List<JsonElement>>($"/api/students/{Tutee}/consents"))!
            .Last(c => c.GetProperty("revokedAt").ValueKind == JsonValueKind.Null);
        consent.GetProperty("scope").GetString().Should().Be("AllNotes");
        var id = consent.GetProperty("consentId").GetString()!;

        var withdrawn = await DemoUniversity.SubmitAsync(browser, "/sharing", $"withdraw-{id}", Fields(("consent", id)));

        withdrawn.Headers.Location!.ToString().Should().EndWith("/sharing?done=withdrawn");
        (await api.GetFromJsonAsync<List<JsonElement>>($"/api/students/{Tutee}/consents"))!
            .Single(c => c.GetProperty("consentId").GetString() == id).GetProperty("revokedBy").GetString().Should().Be(Tutee);
    }

    [Fact]
    public async Task The_tutee_reads_what_to_expect_from_their_schools_published_guide()
    {
        var today = DateTime.UtcNow;
        var start = today.Month >= 8 ? today.Year : today.Year - 1;
        var guide = await app.ApiAs("tutee").GetFromJsonAsync<JsonElement>($"/api/schools/MED/tutee-guide/{start}-{(start + 1) % 100:D2}");

        var page = WebUtility.HtmlDecode(await (await app.SignedInAs("tutee")).GetStringAsync("/what-to-expect"));

        page.Should().Contain(guide.GetProperty("guide").GetProperty("description").GetString()).And.Contain(guide.GetProperty("guide").GetProperty("officeHoursPolicy").GetString());
    }

    [Fact]
    public async Task The_tutee_sees_their_own_record_as_the_api_gives_it_and_not_their_tutors_notes()
    {
        var own = await app.ApiAs("tutee").GetFromJsonAsync<JsonElement>($"/api/students/{Tutee}/own-record");
        var contacts = own.GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("records").EnumerateArray())
            .Count(r => r.GetProperty("kind").GetString() == "contact");
        var browser = await app.SignedInAs("tutee");

        var page = await browser.GetStringAsync("/my-record");

        contacts.Should().BeGreaterThan(0, "the demo tutee has a term of contact");
        var table = page[page.IndexOf("id=\"contact\"", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("</table>", StringComparison.Ordinal)];
        System.Text.RegularExpressions.Regex.Matches(table, "<tr>").Count.Should().Be(contacts + 1, "one row a contact, under one header row");
        page.Should().NotContain("confidential-note").And.NotContain("standard-note");
    }
}
