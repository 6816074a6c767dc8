using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace PersonalTutoring.Api.Tests;

/// <summary>
/// Issue 10 items 6 and 7, over every endpoint of the host: a caller who may not act on the student, school or tutor a
/// request names is refused (403, or 404 for a student they may not see) before anything about the request is read,
/// so a hostile body or query tells them nothing; and a student number cannot be probed.
/// </summary>
public sealed partial class AuthorizationFirstTests(TutoringApiFactory api) : IClassFixture<TutoringApiFactory>
{
    private const string HostileQuery = "asOf=someday&recordedAt=never&term=Autumn&academicYear=2025&date=soon&from=x&to=y&level=Bachelor&version=first&days=many";
    private const string HostileBody = """{"level":"Bachelor","yearOfStudy":"two","on":"soon","outcome":"Maybe","from":"x","to":"y","effectiveOn":"z","kind":5}""";

    /// <summary>Reads of a school any signed-in user may make (ADR 0010, 0011): not resource-scoped.</summary>
    private static readonly string[] OpenToEveryone =
        ["GET /api/schools/{schoolCode}", "GET /api/schools/{schoolCode}/academic-years/{academicYear}/calendar", "GET /api/schools/{schoolCode}/working-days"];

    private async Task<Dictionary<string, string>> GivenAsync()
    {
        var admin = api.Admin();
        foreach (var school in new[] { "MED", "ENG" })
            (await admin.PutJson($"/api/schools/{school}", new { name = $"School {school}" })).StatusCode.Should().BeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
        var integration = api.ClientFor(Roles.Integration, "registry");
        (await integration.PutJson("/api/tutors/af-t1", new { givenName = "T", familyName = "One", email = "t1@uni.test", schoolCode = "MED", permanentAcademicStaff = true }))
            .StatusCode.Should().BeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
        (await integration.PutJson("/api/students/af-s1", new
        {
            givenName = "Ada", familyName = "Lovelace", email = "ada@students.test", schoolCode = "MED", programmeCode = "MBBS", level = "UG", yearOfStudy = 1,
            registeredOn = "2025-09-22", status = "Studying", studentRouteVisa = false, visitingStudyAbroad = false,
        })).StatusCode.Should().BeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
        await api.ClientFor(Roles.SeniorTutor, "st-med", "MED").PostJson("/api/allocations", new { studentId = "af-s1", tutorId = "af-t1", reason = "Initial" })
            .ShouldBe(HttpStatusCode.OK);
        var request = await api.ClientFor(Roles.Student, "af-s1").PostJson("/api/students/af-s1/tutor-change-requests", new { reason = "We do not get on" })
            .ShouldBe(HttpStatusCode.Created);
        return new()
        {
            ["studentId"] = "af-s1", ["schoolCode"] = "MED", ["staffId"] = "af-t1", ["requestId"] = request.GetProperty("requestId").GetString()!,
            ["academicYear"] = "2025-26", ["version"] = "1", ["question"] = "q1", ["handoverId"] = "none", ["name"] = "allocation-students", ["path"] = "x",
        };
    }

    [GeneratedRegex(@"\{(?<name>[a-zA-Z]+)(:[a-z]+)?\}")]
    private static partial Regex RouteParameter();

    [Fact]
    public async Task Item6_a_caller_who_may_not_act_on_the_resource_a_route_names_is_refused_before_the_body_or_query_is_read()
    {
        var ids = await GivenAsync();
        // Every role a school-bound member of staff or a student may hold, but for another school and another person.
        var outsider = api.ClientFor([Roles.Student, Roles.Tutor, Roles.SeniorTutor], "outsider", "ENG");
        var scoped = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.Contains("{studentId}") || e.RoutePattern.RawText.Contains("{schoolCode}")
                || e.RoutePattern.RawText.Contains("{staffId}") || e.RoutePattern.RawText.Contains("{requestId}"))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, Route: e.RoutePattern.RawText!)))
            .Where(e => !OpenToEveryone.Contains($"{e.Method} {e.Route}"))
            // The web's downloads take the web's cookie, not a bearer token: a bearer caller is sent to sign in. A signed-in
            // outsider gets the API's own refusal through them (Web.Tests PageAccessTests).
            .Where(e => !e.Route.StartsWith("/downloads/", StringComparison.Ordinal))
            .ToList();
        scoped.Should().HaveCountGreaterThan(40);

        var answers = new List<string>();
        foreach (var (method, route) in scoped)
        {
            var path = RouteParameter().Replace(route, m => ids.TryGetValue(m.Groups["name"].Value, out var id) ? id : Guid.Empty.ToString());
            foreach (var body in method is "GET" or "DELETE" ? new string?[] { null } : ["{}", HostileBody, "{ not json"])
            {
                var message = new HttpRequestMessage(new HttpMethod(method), $"{path}?{HostileQuery}");
                if (body is not null) message.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
                var status = (await outsider.SendAsync(message)).StatusCode;
                if (status is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound)) answers.Add($"{method} {route} {body}: {(int)status}");
            }
        }
        answers.Should().BeEmpty("the resource is checked before the request is read");
    }

    [Fact]
    public async Task Item6_resources_named_in_the_query_or_the_body_are_checked_before_validation()
    {
        await GivenAsync();
        var other = api.ClientFor(Roles.SeniorTutor, "st-eng", "ENG");
        await other.GetAsync("/api/handovers?schoolCode=MED&from=someday").ShouldBeProblem(HttpStatusCode.Forbidden);
        await other.GetAsync("/api/reports/student-route-contacts?schoolCode=MED&from=someday").ShouldBeProblem(HttpStatusCode.Forbidden);
        await other.PostJson("/api/allocations/auto", new { schoolCode = "MED" }).ShouldBeProblem(HttpStatusCode.Forbidden);
        await other.PostJson("/api/allocations", new { studentId = "af-s1", tutorId = "" }).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(Roles.Student, "someone-else")]
    [InlineData(Roles.Tutor, "not-their-tutor")]
    [InlineData(Roles.SeniorTutor, "st-eng")]
    public async Task Item7_a_caller_who_may_not_see_a_student_gets_the_same_404_whether_or_not_they_exist(string role, string subject)
    {
        await GivenAsync();
        var caller = api.ClientFor(role, subject, "ENG");
        foreach (var route in new[] { "", "/allocation", "/allocation-history", "/contacts", "/engagement" })
        {
            var known = await Answer(caller.GetAsync($"/api/students/af-s1{route}"), "af-s1");
            var unknown = await Answer(caller.GetAsync($"/api/students/af-nobody{route}"), "af-nobody");
            known.Should().Be(unknown, "{0} tells a student who exists from one who does not", route);
        }
        (await Answer(caller.GetAsync("/api/students/af-s1/allocation"), "af-s1")).Status.Should().Be(404);
        (await Answer(caller.PostJson("/api/students/af-s1/tutor-change-requests", new { reason = "x" }), "af-s1"))
            .Should().Be(await Answer(caller.PostJson("/api/students/af-nobody/tutor-change-requests", new { reason = "x" }), "af-nobody"));
    }

    /// <summary>The status and the problem's detail with the student number taken out.</summary>
    private static async Task<(int Status, string? Detail)> Answer(Task<HttpResponseMessage> request, string studentId)
    {
        var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        var detail = string.IsNullOrEmpty(body) ? null
            : System.Text.Json.JsonDocument.Parse(body).RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
        return ((int)response.StatusCode, detail?.Replace(studentId, "{studentId}"));
    }
}
