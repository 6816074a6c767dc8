using System.Text;

namespace PersonalTutoring.Api.Tests.Fuzzing;

/// <summary>Every operation's plausible request at once, on a host of its own, over Kestrel.</summary>
public sealed class ConcurrentRequestTests(KestrelApi api) : IClassFixture<KestrelApi>
{
    [Fact]
    public async Task Every_operations_plausible_request_sent_all_at_once_is_never_a_5xx()
    {
        // First uses of per-type caches (request shapes, schema metadata) once raced: concurrent first requests got 500s.
        var admin = api.Admin();
        admin.Timeout = TimeSpan.FromSeconds(60);
        var doc = await admin.GetAsync("/swagger/v1/swagger.json").ShouldBe(HttpStatusCode.OK);
        var cases = new OpenApiFuzzTests.Generator(doc).Cases().Where(c => c.What == "plausible").ToList();

        var statuses = await Task.WhenAll(cases.Select(c => Task.Run(async () =>
        {
            using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Url);
            if (c.Body is not null) request.Content = new StringContent(c.Body, Encoding.UTF8, "application/json");
            using var response = await admin.SendAsync(request);
            return (Case: c, Status: (int)response.StatusCode);
        })));

        cases.Count.Should().BeGreaterThan(80);
        statuses.Where(s => s.Status >= 500).Select(s => $"{s.Case.Method} {s.Case.Url} → {s.Status}").Should().BeEmpty();
    }
}
