using Npgsql;

namespace PersonalTutoring.Api.Tests;

/// <summary>The host on a clock the tests move, to see a remembered answer expire.</summary>
public sealed class ClockedApi : TutoringApiFactory
{
    protected override bool UseManualClock => true;
}

/// <summary>
/// A POST sent again with the same <c>Idempotency-Key</c> (a timeout, a double click) creates nothing twice: the same
/// key and body replays the first answer, the same key with another body is a 422 (issue 10 item 10).
/// </summary>
public sealed class IdempotencyKeyTests(ClockedApi api) : IClassFixture<ClockedApi>
{
    private static HttpRequestMessage Theme(string school, string key, string theme = "Did not know how to change tutor")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/schools/{school}/evaluation/2025-26/feedback-themes")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { source = "Tutees", theme }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private async Task<HttpClient> SchoolAsync(string code)
    {
        var admin = api.Admin();
        await admin.PutJson($"/api/schools/{code}", new { name = code }).ShouldBe(HttpStatusCode.Created);
        return admin;
    }

    private async Task<long> ThemesAsync(string school)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM events.mt_events WHERE stream_id LIKE @s AND type = 'governance.feedback_theme_recorded'", connection);
        command.Parameters.AddWithValue("s", $"%{school}%");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task The_same_key_and_body_replays_the_first_answer_with_its_status_body_and_headers()
    {
        var admin = await SchoolAsync("IK1");

        var first = await admin.SendAsync(Theme("IK1", "key-1"));
        var again = await admin.SendAsync(Theme("IK1", "key-1"));

        var firstBody = await first.ShouldBe(HttpStatusCode.Created);
        var againBody = await again.ShouldBe(HttpStatusCode.Created);
        againBody.GetProperty("themeId").GetString().Should().Be(firstBody.GetProperty("themeId").GetString());
        again.Headers.Location.Should().Be(first.Headers.Location);
        again.Headers.ETag.Should().Be(first.Headers.ETag);
        again.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await ThemesAsync("IK1")).Should().Be(1, "the retry recorded nothing");
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_422_and_writes_nothing()
    {
        var admin = await SchoolAsync("IK2");
        await admin.SendAsync(Theme("IK2", "key-2")).ShouldBe(HttpStatusCode.Created);

        var problem = await admin.SendAsync(Theme("IK2", "key-2", theme: "Something else")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);

        problem.GetProperty("code").GetString().Should().Be("idempotency-key-reused");
        (await ThemesAsync("IK2")).Should().Be(1);
    }

    [Fact]
    public async Task Without_a_key_a_retry_is_a_new_request()
    {
        var admin = await SchoolAsync("IK3");
        var body = new { source = "Tutees", theme = "Twice" };

        await admin.PostJson("/api/schools/IK3/evaluation/2025-26/feedback-themes", body).ShouldBe(HttpStatusCode.Created);
        await admin.PostJson("/api/schools/IK3/evaluation/2025-26/feedback-themes", body).ShouldBe(HttpStatusCode.Created);

        (await ThemesAsync("IK3")).Should().Be(2);
    }

    [Fact]
    public async Task Keys_are_scoped_to_the_user_who_sent_them()
    {
        await SchoolAsync("IK4");

        var mine = await api.ClientFor(Roles.Admin, "admin-a").SendAsync(Theme("IK4", "shared-key")).ShouldBe(HttpStatusCode.Created);
        var theirs = await api.ClientFor(Roles.Admin, "admin-b").SendAsync(Theme("IK4", "shared-key")).ShouldBe(HttpStatusCode.Created);

        theirs.GetProperty("themeId").GetString().Should().NotBe(mine.GetProperty("themeId").GetString());
        (await ThemesAsync("IK4")).Should().Be(2);
    }

    [Fact]
    public async Task The_same_request_sent_three_times_at_once_with_one_key_is_recorded_once()
    {
        var admin = await SchoolAsync("IK5");

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => admin.SendAsync(Theme("IK5", "key-5"))));

        var bodies = await Task.WhenAll(answers.Select(a => a.ShouldBe(HttpStatusCode.Created)));
        bodies.Select(b => b.GetProperty("themeId").GetString()).Distinct().Should().ContainSingle();
        (await ThemesAsync("IK5")).Should().Be(1);
    }

    [Fact]
    public async Task A_key_is_remembered_for_a_day_then_the_request_runs_again()
    {
        var admin = await SchoolAsync("IK6");
        await admin.SendAsync(Theme("IK6", "key-6")).ShouldBe(HttpStatusCode.Created);
        api.Clock.Advance(TimeSpan.FromHours(23));
        await admin.SendAsync(Theme("IK6", "key-6")).ShouldBe(HttpStatusCode.Created);
        (await ThemesAsync("IK6")).Should().Be(1);

        api.Clock.Advance(TimeSpan.FromHours(2));
        await admin.SendAsync(Theme("IK6", "key-6")).ShouldBe(HttpStatusCode.Created);

        (await ThemesAsync("IK6")).Should().Be(2);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task An_empty_or_overlong_key_is_a_400(string key)
    {
        var admin = await SchoolAsync("IK7" + key.Length);
        var request = Theme("IK7" + key.Length, "x");
        request.Headers.Remove("Idempotency-Key");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key.Length == 0 ? new string('k', 300) : key);

        var problem = await admin.SendAsync(request).ShouldBeProblem(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _).Should().BeTrue();
    }
}
