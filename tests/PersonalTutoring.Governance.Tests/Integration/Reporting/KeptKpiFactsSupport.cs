using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Governance.Reporting.Kpis;

namespace PersonalTutoring.Governance.Tests.Integration.Reporting;

/// <summary>What the tests of kept KPI facts (docs/adr/0093–0101) ask of the host: answers, their reading time, the kept documents.</summary>
internal static class KeptKpiFactsSupport
{
    /// <summary>
    /// Moves the manual clock to 10:00 of the day after its own, so that each test asks on a day of its own, later than any
    /// other test's (what a test keeps for its dates cannot serve another's), once the daemon has caught up.
    /// </summary>
    public static async Task ToADayOfItsOwnAsync(this TutoringApiFactory api)
    {
        var today = DateOnly.FromDateTime(api.Clock.GetUtcNow().UtcDateTime).AddDays(1);
        api.Clock.Set(new DateTimeOffset(today.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero));
        await api.CatchUpAsync();
    }

    /// <summary>The manual clock's day (UTC).</summary>
    public static DateOnly Today(this TutoringApiFactory api) => DateOnly.FromDateTime(api.Clock.GetUtcNow().UtcDateTime);

    /// <summary>Moves the manual clock on.</summary>
    public static void Later(this TutoringApiFactory api, int minutes) => api.Clock.Set(api.Clock.GetUtcNow().AddMinutes(minutes));

    /// <summary>A KPI answer as Governance reads it.</summary>
    public static async Task<JsonElement> ReadKpisAsync(this TutoringApiFactory api, string url) =>
        await api.ClientFor(Roles.Governance, "gov-1").GetAsync(url).ShouldBe(HttpStatusCode.OK);

    /// <summary>When the facts of an answer (or of its university part) were read.</summary>
    public static DateTimeOffset FactsReadAt(this JsonElement answer) => answer.GetProperty("factsReadAt").GetDateTimeOffset();

    public static async Task<KeptKpiFacts?> KeptFactsAsync(this TutoringApiFactory api, string id)
    {
        await using var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<KeptKpiFacts>(id);
    }

    public static async Task ForgetKeptFactsAsync(this TutoringApiFactory api)
    {
        await using var session = api.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        session.DeleteWhere<KeptKpiFacts>(k => k.Id != null);
        await session.SaveChangesAsync();
    }

    /// <summary>What a live reading gives now (every kept fact forgotten first) is <paramref name="served"/>, figure for figure; the live reading.</summary>
    public static async Task<JsonElement> ShouldAnswerAsLiveAsync(this TutoringApiFactory api, string url, JsonElement served, string question = "")
    {
        await api.ForgetKeptFactsAsync();
        var live = await api.ReadKpisAsync(url);
        foreach (var part in new[] { "kpis", "operational", "cohorts" })
            live.GetProperty(part).GetRawText().Should().Be(served.GetProperty(part).GetRawText(), $"the served {part} are what a live reading gives {question}");
        return live;
    }
}
