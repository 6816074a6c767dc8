using System.Text.Json;

namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>
/// Issue 10 item 12 (AL-13): two questions, named. "Who was the tutor on date X" (<c>asOf</c>, effective dates, the
/// default) and "what did the system say at instant T" (<c>recordedAt</c>, only what was recorded by then), the same on
/// the student's and the tutor's as-of reads.
/// </summary>
public sealed class AsOfTests(ClockedAllocationApi api) : IClassFixture<ClockedAllocationApi>
{
    private static readonly DateTimeOffset Recorded = new(2025, 10, 20, 9, 0, 0, TimeSpan.Zero);

    private static string At(DateTimeOffset instant) => Uri.EscapeDataString(instant.ToString("O"));

    /// <summary>Allocated on 20 October, backdated to 29 September; the student moves into year 2 in September 2026.</summary>
    private async Task GivenABackdatedAllocationAsync(string p)
    {
        api.Clock.Set(new DateTimeOffset(2025, 9, 22, 9, 0, 0, TimeSpan.Zero));
        await api.SchoolAsync("MED");
        await api.StudentAsync($"{p}-s1");
        await api.TutorAsync($"{p}-t1");
        api.Clock.Set(Recorded);
        await api.AllocateAsync($"{p}-s1", $"{p}-t1", effectiveOn: "2025-09-29");
        api.Clock.Set(new DateTimeOffset(2026, 9, 21, 9, 0, 0, TimeSpan.Zero));
        await api.StudentAsync($"{p}-s1", year: 2);
    }

    private async Task<string?> TutorOf(string p, string query)
    {
        var answer = await api.ClientFor(Roles.Auditor, "aud").GetAsync($"/api/students/{p}-s1/allocation{query}").ShouldBe(HttpStatusCode.OK);
        var tutor = answer.GetProperty("tutorId");
        return tutor.ValueKind == JsonValueKind.Null ? null : tutor.GetString();
    }

    private async Task<List<JsonElement>> TuteesOf(string p, string query) =>
        [.. (await api.ClientFor(Roles.Auditor, "aud").GetAsync($"/api/tutors/{p}-t1/tutees{query}").ShouldBe(HttpStatusCode.OK)).EnumerateArray()];

    [Fact]
    public async Task Item12_asOf_asks_who_the_tutor_was_on_a_date_on_both_reads()
    {
        await GivenABackdatedAllocationAsync("e");
        (await TutorOf("e", "?asOf=2025-10-01")).Should().Be("e-t1", "the allocation took effect on 29 September");
        (await TuteesOf("e", "?asOf=2025-10-01")).Select(t => t.GetProperty("studentId").GetString()).Should().Equal("e-s1");
        (await TutorOf("e", "?asOf=2025-09-28")).Should().BeNull();
        (await TuteesOf("e", "?asOf=2025-09-28")).Should().BeEmpty();
    }

    [Fact]
    public async Task Item12_recordedAt_asks_what_the_system_said_at_an_instant_on_both_reads()
    {
        await GivenABackdatedAllocationAsync("r");
        var before = At(Recorded.AddDays(-19)); // 1 October: nothing was recorded yet
        (await TutorOf("r", $"?recordedAt={before}")).Should().BeNull();
        (await TuteesOf("r", $"?recordedAt={before}")).Should().BeEmpty();
        (await TutorOf("r", $"?asOf=2025-10-01&recordedAt={before}")).Should().BeNull();
        (await TuteesOf("r", $"?asOf=2025-10-01&recordedAt={before}")).Should().BeEmpty();

        var after = At(Recorded.AddHours(1));
        (await TutorOf("r", $"?recordedAt={after}")).Should().Be("r-t1");
        (await TuteesOf("r", $"?asOf=2025-10-01&recordedAt={after}")).Should().ContainSingle();
    }

    [Fact]
    public async Task Item12_the_answer_names_the_date_the_instant_and_when_the_allocation_took_effect_and_was_recorded()
    {
        await GivenABackdatedAllocationAsync("n");
        var answer = await api.ClientFor(Roles.Auditor, "aud").GetAsync("/api/students/n-s1/allocation?asOf=2025-10-01").ShouldBe(HttpStatusCode.OK);
        answer.GetProperty("asOf").GetString().Should().Be("2025-10-01");
        answer.GetProperty("since").GetString().Should().Be("2025-09-29");
        answer.GetProperty("allocationRecordedAt").GetDateTimeOffset().Should().Be(Recorded);
        var tutee = (await TuteesOf("n", "?asOf=2025-10-01")).Single();
        tutee.GetProperty("since").GetString().Should().Be("2025-09-29");
        tutee.GetProperty("allocationRecordedAt").GetDateTimeOffset().Should().Be(Recorded);
        await api.CatchUpAsync();
        var change = (await api.ClientFor(Roles.Auditor, "aud").GetAsync("/api/students/n-s1/allocation-history").ShouldBe(HttpStatusCode.OK))[0];
        change.GetProperty("effectiveOn").GetString().Should().Be("2025-09-29");
        change.GetProperty("recordedAt").GetDateTimeOffset().Should().Be(Recorded);
    }

    [Fact]
    public async Task Item12_the_tutees_on_a_date_show_their_year_of_study_on_that_date()
    {
        await GivenABackdatedAllocationAsync("y");
        (await TuteesOf("y", "?asOf=2025-10-01")).Single().GetProperty("yearOfStudy").GetInt32().Should().Be(1);
        (await TuteesOf("y", "")).Single().GetProperty("yearOfStudy").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task Item12_a_malformed_date_or_instant_is_a_400()
    {
        await GivenABackdatedAllocationAsync("m");
        await api.ClientFor(Roles.Auditor, "aud").GetAsync("/api/students/m-s1/allocation?asOf=yesterday").ShouldBeProblem(HttpStatusCode.BadRequest);
        await api.ClientFor(Roles.Auditor, "aud").GetAsync("/api/students/m-s1/allocation?recordedAt=2025-10-01").ShouldBeProblem(HttpStatusCode.BadRequest);
        await api.ClientFor(Roles.Auditor, "aud").GetAsync("/api/tutors/m-t1/tutees?asOf=2025-13-01").ShouldBeProblem(HttpStatusCode.BadRequest);
    }
}
