using System.Text.Json;
using Npgsql;

namespace PersonalTutoring.Governance.Tests.Integration;

/// <summary>The host with a clock the tests set: "today" is 22 November 2026 unless a test moves it.</summary>
public sealed class GovernanceApi : TutoringApiFactory
{
    public static readonly DateTimeOffset Today = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    public GovernanceApi() => Clock.Set(Today);

    protected override bool UseManualClock => true;
}

internal static class GovernanceTestSupport
{
    /// <summary>A calendar's request body: three terms, two semesters, the welcome fortnight and closure days of the year.</summary>
    public static object Calendar(int year, string firstTermStart = "09-28", string? timeZone = null, string[]? closures = null) => new
    {
        terms = new[]
        {
            new { name = "Autumn", start = $"{year}-{firstTermStart}", end = $"{year}-12-11" },
            new { name = "Spring", start = $"{year + 1}-01-11", end = $"{year + 1}-03-19" },
            new { name = "Summer", start = $"{year + 1}-04-19", end = $"{year + 1}-06-11" },
        },
        semesters = new[]
        {
            new { number = 1, start = $"{year}-09-28", end = $"{year + 1}-01-22" },
            new { number = 2, start = $"{year + 1}-01-25", end = $"{year + 1}-06-11" },
        },
        welcome = new { start = $"{year}-09-28", end = $"{year}-10-11" },
        closureDays = closures ?? [$"{year}-12-24", $"{year}-12-25", $"{year}-12-28", $"{year}-12-29", $"{year}-12-30", $"{year}-12-31", $"{year + 1}-01-01"],
        timeZone,
    };

    public static object Policy(int caseloadTarget = 45, int caseloadMaximum = 60, object[]? blocks = null, object[]? overrides = null) => new
    {
        caseloadTarget,
        caseloadMaximum,
        allocationDeadlineDays = 7,
        allocationBlocks = blocks ?? [new { fromYear = 1, toYear = 2 }, new { fromYear = 4, toYear = 5 }],
        yearsWithoutContactRequirement = new[] { 6 },
        minimumMeetingsPerYear = 4,
        monthlyTermTimeContact = true,
        checkInsPerSemester = 1,
        responseWorkingDays = 3,
        welcomePeriodDays = 14,
        unansweredAttemptsBeforeEscalation = 2,
        workloadHoursPerTutee = 1.25m,
        extraResponsibilities = new[] { "Write the UKFPO structured reference." },
        handbookUrl = "https://intranet.example.ac.uk/med/handbook",
        overrides = overrides ?? [],
    };

    public static object Approval(string on, string reference) => new { on, reference };

    public static async Task RegisterSchoolAsync(this TutoringApiFactory api, string code, string name = "A School") =>
        await (await api.Admin().PutJson($"/api/schools/{code}", new { name, college = "A College" })).ShouldBe(HttpStatusCode.Created);

    public static async Task<long> EventCountAsync(this TutoringApiFactory api, string stream)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM events.mt_events WHERE stream_id = @s", connection);
        command.Parameters.AddWithValue("s", stream);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static string Code(this JsonElement problem) => problem.GetProperty("code").GetString()!;

    public static IEnumerable<string> ErrorFields(this JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name);
}
