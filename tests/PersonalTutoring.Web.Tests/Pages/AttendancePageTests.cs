using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.Meetings;
using PersonalTutoring.Meetings.Shared;
using PersonalTutoring.Meetings.Slots;
using PersonalTutoring.Meetings.Slots.Booking;
using PersonalTutoring.Meetings.Slots.Publishing;

namespace PersonalTutoring.Web.Tests.Pages;

/// <summary>The tutor takes attendance at a clinic slot that has started (issue 15, Tutor: take attendance).</summary>
[Collection(DemoUniversityCollection.Name)]
public sealed class AttendancePageTests(DemoUniversity app)
{
    private const string Tutor = "t-med-01";

    /// <summary>
    /// A one-to-one-per-place clinic of the tutor that started an hour ago with two of their tutees booked and nothing
    /// recorded, written through the module's deciders as its demo seed writes its held clinic (a slot cannot be published
    /// in the past through the API).
    /// </summary>
    private async Task<(Guid SlotId, string First, string Second)> StartedClinicAsync()
    {
        var tutees = (await app.ApiAs("tutor").GetFromJsonAsync<JsonElement>($"/api/tutors/{Tutor}/contact-due")).GetProperty("tutees").EnumerateArray()
            .Select(t => t.GetProperty("studentId").GetString()!).ToList();
        var (first, second) = (tutees[^1], tutees[^2]);
        var context = app.Services.GetRequiredService<MeetingsContext>();
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        var on = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(MeetingsContext.DefaultTimeZoneId)).DateTime);
        var time = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(MeetingsContext.DefaultTimeZoneId)).DateTime);
        time = new TimeOnly(time.Hour, time.Minute / 5 * 5);
        var plan = SlotPlan.Expand(on, null, time, 30, 1, true, _ => null);
        var slotId = Guid.CreateVersion7();
        var published = PublishSlots.Decide(plan, new PublishSlots.Request(on, null, time, 30, 1, 2, "Room 1.01", null, true), [slotId], Guid.CreateVersion7(),
            Tutor, "MED", [], new HashSet<Guid>(), ClinicRules.Of(null, context.Settings), Tutor, at.AddDays(-7)).Single();
        var state = ClinicSlot.Initial.Evolve(new JasperFx.Events.Event<SlotPublished>(published));
        var events = new List<object> { published };
        foreach (var student in new[] { first, second })
        {
            var booking = BookSlot.Decide(state, slotId, Guid.CreateVersion7(), student, "Revision", student, at.AddDays(-2));
            events.AddRange(booking);
            state = state.Evolve(new JasperFx.Events.Event<SlotBooked>((SlotBooked)booking[0]));
        }
        await using var session = app.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        new EventMetadata("web-test", null, "web-test").StampOn(session);
        session.Events.StartStream(ClinicSlot.StreamId(slotId), [.. events]);
        await session.SaveChangesAsync();
        await app.CatchUpAsync();
        return (slotId, first, second);
    }

    [Fact]
    public async Task The_tutor_records_who_came_and_who_did_not_at_a_clinic_that_has_started()
    {
        var (slotId, first, second) = await StartedClinicAsync();
        var browser = await app.SignedInAs("tutor");
        var page = await browser.GetStringAsync("/attendance");
        page.Should().Contain($"value=\"attendance-{slotId}\"").And.Contain(first).And.Contain(second);
        var slot = (await app.ApiAs("tutor").GetFromJsonAsync<List<JsonElement>>($"/api/tutors/{Tutor}/slots?from={DateTime.UtcNow.AddDays(-1):yyyy-MM-dd}&to={DateTime.UtcNow:yyyy-MM-dd}"))!
            .Single(s => s.GetProperty("slotId").GetGuid() == slotId);
        var bookings = slot.GetProperty("bookings").EnumerateArray().ToDictionary(b => b.GetProperty("studentId").GetString()!, b => b.GetProperty("bookingId").GetGuid());

        var missingReason = await DemoUniversity.SubmitAsync(browser, "/attendance", $"attendance-{slotId}", new Dictionary<string, string>
        {
            ["slot"] = slotId.ToString(), [$"attendance-{bookings[first]}"] = "Attended", [$"attendance-{bookings[second]}"] = "AbsentWithReason",
        });
        missingReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await missingReason.Content.ReadAsStringAsync()).Should().Contain($"/attendance#reason-{bookings[second]}\"");

        var recorded = await DemoUniversity.SubmitAsync(browser, "/attendance", $"attendance-{slotId}", new Dictionary<string, string>
        {
            ["slot"] = slotId.ToString(), [$"attendance-{bookings[first]}"] = "Late", [$"note-{bookings[first]}"] = "Planned the revision.",
            [$"attendance-{bookings[second]}"] = "AbsentWithReason", [$"reason-{bookings[second]}"] = "Ill",
        });

        recorded.Headers.Location!.ToString().Should().EndWith("/attendance?done=recorded");
        await app.CatchUpAsync();
        var after = (await app.ApiAs("tutor").GetFromJsonAsync<List<JsonElement>>($"/api/tutors/{Tutor}/slots?from={DateTime.UtcNow.AddDays(-1):yyyy-MM-dd}&to={DateTime.UtcNow:yyyy-MM-dd}"))!
            .Single(s => s.GetProperty("slotId").GetGuid() == slotId).GetProperty("bookings").EnumerateArray()
            .ToDictionary(b => b.GetProperty("studentId").GetString()!, b => b.GetProperty("attendance").GetString());
        after[first].Should().Be("Late");
        after[second].Should().Be("AbsentWithReason");
        var shown = await browser.GetStringAsync("/attendance");
        shown.Should().NotContain($"value=\"attendance-{slotId}\"").And.Contain($"{second}: Absent with a reason (Ill)");
        var again = await browser.PostAsync("/attendance", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = DemoUniversity.Token(shown), ["_handler"] = $"attendance-{slotId}", ["slot"] = slotId.ToString(),
        }));
        again.StatusCode.Should().Be(HttpStatusCode.BadRequest, "a recorded slot has no form any more: Blazor finds no form of that name");
    }

    [Fact]
    public async Task A_tutee_cannot_take_attendance()
    {
        var apiStatus = (await app.ApiAs("tutee").PostAsJsonAsync($"/api/slots/{Guid.NewGuid()}/attendance", new { attendance = new[] { new { studentId = "med-0001", attendance = "Attended" } } })).StatusCode;
        var browser = await app.SignedInAs("tutee");

        var response = await browser.GetAsync("/attendance");

        apiStatus.Should().BeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.Should().Be("/access-denied");
    }
}
