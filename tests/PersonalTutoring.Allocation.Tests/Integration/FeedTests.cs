using Npgsql;

namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>The integrator feed: allocation changes in order, never past a transaction still in flight.</summary>
public sealed class FeedTests(AllocationApi api) : IClassFixture<AllocationApi>
{
    private HttpClient Integration => api.ClientFor(Roles.Integration, "registry");

    [Fact]
    public async Task The_feed_serves_changes_in_order_and_resumes_after_the_last_one()
    {
        await api.SchoolAsync("MED");
        await api.TutorAsync("f-t1");
        await api.TutorAsync("f-t2");
        await api.StudentAsync("f-s1");
        await api.AllocateAsync("f-s1", "f-t1");
        await api.SeniorTutor().PostJson("/api/allocations", new { studentId = "f-s1", tutorId = "f-t2", reason = "Swap" }).ShouldBe(HttpStatusCode.OK);
        await api.CatchUpAsync(); // the feed serves up to the daemon's high-water mark, which follows commits asynchronously

        var page = await Integration.GetAsync("/api/feed?after=0&limit=1000").ShouldBe(HttpStatusCode.OK);
        var mine = page.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("change").GetProperty("studentId").GetString() == "f-s1").ToList();
        mine.Select(e => e.GetProperty("change").GetProperty("toTutorId").GetString()).Should().Equal("f-t1", "f-t2");
        mine[1].GetProperty("change").GetProperty("fromTutorId").GetString().Should().Be("f-t1");
        mine[1].GetProperty("change").GetProperty("recordedBy").GetString().Should().Be("st-MED");
        var next = page.GetProperty("next").GetInt64();
        (await Integration.GetAsync($"/api/feed?after={next}").ShouldBe(HttpStatusCode.OK)).GetProperty("entries").GetArrayLength().Should().Be(0);
        await Integration.GetAsync("/api/feed?limit=0").ShouldBeProblem(HttpStatusCode.BadRequest);
        await api.ClientFor(Roles.Student, "f-s1").GetAsync("/api/feed").ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.ClientFor(Roles.SeniorTutor, "st", "MED").GetAsync("/api/feed").ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_change_committed_above_an_in_flight_transaction_is_held_back_until_that_transaction_ends()
    {
        await api.SchoolAsync("MED");
        await api.TutorAsync("g-t1");
        await api.StudentAsync("g-s1");
        var before = (await Integration.GetAsync("/api/feed?after=0&limit=1000").ShouldBe(HttpStatusCode.OK)).GetProperty("next").GetInt64();

        // An appender that has taken its transaction id and a sequence number, and not committed yet.
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var reserve = new NpgsqlCommand("SELECT pg_current_xact_id(); SELECT nextval('events.mt_events_sequence');", connection, tx))
            await reserve.ExecuteNonQueryAsync();

        await api.AllocateAsync("g-s1", "g-t1");
        var held = await Integration.GetAsync($"/api/feed?after={before}").ShouldBe(HttpStatusCode.OK);
        held.GetProperty("entries").GetArrayLength().Should().Be(0, "the allocation sits above a gap that may still be filled");

        await tx.RollbackAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var page = await Integration.GetAsync($"/api/feed?after={before}").ShouldBe(HttpStatusCode.OK);
            if (page.GetProperty("entries").GetArrayLength() == 1) break;
            DateTime.UtcNow.Should().BeBefore(deadline, "the dead gap is eventually passed");
            await Task.Delay(100);
        }
    }
}
