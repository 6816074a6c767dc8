using System.Net.Http.Json;
using System.Text.Json;

namespace PersonalTutoring.Web.Tests.Pages;

/// <summary>The Support Team's actions (issue 15): a referral taken on and closed, a flag's attempt and closure, a room granted.</summary>
[Collection(DemoUniversityCollection.Name)]
public sealed class SupportTeamActionTests(DemoUniversity app)
{
    private static Dictionary<string, string> Fields(params (string Key, string Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);

    [Fact]
    public async Task The_support_team_takes_on_a_referral_and_records_its_outcome()
    {
        var tutor = app.ApiAs("tutor");
        var tutee = (await tutor.GetFromJsonAsync<JsonElement>("/api/tutors/t-med-01/contact-due")).GetProperty("tutees")[2].GetProperty("studentId").GetString()!;
        var made = await (await tutor.PostAsJsonAsync($"/api/students/{tutee}/referrals",
            new { service = "SupportTeam", reason = "Struggling to attend", consentGiven = true })).ShouldBe(HttpStatusCode.Created);
        var referral = made.GetProperty("referralId").GetGuid();
        await app.CatchUpAsync();
        var support = await app.SignedInAs("support-team");
        var page = $"/support-team/students/{tutee}";

        (await DemoUniversity.SubmitAsync(support, page, $"acknowledge-referral-{referral}", Fields(("what", "referral"), ("id", referral.ToString()))))
            .Headers.Location!.ToString().Should().EndWith("?done=acknowledged");
        await app.CatchUpAsync();
        var closed = await DemoUniversity.SubmitAsync(support, page, $"close-referral-{referral}",
            Fields(("what", "referral"), ("id", referral.ToString()), ("outcome", "Met the student; timetable adjusted")));

        closed.Headers.Location!.ToString().Should().EndWith("?done=closed");
        await app.CatchUpAsync();
        var worklist = (await app.ApiAs("support-team").GetFromJsonAsync<List<JsonElement>>("/api/support-team/worklist"))!;
        worklist.Where(i => i.GetProperty("studentId").GetString() == tutee).SelectMany(i => i.GetProperty("referrals").EnumerateArray())
            .Should().NotContain(r => r.GetProperty("referralId").GetGuid() == referral);
    }

    [Fact]
    public async Task The_support_team_records_an_attempt_on_a_flag_then_closes_it()
    {
        var worklist = (await app.ApiAs("support-team").GetFromJsonAsync<List<JsonElement>>("/api/support-team/worklist"))!;
        var item = worklist.Last(i => i.GetProperty("openFlags").GetArrayLength() > 0);
        var student = item.GetProperty("studentId").GetString()!;
        var flag = item.GetProperty("openFlags")[0].GetProperty("flagId").GetGuid();
        var support = await app.SignedInAs("support-team");
        var page = $"/support-team/students/{student}";

        var attempt = await DemoUniversity.SubmitAsync(support, page, $"attempt-{flag}",
            Fields(("flag", flag.ToString()), ("kind", "Call"), ("on", DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd")), ("at", "10:30")));
        var noOutcome = await DemoUniversity.SubmitAsync(support, page, $"close-flag-{flag}", Fields(("flag", flag.ToString()), ("outcome", "")));
        var closed = await DemoUniversity.SubmitAsync(support, page, $"close-flag-{flag}", Fields(("flag", flag.ToString()), ("outcome", "Reached by phone; all well")));

        attempt.Headers.Location!.ToString().Should().EndWith("?done=attempt");
        noOutcome.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await noOutcome.Content.ReadAsStringAsync()).Should().Contain($"#outcome-{flag}\"");
        closed.Headers.Location!.ToString().Should().EndWith("?done=closed");
        await app.CatchUpAsync();
        (await app.ApiAs("support-team").GetFromJsonAsync<List<JsonElement>>("/api/support-team/worklist"))!
            .SelectMany(i => i.GetProperty("openFlags").EnumerateArray()).Should().NotContain(f => f.GetProperty("flagId").GetGuid() == flag);
    }

    [Fact]
    public async Task The_support_team_grants_a_private_room_and_the_request_leaves_the_list()
    {
        var tutor = app.ApiAs("tutor");
        var tutee = (await tutor.GetFromJsonAsync<JsonElement>("/api/tutors/t-med-01/contact-due")).GetProperty("tutees")[3].GetProperty("studentId").GetString()!;
        var at = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(30).AddHours(14), TimeSpan.Zero);
        var meeting = (await (await tutor.PostAsJsonAsync("/api/tutors/t-med-01/meetings",
                new { startsAt = at, lengthMinutes = 30, format = "InPerson", purpose = "Regular", room = "To be found", inviteeIds = new[] { tutee } }))
            .ShouldBe(HttpStatusCode.Created)).GetProperty("meetingId").GetGuid();
        (await tutor.PostAsJsonAsync($"/api/meetings/{meeting}/room-request", new { size = 2, accessibilityNeeds = "Step-free access" })).StatusCode
            .Should().Be(HttpStatusCode.NoContent);
        await app.CatchUpAsync();
        var support = await app.SignedInAs("support-team");

        var noRoom = await DemoUniversity.SubmitAsync(support, "/support-team", $"grant-{meeting}", Fields(("meeting", meeting.ToString()), ("room", "")));
        var granted = await DemoUniversity.SubmitAsync(support, "/support-team", $"grant-{meeting}", Fields(("meeting", meeting.ToString()), ("room", "Quiet Room 3.02")));

        noRoom.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        granted.Headers.Location!.ToString().Should().EndWith("/support-team?done=granted");
        await app.CatchUpAsync();
        (await app.ApiAs("support-team").GetFromJsonAsync<List<JsonElement>>("/api/support-team/room-requests"))!
            .Should().NotContain(r => r.GetProperty("meetingId").GetGuid() == meeting);
    }
}
