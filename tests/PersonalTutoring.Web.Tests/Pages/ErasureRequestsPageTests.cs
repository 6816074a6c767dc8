using System.Net.Http.Json;
using System.Text.Json;

namespace PersonalTutoring.Web.Tests.Pages;

/// <summary>The Dean's list of erasure requests awaiting decision, each leading to its decision page (issue 15, issue 16 item 1).</summary>
[Collection(DemoUniversityCollection.Name)]
public sealed class ErasureRequestsPageTests(DemoUniversity app)
{
    internal static async Task<(string Student, Guid RequestId)> AwaitingRequestAsync(DemoUniversity app, string school)
    {
        var student = (await app.RegisterStudentsAsync(school, 1))[0];
        var created = await app.ApiAs("admin").PostAsJsonAsync($"/api/students/{student}/erasure-requests", new { ground = "ObjectionUpheld", detail = "Objection upheld on 27 November" });
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (student, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetGuid());
    }

    [Fact]
    public async Task The_dean_sees_a_request_awaiting_decision_opens_it_refuses_it_and_it_leaves_the_list()
    {
        var (student, requestId) = await AwaitingRequestAsync(app, "ENG");
        var dean = await app.SignedInAs("dean");

        var list = await dean.GetStringAsync("/data-protection/erasure-requests?school=ENG");
        list.Should().Contain("Erasure requests awaiting decision").And.Contain($"request-{requestId:N}")
            .And.Contain($"href=\"/data-protection?student={student}#requests-heading\"").And.Contain("An objection was upheld");
        (await dean.GetStringAsync("/data-protection/erasure-requests?school=MED")).Should().NotContain($"request-{requestId:N}");

        var decisionPage = $"/data-protection?student={student}";
        var refused = await DemoUniversity.SubmitAsync(dean, decisionPage, $"refuse-{requestId}",
            new Dictionary<string, string> { ["request"] = requestId.ToString(), ["reason"] = "The records are needed for an appeal" });
        refused.Headers.Location!.ToString().Should().EndWith("&done=refused");

        (await dean.GetStringAsync("/data-protection/erasure-requests?school=ENG")).Should().NotContain($"request-{requestId:N}");
        var decided = await dean.GetStringAsync("/data-protection/erasure-requests?status=Refused&school=ENG");
        decided.Should().Contain($"request-{requestId:N}").And.Contain("by staff-dean-1");
    }

    [Fact]
    public async Task The_admin_sees_the_list_without_deciding_and_a_tutor_is_refused_as_the_api_refuses_them()
    {
        var (_, requestId) = await AwaitingRequestAsync(app, "MED");
        var admin = await app.SignedInAs("admin");
        (await admin.GetStringAsync("/data-protection/erasure-requests?school=MED")).Should().Contain($"request-{requestId:N}").And.Contain("open the request");

        var tutor = await app.SignedInAs("tutor");
        var denied = await tutor.GetAsync("/data-protection/erasure-requests");
        denied.StatusCode.Should().Be(HttpStatusCode.Redirect);
        denied.Headers.Location!.AbsolutePath.Should().Be("/access-denied");
        (await app.ApiAs("tutor").GetAsync("/api/data-protection/erasure-requests")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
