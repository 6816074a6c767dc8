using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.Meetings.Arranged;
using PersonalTutoring.Meetings.Arranged.Arranging;

namespace PersonalTutoring.Web.Tests.Pages;

/// <summary>The tutor takes attendance at a meeting they arranged, once it has started (issue 15, Tutor: take attendance; ME-3).</summary>
[Collection(DemoUniversityCollection.Name)]
public sealed class ArrangedMeetingsPageTests(DemoUniversity app)
{
    private const string Tutor = "t-med-01";

    /// <summary>
    /// A meeting of the tutor with some of their tutees that started an hour ago, nothing recorded, written through the
    /// module's decider as its demo seed writes its held meeting (the API arranges meetings in the future only).
    /// <paramref name="fromEnd"/> picks the tutees from the end of the tutor's list, so tests do not share them.
    /// </summary>
    internal static async Task<(Guid MeetingId, string[] Invitees)> StartedMeetingAsync(DemoUniversity app, int fromEnd, int count)
    {
        var tutees = (await app.ApiAs("tutor").GetFromJsonAsync<JsonElement>($"/api/tutors/{Tutor}/contact-due")).GetProperty("tutees").EnumerateArray()
            .Select(t => t.GetProperty("studentId").GetString()!).ToList();
        var invitees = tutees.Skip(tutees.Count - fromEnd).Take(count).ToArray();
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        var meetingId = Guid.CreateVersion7();
        var request = new ArrangeMeeting.Request(at, 30, MeetingFormat.InPerson, MeetingPurpose.Regular, "Room 3.07", null, [.. invitees]);
        var arranged = ArrangeMeeting.Decide(ArrangedMeeting.Initial, meetingId, request, Tutor, "MED", Tutor, at.AddDays(-7));
        await using var session = app.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        new EventMetadata("web-test", null, "web-test").StampOn(session);
        session.Events.StartStream(ArrangedMeeting.StreamId(meetingId), arranged);
        await session.SaveChangesAsync();
        return (meetingId, invitees);
    }

    [Fact]
    public async Task The_tutor_records_who_came_to_a_meeting_they_arranged_and_sees_it_recorded()
    {
        var (meetingId, invitees) = await StartedMeetingAsync(app, fromEnd: 4, count: 2);
        var (first, second) = (invitees[0], invitees[1]);
        var browser = await app.SignedInAs("tutor");
        var key = $"{meetingId:N}";

        var page = await browser.GetStringAsync("/arranged-meetings");
        page.Should().Contain($"value=\"attendance-{key}\"").And.Contain(first).And.Contain(second).And.Contain("Room 3.07");

        var unanswered = await DemoUniversity.SubmitAsync(browser, "/arranged-meetings", $"attendance-{key}", new Dictionary<string, string>
        {
            ["meeting"] = meetingId.ToString(), [$"attendance-{key}-0"] = "Attended", [$"attendance-{key}-1"] = "AbsentWithReason",
        });
        unanswered.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var summary = await unanswered.Content.ReadAsStringAsync();
        summary.Should().Contain("There is a problem").And.Contain($"/arranged-meetings#reason-{key}-1\"");

        var recorded = await DemoUniversity.SubmitAsync(browser, "/arranged-meetings", $"attendance-{key}", new Dictionary<string, string>
        {
            ["meeting"] = meetingId.ToString(), [$"attendance-{key}-0"] = "Attended", [$"note-{key}-0"] = "Talked through the placement.",
            [$"attendance-{key}-1"] = "AbsentWithReason", [$"reason-{key}-1"] = "At a hospital appointment",
        });

        recorded.Headers.Location!.ToString().Should().EndWith("/arranged-meetings?done=recorded");
        var meeting = await app.ApiAs("tutor").GetFromJsonAsync<JsonElement>($"/api/meetings/{meetingId}");
        meeting.GetProperty("invitations").EnumerateArray().Select(i => i.GetProperty("attendance").GetString()).Should().Equal("Attended", "AbsentWithReason");
        var shown = await browser.GetStringAsync("/arranged-meetings?status=Recorded");
        shown.Should().NotContain($"value=\"attendance-{key}\"").And.Contain($"row-{key}").And.Contain("Absent with a reason (At a hospital appointment)");
    }

    [Fact]
    public async Task A_meeting_that_is_not_waiting_for_attendance_is_refused_and_a_tutee_cannot_reach_the_page()
    {
        var (meetingId, _) = await StartedMeetingAsync(app, fromEnd: 6, count: 1);
        var browser = await app.SignedInAs("tutor");
        var html = await browser.GetStringAsync("/arranged-meetings");

        var stranger = await browser.PostAsync("/arranged-meetings", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = DemoUniversity.Token(html), ["_handler"] = $"attendance-{meetingId:N}", ["meeting"] = Guid.NewGuid().ToString(),
        }));
        stranger.StatusCode.Should().Be(HttpStatusCode.NotFound);

        var tutee = await app.SignedInAs("tutee");
        var denied = await tutee.GetAsync("/arranged-meetings");
        denied.StatusCode.Should().Be(HttpStatusCode.Redirect);
        denied.Headers.Location!.AbsolutePath.Should().Be("/access-denied");
        (await app.ApiAs("tutee").GetAsync($"/api/tutors/{Tutor}/meetings")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
