using PersonalTutoring.References.Tests.Support;
using static PersonalTutoring.References.Tests.Support.ReferenceWorld;

namespace PersonalTutoring.References.Tests.Integration;

/// <summary>RE-1, RE-4, RE-5 over HTTP: asking, the tutor's answers, the Support Team, and the final-year previous tutor.</summary>
public sealed class RequestFlowTests(ReferencesApi api) : IClassFixture<ReferencesApi>
{
    [Fact]
    public async Task A_tutees_request_reaches_their_tutors_worklist_and_the_tutor_accepts_it()
    {
        var tutor = ReferencesApi.NewId("t");
        var s = api.NewTutee(tutor);
        var id = await api.AskAsync(s, RequestBody(health: true));

        var worklist = await api.Tutor(tutor).GetAsync("/api/tutors/me/reference-requests").ShouldBe(HttpStatusCode.OK);
        var item = worklist.EnumerateArray().Single();
        item.GetProperty("requestId").GetString().Should().Be(id);
        item.GetProperty("status").GetString().Should().Be("AwaitingTutor");
        item.GetProperty("consent").GetProperty("health").GetBoolean().Should().BeTrue();
        item.GetProperty("consent").GetProperty("personalCircumstances").GetBoolean().Should().BeFalse();

        await api.Tutor(tutor).PostAsync($"/api/reference-requests/{id}/accept", null).ShouldBe(HttpStatusCode.OK);
        var seen = await api.Student(s).GetAsync($"/api/reference-requests/{id}").ShouldBe(HttpStatusCode.OK);
        seen.GetProperty("status").GetString().Should().Be("Accepted");
    }

