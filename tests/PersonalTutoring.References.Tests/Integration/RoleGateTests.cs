using PersonalTutoring.References.Tests.Support;
using static PersonalTutoring.References.Tests.Support.ReferenceWorld;

namespace PersonalTutoring.References.Tests.Integration;

/// <summary>
/// Issue 13 item 6: every route, every role it does not name gets a 403 and nothing is written. Integration gets nothing
/// anywhere; Governance and Admin are not named by the issue either.
/// </summary>
public sealed class RoleGateTests(ReferencesApi api) : IClassFixture<ReferencesApi>
{
    private static readonly (string Method, string Url, string[] Allowed)[] Routes =
    [
        ("POST", "/api/students/{s}/reference-requests", [Roles.Student]),
        ("POST", "/api/reference-requests/{id}/accept", [Roles.Tutor, Roles.SeniorTutor]),
        ("POST", "/api/reference-requests/{id}/decline", [Roles.Tutor, Roles.SeniorTutor]),
        ("POST", "/api/reference-requests/{id}/concern", [Roles.Tutor, Roles.SeniorTutor]),
        ("POST", "/api/reference-requests/{id}/concern/answer", [Roles.SupportTeam]),
        ("PUT", "/api/reference-requests/{id}/draft", [Roles.Tutor, Roles.SeniorTutor]),
        ("GET", "/api/reference-requests/{id}/draft", [Roles.Tutor, Roles.SeniorTutor]),
        ("POST", "/api/reference-requests/{id}/issues", [Roles.Tutor, Roles.SeniorTutor]),
        ("POST", "/api/reference-requests/{id}/issued/1/confidential", [Roles.SeniorTutor]),
        ("GET", "/api/reference-requests/{id}", [Roles.Student, Roles.Tutor, Roles.SeniorTutor, Roles.SupportTeam, Roles.Dean, Roles.Auditor]),
        ("GET", "/api/reference-requests/{id}/issued/1", [Roles.Student, Roles.Tutor, Roles.SeniorTutor]),
        ("GET", "/api/reference-requests/{id}/reads", [Roles.Tutor, Roles.SeniorTutor, Roles.Dean, Roles.Auditor]),
        ("GET", "/api/tutors/me/reference-requests", [Roles.Tutor, Roles.SeniorTutor]),
        ("GET", "/api/support-team/reference-concerns", [Roles.SupportTeam]),
        ("GET", "/api/students/{s}/reference-requests", [Roles.Student, Roles.Tutor, Roles.SeniorTutor, Roles.Dean, Roles.Auditor]),
        ("PUT", "/api/schools/MED/ukfpo-forms/2025-26", [Roles.SeniorTutor, Roles.Dean, Roles.Admin]),
        ("GET", "/api/schools/MED/ukfpo-forms/2025-26", [Roles.Tutor, Roles.SeniorTutor, Roles.Dean, Roles.Admin]),
        ("GET", "/api/reference-requests/{id}/ukfpo-form", [Roles.Tutor, Roles.SeniorTutor]),
        ("PUT", "/api/reference-requests/{id}/ukfpo-form", [Roles.Tutor, Roles.SeniorTutor]),
        ("GET", "/api/reference-requests/{id}/issued/1/ukfpo-form", [Roles.Student, Roles.Tutor, Roles.SeniorTutor]),
        ("GET", "/api/reference-requests/{id}/issued/1/ukfpo-form/print", [Roles.Student, Roles.Tutor, Roles.SeniorTutor]),
        ("PUT", "/api/students/{s}/academic-record", [Roles.Integration, Roles.Admin]),
        ("GET", "/api/reference-requests/{id}/evidence", [Roles.Tutor, Roles.SeniorTutor]),
        ("GET", "/api/schools/MED/reference-requests", [Roles.SeniorTutor, Roles.Dean, Roles.Auditor]),
    ];

    public static TheoryData<string, string, string> Forbidden()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (method, url, allowed) in Routes)
            foreach (var role in Roles.All.Except(allowed))
                data.Add(method, url, role);
        return data;
    }

    private static readonly object Body = new
    {
        reason = "r", concern = "c", answer = "a", text = "t", ratings = Array.Empty<object>(), progressDecisions = Array.Empty<object>(),
        domains = new[] { new { key = "k", label = "K", evidenceHint = "" } }, scale = new[] { "A", "B" }, unableToComment = "U",
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public async Task Each_role_a_route_does_not_name_is_refused_and_nothing_is_written(string method, string url, string role)
    {
        var tutor = ReferencesApi.NewId("t");
        var s = api.NewTutee(tutor);
        var id = await api.DraftedAsync(s, tutor);
        await api.Tutor(tutor).PostJson($"/api/reference-requests/{id}/issues", IssueBody()).ShouldBe(HttpStatusCode.Created);
        var before = await api.EventCount();

        // Each caller is as close to the request as the role can be: the tutee, its tutor, a Senior Tutor of its school.
        var subject = role switch { Roles.Student => s, Roles.Tutor => tutor, _ => "staff-" + role };
        var client = api.ClientFor(role, subject, "MED");
        var target = url.Replace("{s}", s).Replace("{id}", id);
        var body = url.EndsWith("/issues", StringComparison.Ordinal) ? IssueBody() : url.EndsWith("reference-requests", StringComparison.Ordinal) && method == "POST" ? RequestBody() : Body;
        var response = method switch
        {
            "GET" => await client.GetAsync(target),
            "PUT" => await client.PutJson(target, body),
            _ => await client.PostJson(target, body),
        };
        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.EventCount()).Should().Be(before);
    }

    [Fact]
    public async Task The_tutor_of_today_who_is_not_the_author_reads_but_does_not_act()
    {
        var (old, current) = (ReferencesApi.NewId("t"), ReferencesApi.NewId("t"));
        var s = api.NewTutee(old, year: 6);
        api.Allocation.Handover(s, current, new DateOnly(2025, 12, 1));
        var id = await api.AskAsync(s, RequestBody("Ukfpo", previousTutorId: old));
        await api.Tutor(current).GetAsync($"/api/reference-requests/{id}").ShouldBe(HttpStatusCode.OK);
        await api.Tutor(current).PostAsync($"/api/reference-requests/{id}/accept", null).ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.Tutor(current).GetAsync($"/api/reference-requests/{id}/reads").ShouldBeProblem(HttpStatusCode.Forbidden);
    }
}
