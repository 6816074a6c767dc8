using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.Reporting.Kpis;

internal sealed record TrendPoint(string AcademicYear, decimal? Value, int? Numerator, int? Denominator);

/// <summary>
/// One KPI over the years, oldest first. <see cref="Change"/>: the asked year's value minus the previous year's;
/// <see cref="Direction"/>: up, down or same (none when either is missing). Whether up is good depends on the KPI.
/// </summary>
internal sealed record KpiTrend(string Id, string Title, IReadOnlyList<TrendPoint> Years, decimal? Change, string? Direction);

/// <param name="FactsReadAt">
/// When the earliest facts the figures were worked out from were read: the university's may be kept facts up to a few
/// minutes old (docs/adr/0093, 0097). None when every year's figures were handed in by the caller.
/// </param>
/// <param name="FactsCurrent">Whether nothing any year's figures were read from has changed since they were read (false only
/// when the university's kept facts may be a few minutes behind).</param>
internal sealed record KpiTrendsAnswer(string Scope, string? SchoolCode, string? Cohort, string AcademicYear, DateOnly KnownOn, IReadOnlyList<string> Years,
    IReadOnlyList<KpiTrend> Kpis, DateTimeOffset? FactsReadAt, bool FactsCurrent = true);

/// <summary>
/// Trends (issue 14 item 2): the eleven KPIs of the asked year and of up to five previous years present in the store
/// (a year is present when any of its KPIs has something to count), each year at its last day (or the as-of date for
/// the asked year), as known today.
/// </summary>
internal sealed class KpiTrends(KpiSources sources)
{
    public const int PreviousYears = 5;

    /// <param name="askedKpis">
    /// The asked year's KPIs of the school (or <paramref name="level"/>) for <paramref name="asked"/>'s dates when the
    /// caller has just computed them (the printable report's live figures), so that year is not computed twice.
    /// </param>
    public async Task<KpiTrendsAnswer> SchoolAsync(string schoolCode, CohortLevel? level, KpiDates asked, CancellationToken ct,
        IReadOnlyList<KpiFigure>? askedKpis = null)
    {
        // A school's years are a few small reads each, independent of each other: read together (docs/adr/0097).
        var read = await Task.WhenAll(Enumerable.Range(0, PreviousYears + 1).Select(i => PreviousYears - i).Select(async back =>
        {
            var dates = YearDates(asked, back);
            var facts = back == 0 && askedKpis is not null ? null : await sources.SchoolAsync(schoolCode, dates, ct, operational: false);
            return (Back: back, dates.Year, ReadAt: facts?.ReadAt, Current: facts?.Current ?? true,
                Kpis: facts is null ? askedKpis! : KpiCalculator.Kpis(level is { } l ? facts.ForLevel(l) : facts));
        }));
        var years = read.Where(y => y.Back == 0 || Present(y.Kpis)).Select(y => (y.Year, y.Kpis)).ToList();
        return new KpiTrendsAnswer("school", schoolCode, level?.ToString() ?? "all", asked.Year.ToString(), asked.KnownOn,
            [.. years.Select(y => y.Year.ToString())], Trends(years), read.Min(y => y.ReadAt), read.All(y => y.Current));
    }

    public async Task<KpiTrendsAnswer> UniversityAsync(KpiDates asked, CancellationToken ct)
    {
        // One year after another: each may be a whole university's read (docs/adr/0097).
        var read = new List<(int Back, AcademicYear Year, DateTimeOffset? ReadAt, bool Current, IReadOnlyList<KpiFigure> Kpis)>();
        for (var back = PreviousYears; back >= 0; back--)
        {
            var dates = YearDates(asked, back);
            // The eleven KPIs only: not every school's compliance and meetings of six years, which no trend shows.
            var facts = KpiFacts.Merge((await sources.EverySchoolAsync(dates, ct, operational: false)).Values);
            read.Add((back, dates.Year, facts.ReadAt, facts.Current, KpiCalculator.Kpis(facts)));
        }
        var years = read.Where(y => y.Back == 0 || Present(y.Kpis)).Select(y => (y.Year, y.Kpis)).ToList();
        return new KpiTrendsAnswer("university", null, null, asked.Year.ToString(), asked.KnownOn, [.. years.Select(y => y.Year.ToString())], Trends(years),
            read.Min(y => y.ReadAt), read.All(y => y.Current));
    }