    [Fact]
    public async Task A_decline_carries_its_reason_to_the_tutee()
    {
        var tutor = ReferencesApi.NewId("t");
        var s = api.NewTutee(tutor);
        var id = await api.AskAsync(s);
        await api.Tutor(tutor).PostJson($"/api/reference-requests/{id}/decline", new { reason = "" }).ShouldBeProblem(HttpStatusCode.BadRequest);
        await api.Tutor(tutor).PostJson($"/api/reference-requests/{id}/decline", new { reason = "We have not met this year." }).ShouldBe(HttpStatusCode.OK);
        var list = await api.Student(s).GetAsync($"/api/students/{s}/reference-requests").ShouldBe(HttpStatusCode.OK);
        list.EnumerateArray().Single().GetProperty("declineReason").GetString().Should().Be("We have not met this year.");
        await api.Tutor(tutor).PostAsync($"/api/reference-requests/{id}/accept", null).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_concern_goes_to_the_Support_Team_who_see_it_and_answer_and_the_request_returns_to_the_tutor()
    {
        var tutor = ReferencesApi.NewId("t");
        var s = api.NewTutee(tutor);
        var id = await api.AskAsync(s);
        var support = api.ClientFor(Roles.SupportTeam, "sup-1");
        await support.GetAsync($"/api/reference-requests/{id}").ShouldBeProblem(HttpStatusCode.NotFound); // nothing shared yet

        await api.Tutor(tutor).PostJson($"/api/reference-requests/{id}/concern", new { concern = "Unresolved professionalism concerns." }).ShouldBe(HttpStatusCode.OK);
        var open = await support.GetAsync("/api/support-team/reference-concerns").ShouldBe(HttpStatusCode.OK);
        open.EnumerateArray().Select(r => r.GetProperty("requestId").GetString()).Should().Contain(id);
        var seen = await support.GetAsync($"/api/reference-requests/{id}").ShouldBe(HttpStatusCode.OK);
        seen.GetProperty("concern").GetProperty("concern").GetString().Should().Be("Unresolved professionalism concerns.");
        seen.GetProperty("purpose").GetString().Should().Be("Graduate scheme application");
        (await api.Student(s).GetAsync($"/api/reference-requests/{id}").ShouldBe(HttpStatusCode.OK)).GetProperty("concern").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);

        await support.PostJson($"/api/reference-requests/{id}/concern/answer", new { answer = "Write only what you can evidence." }).ShouldBe(HttpStatusCode.OK);
        (await support.GetAsync("/api/support-team/reference-concerns").ShouldBe(HttpStatusCode.OK)).EnumerateArray()
            .Select(r => r.GetProperty("requestId").GetString()).Should().NotContain(id);
        var back = await api.Tutor(tutor).GetAsync($"/api/reference-requests/{id}").ShouldBe(HttpStatusCode.OK);
        back.GetProperty("status").GetString().Should().Be("AwaitingTutor");
        back.GetProperty("concern").GetProperty("answer").GetString().Should().Be("Write only what you can evidence.");
        await support.PostJson($"/api/reference-requests/{id}/concern/answer", new { answer = "Again" }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        await api.Tutor(tutor).PostAsync($"/api/reference-requests/{id}/accept", null).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_final_year_tutee_sends_it_to_the_previous_tutor_who_keeps_access_to_this_request_only()
    {
        var (old, current) = (ReferencesApi.NewId("t"), ReferencesApi.NewId("t"));
        var s = api.NewTutee(old, year: 6);
        api.Allocation.Handover(s, current, new DateOnly(2025, 12, 1));
        var id = await api.AskAsync(s, RequestBody("Ukfpo", previousTutorId: old));

        var mine = await api.Tutor(old).GetAsync("/api/tutors/me/reference-requests").ShouldBe(HttpStatusCode.OK);
        mine.EnumerateArray().Single().GetProperty("previousTutor").GetBoolean().Should().BeTrue();
        await api.Tutor(old).PostAsync($"/api/reference-requests/{id}/accept", null).ShouldBe(HttpStatusCode.OK);
        await api.Tutor(old).PutJson($"/api/reference-requests/{id}/draft", new { text = "Knew them in years 4 and 5." }).ShouldBe(HttpStatusCode.OK);
        // the previous tutor sees no more of the student than this request
        await api.Tutor(old).GetAsync($"/api/students/{s}/reference-requests").ShouldBeProblem(HttpStatusCode.NotFound);
        // the tutor of today reads it while allocated, but does not act on it
        (await api.Tutor(current).GetAsync($"/api/reference-requests/{id}/draft").ShouldBe(HttpStatusCode.OK)).GetProperty("text").GetString()
            .Should().Be("Knew them in years 4 and 5.");
        await api.Tutor(current).PutJson($"/api/reference-requests/{id}/draft", new { text = "Mine now" }).ShouldBeProblem(HttpStatusCode.Forbidden);
        api.Allocation.Handover(s, ReferencesApi.NewId("t"), ReferencesApi.Today);
        await api.Tutor(current).GetAsync($"/api/reference-requests/{id}/draft").ShouldBeProblem(HttpStatusCode.NotFound); // no longer allocated
    }

    [Fact]
    public async Task Before_the_final_year_a_previous_tutor_cannot_be_named()
    {
        var (old, current) = (ReferencesApi.NewId("t"), ReferencesApi.NewId("t"));
        var s = api.NewTutee(old, year: 3);
        api.Allocation.Handover(s, current, new DateOnly(2025, 12, 1));
        var problem = await api.Student(s).PostJson($"/api/students/{s}/reference-requests", RequestBody(previousTutorId: old)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("code").GetString().Should().Be("previous-tutor-final-year-only");
    }

    [Fact]
    public async Task Nobody_else_learns_a_request_exists()
    {
        var tutor = ReferencesApi.NewId("t");
        var s = api.NewTutee(tutor);
        var id = await api.AskAsync(s);
        await api.Student("s-other").GetAsync($"/api/reference-requests/{id}").ShouldBeProblem(HttpStatusCode.NotFound);
        await api.Tutor("t-other").GetAsync($"/api/reference-requests/{id}").ShouldBeProblem(HttpStatusCode.NotFound);
        await api.Tutor("t-other").PostAsync($"/api/reference-requests/{id}/accept", null).ShouldBeProblem(HttpStatusCode.NotFound);
        await api.ClientFor(Roles.SeniorTutor, "st-eng", "ENG").GetAsync($"/api/reference-requests/{id}").ShouldBeProblem(HttpStatusCode.NotFound);
        await api.Student("s-other").PostJson($"/api/students/{s}/reference-requests", RequestBody()).ShouldBeProblem(HttpStatusCode.NotFound);
        await api.Tutor(tutor).GetAsync($"/api/reference-requests/{Guid.NewGuid()}").ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_same_Idempotency_Key_creates_one_request()
    {
        var s = api.NewTutee(ReferencesApi.NewId("t"));
        var client = api.Student(s);
        client.DefaultRequestHeaders.Add("Idempotency-Key", "ask-once");
        var first = await client.PostJson($"/api/students/{s}/reference-requests", RequestBody()).ShouldBe(HttpStatusCode.Created);
        var again = await client.PostJson($"/api/students/{s}/reference-requests", RequestBody()).ShouldBe(HttpStatusCode.Created);
        again.GetProperty("requestId").GetString().Should().Be(first.GetProperty("requestId").GetString());
        (await api.Student(s).GetAsync($"/api/students/{s}/reference-requests").ShouldBe(HttpStatusCode.OK)).GetArrayLength().Should().Be(1);
    }
}
