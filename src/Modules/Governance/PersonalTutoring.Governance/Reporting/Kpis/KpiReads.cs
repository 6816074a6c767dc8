using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.Reporting.Kpis;

/// <summary>One school's KPIs in the university overview.</summary>
internal sealed record SchoolKpiRow(string SchoolCode, IReadOnlyList<KpiFigure> Kpis);

/// <summary>The university's KPIs (every school's facts together) and each school's.</summary>
internal sealed record UniversityKpis(KpiAnswer University, IReadOnlyList<SchoolKpiRow> Schools);

/// <summary>The KPI answers (GO-6): per school with its cohort levels, and for the university with every school's row.</summary>
internal sealed class KpiReads(KpiSources sources, TimeProvider clock)
{
    public static KpiAnswer Answer(string scope, string? schoolCode, KpiDates d, DateTimeOffset answeredAt, KpiFacts facts) =>
        new(scope, schoolCode, d.Year.ToString(), d.AsOf, d.KpiDate, d.KnownOn, answeredAt, facts.ReadAt ?? answeredAt, KpiCalculator.Kpis(facts), KpiCalculator.Operational(facts),
            [.. Enum.GetValues<CohortLevel>().Select(level => (Level: level, Facts: facts.ForLevel(level)))
                .Select(c => new CohortKpis(c.Level, KpiCalculator.Kpis(c.Facts), KpiCalculator.Operational(c.Facts)))], facts.Current);

    public async Task<KpiAnswer> SchoolAsync(string schoolCode, KpiDates d, CancellationToken ct) =>
        Answer("school", schoolCode, d, clock.GetUtcNow(), await sources.SchoolAsync(schoolCode, d, ct));

    public async Task<UniversityKpis> UniversityAsync(KpiDates d, CancellationToken ct)
    {
        var schools = await sources.EverySchoolAsync(d, ct);
        var university = Answer("university", null, d, clock.GetUtcNow(), KpiFacts.Merge(schools.Values));
        return new UniversityKpis(university, [.. schools.Select(s => new SchoolKpiRow(s.Key, KpiCalculator.Kpis(s.Value)))]);
    }

    /// <summary>
    /// The dates of a request: both default to today and neither may be in the future (figures about tomorrow would
    /// change before tomorrow); the year defaults to the one containing the as-of date.
    /// </summary>
    public static KpiDates Dates(string? academicYear, DateOnly? asOf, DateOnly? knownOn, TimeProvider clock, string field = "asOf")
    {
        var today = GovernanceAccess.Today(clock);
        var date = asOf ?? today;
        if (date > today) throw RequestValidationException.For(field, "The date cannot be in the future: figures about tomorrow would change before tomorrow.");
        if (knownOn > today) throw RequestValidationException.For("knownOn", "The date cannot be in the future.");
        // Academic years start in 2000 at the earliest (AcademicYear.TryParse); earlier dates have nothing to count and
        // would take the date arithmetic below year 1.
        if (date.Year < 2000) throw RequestValidationException.For(field, "The date cannot be before 2000.");
        if (knownOn is { Year: < 2000 }) throw RequestValidationException.For("knownOn", "The date cannot be before 2000.");
        return new KpiDates(academicYear is null ? AcademicYear.Containing(date) : GovernanceAccess.Year(academicYear), date, knownOn ?? today);
    }

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/schools/{schoolCode}/kpis",
                async (string schoolCode, string? academicYear, DateOnly? asOf, DateOnly? knownOn, KpiReads reads, ISchoolDirectory schools, TimeProvider clock,
                CancellationToken ct) =>
            {
                RouteValues.School(schoolCode);
                var dates = Dates(academicYear, asOf, knownOn, clock);
                await GovernanceAccess.DemandSchoolExistsAsync(schools, schoolCode, ct);
                return Results.Ok(await reads.SchoolAsync(schoolCode, dates, ct));
            })
            .RequireAuthorization(DevelopmentPolicies.ReadFigures)
            .RequireSchool("read the school's KPIs", DevelopmentPolicies.Oversight)
            .WithName("GetSchoolKpis")
            .WithSummary("The eleven KPIs of the Code of Practice (GO-6) and the operational figures for a school and academic year, per cohort level, on a date (?asOf=) as known on another (?knownOn=; both default to today).")
            .Produces<KpiAnswer>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/university/kpis",
                async (string? academicYear, DateOnly? asOf, DateOnly? knownOn, KpiReads reads, TimeProvider clock, CancellationToken ct) =>
            {
                return Results.Ok(await reads.UniversityAsync(Dates(academicYear, asOf, knownOn, clock), ct));
            })
            .RequireAuthorization(ReportingPolicies.ReadUniversity)
            .WithName("GetUniversityKpis")
            .WithSummary("The eleven KPIs (GO-6) and operational figures for the whole university, per cohort level, with every school's KPIs, as known on a date.")
            .Produces<UniversityKpis>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
