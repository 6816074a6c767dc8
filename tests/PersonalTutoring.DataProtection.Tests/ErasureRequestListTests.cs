using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.DataProtection.Erasure;

namespace PersonalTutoring.DataProtection.Tests;

/// <summary>
/// The Dean's list of erasure requests to decide (issue 16 item 1, issue 15): across the university, oldest first, by
/// status and school, paged; a decided request leaves the awaiting list at once.
/// </summary>
public sealed class ErasureRequestListTests(DataProtectionApi api) : IClassFixture<DataProtectionApi>
{
    private string NewStudent(string school)
    {
        api.Clock.Set(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
        var id = $"s-{Guid.NewGuid():N}"[..14];
        api.Allocation.AddStudent(id, school, "t-tom", new DateOnly(2025, 9, 20));
        return id;
    }

    private static string NewSchool() => $"X{Guid.NewGuid():N}"[..8].ToUpperInvariant();

    private async Task<Guid> RequestAsync(string student, string ground = "ConsentWithdrawn") =>
        (await api.AdminUser.PostJson($"/api/students/{student}/erasure-requests", new { ground, detail = "The student's letter" }).ShouldBe(HttpStatusCode.Created))
            .GetProperty("requestId").GetGuid();

    private static Guid[] Ids(JsonElement page) => [.. page.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("requestId").GetGuid())];

    [Fact]
    public async Task The_dean_sees_the_requests_awaiting_decision_oldest_first_and_a_decided_one_leaves_the_list()
    {
        var school = NewSchool();
        var (first, second, third) = (NewStudent(school), NewStudent(school), NewStudent(school));
        var elsewhere = NewStudent(NewSchool());
        var a = await RequestAsync(first);
        api.Clock.Advance(TimeSpan.FromHours(1));
        var b = await RequestAsync(second, "ObjectionUpheld");
        api.Clock.Advance(TimeSpan.FromHours(1));
        var c = await RequestAsync(third);
        var other = await RequestAsync(elsewhere);

        var awaiting = await api.Dean.GetAsync($"/api/data-protection/erasure-requests?school={school}").ShouldBe(HttpStatusCode.OK);
        Ids(awaiting).Should().Equal(a, b, c);
        awaiting.GetProperty("status").GetString().Should().Be("AwaitingApproval");
        awaiting.GetProperty("total").GetInt32().Should().Be(3);
        var row = awaiting.GetProperty("requests")[1];
        (row.GetProperty("studentId").GetString(), row.GetProperty("schoolCode").GetString(), row.GetProperty("ground").GetString(), row.GetProperty("requestedBy").GetString())
            .Should().Be((second, school, "ObjectionUpheld", "admin-1"));
        row.TryGetProperty("detail", out _).Should().BeFalse("the request's text stays on the student's record");
        Ids(await api.Dean.GetAsync("/api/data-protection/erasure-requests?pageSize=200").ShouldBe(HttpStatusCode.OK)).Should().Contain([a, b, c, other]);

        await api.Dean.PostAsync($"/api/students/{first}/erasure-requests/{a}/approve", null).ShouldBe(HttpStatusCode.OK);
        await api.Dean.PostJson($"/api/students/{second}/erasure-requests/{b}/refuse", new { reason = "Needed for an appeal" }).ShouldBe(HttpStatusCode.OK);

        Ids(await api.Dean.GetAsync($"/api/data-protection/erasure-requests?school={school}").ShouldBe(HttpStatusCode.OK)).Should().Equal(c);
        var refused = await api.AdminUser.GetAsync($"/api/data-protection/erasure-requests?school={school}&status=Refused").ShouldBe(HttpStatusCode.OK);
        Ids(refused).Should().Equal(b);
        refused.GetProperty("requests")[0].GetProperty("decidedBy").GetString().Should().Be("dean-1");
        Ids(await api.AdminUser.GetAsync($"/api/data-protection/erasure-requests?school={school}&status=Done").ShouldBe(HttpStatusCode.OK)).Should().Equal(a);
        var everything = await api.ClientFor(Roles.Auditor, "aud-1").GetAsync($"/api/data-protection/erasure-requests?school={school}&all=true&pageSize=2&page=2")
            .ShouldBe(HttpStatusCode.OK);
        Ids(everything).Should().Equal(c);
        everything.GetProperty("total").GetInt32().Should().Be(3);
        everything.GetProperty("status").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_request_recorded_before_the_school_was_kept_on_it_is_listed_under_the_students_school()
    {
        var school = NewSchool();
        var student = NewStudent(school);
        var requestId = Guid.NewGuid();
        await using (var session = api.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Events.StartStream($"data-protection-{student}",
                new ErasureRequested(student, requestId, ErasureGround.NoLongerNecessary, "Older request", "admin-1", api.Clock.GetUtcNow()));
            await session.SaveChangesAsync();
        }

        Ids(await api.Dean.GetAsync($"/api/data-protection/erasure-requests?school={school}").ShouldBe(HttpStatusCode.OK)).Should().Equal(requestId);
        Ids(await api.Dean.GetAsync($"/api/data-protection/erasure-requests?school={NewSchool()}").ShouldBe(HttpStatusCode.OK)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("?status=99", "status")]
    [InlineData("?status=Pending", null)]
    [InlineData("?status=Done&all=true", "all")]
    [InlineData("?page=0", "page")]
    [InlineData("?pageSize=0", "pageSize")]
    public async Task Bad_filters_are_a_400(string query, string? field)
    {
        var problem = await api.Dean.GetAsync($"/api/data-protection/erasure-requests{query}").ShouldBeProblem(HttpStatusCode.BadRequest);

        if (field is not null) problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
    }
}