    /// <summary>
    /// The dates a trend shows for the year <paramref name="back"/> years before the asked one: the asked dates for the asked
    /// year, an earlier year's last day as known on the asked known-on date. The keeper keeps the university's earlier years
    /// by the same dates (docs/adr/0097).
    /// </summary>
    public static KpiDates YearDates(KpiDates asked, int back)
    {
        if (back == 0) return asked;
        var year = new AcademicYear(asked.Year.StartYear - back);
        return new KpiDates(year, year.DefaultEnd, asked.KnownOn);
    }

    private static bool Present(IReadOnlyList<KpiFigure> kpis) => kpis.Any(k => (k.Numerator ?? 0) > 0 || (k.Denominator ?? 0) > 0);

    internal static IReadOnlyList<KpiTrend> Trends(IReadOnlyList<(AcademicYear Year, IReadOnlyList<KpiFigure> Kpis)> years) =>
        [.. KpiCalculator.Ids.Select(id =>
        {
            var points = years.Select(y => (y.Year, Figure: y.Kpis.Single(k => k.Id == id)))
                .Select(p => new TrendPoint(p.Year.ToString(), p.Figure.Value, p.Figure.Numerator, p.Figure.Denominator)).ToList();
            var (last, previous) = (points[^1].Value, points.Count > 1 ? points[^2].Value : null);
            var change = last is { } a && previous is { } b ? a - b : (decimal?)null;
            return new KpiTrend(id, years[^1].Kpis.Single(k => k.Id == id).Title, points, change,
                change is null ? null : change > 0 ? "up" : change < 0 ? "down" : "same");
        })];

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/schools/{schoolCode}/kpis/trends",
                async (string schoolCode, string? academicYear, DateOnly? asOf, string? cohort, KpiTrends trends, ISchoolDirectory schools, TimeProvider clock,
                    CancellationToken ct) =>
            {
                RouteValues.School(schoolCode);
                var level = Cohort(cohort);
                var dates = KpiReads.Dates(academicYear, asOf, null, clock);
                await GovernanceAccess.DemandSchoolExistsAsync(schools, schoolCode, ct);
                return Results.Ok(await trends.SchoolAsync(schoolCode, level, dates, ct));
            })
            .RequireAuthorization(DevelopmentPolicies.ReadFigures)
            .RequireSchool("read the school's KPI trends", DevelopmentPolicies.Oversight)
            .WithName("GetSchoolKpiTrends")
            .WithSummary("The eleven KPIs of a school (or one cohort level, ?cohort=UG) for the academic year and up to five previous years present, with change and direction.")
            .Produces<KpiTrendsAnswer>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/university/kpis/trends", async (string? academicYear, DateOnly? asOf, KpiTrends trends, TimeProvider clock, CancellationToken ct) =>
                Results.Ok(await trends.UniversityAsync(KpiReads.Dates(academicYear, asOf, null, clock), ct)))
            .RequireAuthorization(ReportingPolicies.ReadUniversity)
            .WithName("GetUniversityKpiTrends")
            .WithSummary("The university's eleven KPIs for the academic year and up to five previous years present, with change and direction.")
            .Produces<KpiTrendsAnswer>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static CohortLevel? Cohort(string? cohort) =>
        cohort is null || cohort.Equals("all", StringComparison.OrdinalIgnoreCase) ? null
        : Enum.TryParse<CohortLevel>(cohort, ignoreCase: true, out var level) && Enum.IsDefined(level) ? level
        : throw RequestValidationException.For("cohort", "A cohort is all, UG, PGT, Foundation or Distance.");
}
