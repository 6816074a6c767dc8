using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Governance;

namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>The real host with Governance's own policies (no test double), as <c>seed-demo</c> runs it.</summary>
public sealed class GovernedApi : TutoringApiFactory
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Allocation:Mail:PickupFolder", Path.Combine(Path.GetTempPath(), "pt-mail-" + Guid.NewGuid().ToString("N")));
    }
}

/// <summary>The demo seed, after Governance's, builds a live-looking university once; a second run writes nothing.</summary>
public sealed class SeedTests(GovernedApi api) : IClassFixture<GovernedApi>
{
    [Fact]
    public async Task The_demo_seed_allocates_two_thousand_students_within_the_schools_policies_and_is_idempotent()
    {
        await api.Services.SeedGovernanceDemoAsync(CancellationToken.None);
        await api.Services.SeedAllocationDemoAsync(CancellationToken.None);
        var events = await EventCountAsync();
        await api.Services.SeedAllocationDemoAsync(CancellationToken.None);
        (await EventCountAsync()).Should().Be(events, "a second seed finds everything in place");

        var admin = api.Admin();
        var med = await admin.GetAsync("/api/schools/MED/caseloads").ShouldBe(HttpStatusCode.OK);
        med.GetProperty("tutors").GetInt32().Should().Be(24, "one of 25 handed over and left");
        med.GetProperty("maximumTutees").GetInt32().Should().BeLessThanOrEqualTo(60);
        (await admin.GetAsync("/api/schools/MED/unallocated").ShouldBe(HttpStatusCode.OK)).GetProperty("count").GetInt32().Should().Be(0);
        (await admin.GetAsync("/api/schools/ENG/unallocated").ShouldBe(HttpStatusCode.OK)).GetProperty("count").GetInt32().Should().Be(0);
        await api.CatchUpAsync();
        (await admin.GetAsync("/api/handovers?schoolCode=MED").ShouldBe(HttpStatusCode.OK)).GetArrayLength().Should().Be(1);
        (await admin.GetAsync("/api/schools/MED/tutor-change-requests").ShouldBe(HttpStatusCode.OK)).GetArrayLength().Should().Be(1);
        await using var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        (await session.Query<ReadModels.StudentViews.StudentView>().CountAsync()).Should().Be(2000);
    }

    private async Task<long> EventCountAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM events.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>The hard maximum holds when Senior Tutors allocate to the same tutor at the same moment (docs/adr/0020).</summary>
public sealed class ConcurrencyTests(AllocationApi api) : IClassFixture<AllocationApi>
{
    [Fact]
    public async Task Concurrent_allocations_to_a_tutor_with_one_place_left_let_exactly_one_through()
    {
        await api.SchoolAsync("MED");
        api.Policies.Maximum = 1;
        await api.TutorAsync("c-t1");
        var students = Enumerable.Range(0, 8).Select(i => $"c-s{i}").ToList();
        foreach (var s in students) await api.StudentAsync(s);

        var st = api.SeniorTutor();
        var responses = await Task.WhenAll(students.Select(s => st.PostJson("/api/allocations", new { studentId = s, tutorId = "c-t1", reason = "Race" })));
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1);
        responses.Where(r => r.StatusCode != HttpStatusCode.OK).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.UnprocessableEntity,
            "without If-Match a raced write is decided again on what the winner left: the tutor is full (422), never a version conflict");
        var tutees = await st.GetAsync("/api/tutors/c-t1/tutees").ShouldBe(HttpStatusCode.OK);
        tutees.GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task Concurrent_allocations_to_one_tutor_without_if_match_all_succeed_or_get_a_business_answer_never_409()
    {
        await api.SchoolAsync("MED");
        api.Policies.Maximum = 4;
        await api.TutorAsync("c9-t1");
        var students = Enumerable.Range(0, 10).Select(i => $"c9-s{i}").ToList();
        foreach (var s in students) await api.StudentAsync(s);

        var st = api.SeniorTutor();
        var responses = await Task.WhenAll(students.Select(s => st.PostJson("/api/allocations", new { studentId = s, tutorId = "c9-t1", reason = "Race" })));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        statuses.Should().NotContain(HttpStatusCode.Conflict);
        statuses.Count(s => s == HttpStatusCode.OK).Should().Be(4, "four places");
        statuses.Where(s => s != HttpStatusCode.OK).Should().OnlyContain(s => s == HttpStatusCode.UnprocessableEntity, "the rest find the tutor full");
        (await st.GetAsync("/api/tutors/c9-t1/tutees").ShouldBe(HttpStatusCode.OK)).GetArrayLength().Should().Be(4);
    }

    [Fact]
    public async Task The_same_batch_sent_three_times_at_once_is_applied_once_and_unchanged_twice_never_409()
    {
        await api.SchoolAsync("MED");
        var rows = Enumerable.Range(0, 30).Select(i =>
        {
            var row = Students.Body();
            row["studentId"] = $"c9-b{i}";
            return row;
        }).ToArray();
        var integration = api.ClientFor(Roles.Integration, "registry");

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => integration.PostJson("/api/students/batch", new { students = rows })));

        responses.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        var bodies = await Task.WhenAll(responses.Select(r => r.ShouldBe(HttpStatusCode.OK)));
        bodies.Sum(b => b.GetProperty("created").GetInt32()).Should().Be(30, "each student is created once");
        bodies.Sum(b => b.GetProperty("unchanged").GetInt32()).Should().Be(60, "the two others find every row in place");
        (await api.EventCountAsync("student-c9-b0")).Should().Be(1);
    }
}
