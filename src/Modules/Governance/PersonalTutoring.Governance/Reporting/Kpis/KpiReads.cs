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
    public static KpiAnswer Answer(string scope, string? schoolCode, AcademicYear year, DateOnly asOf, DateTimeOffset answeredAt, KpiFacts facts) =>
        new(scope, schoolCode, year.ToString(), asOf, KpiSources.KpiDate(year, asOf), answeredAt, KpiCalculator.Kpis(facts), KpiCalculator.Operational(facts),
            [.. Enum.GetValues<CohortLevel>().Select(level => (Level: level, Facts: facts.ForLevel(level)))
                .Select(c => new CohortKpis(c.Level, KpiCalculator.Kpis(c.Facts), KpiCalculator.Operational(c.Facts)))]);

    public async Task<KpiAnswer> SchoolAsync(string schoolCode, AcademicYear year, DateOnly asOf, CancellationToken ct) =>
        Answer("school", schoolCode, year, asOf, clock.GetUtcNow(), await sources.SchoolAsync(schoolCode, year, asOf, ct));

    public async Task<UniversityKpis> UniversityAsync(AcademicYear year, DateOnly asOf, CancellationToken ct)
    {
        var schools = await sources.EverySchoolAsync(year, asOf, ct);
        var university = Answer("university", null, year, asOf, clock.GetUtcNow(), KpiFacts.Merge(schools.Values));
        return new UniversityKpis(university, [.. schools.Select(s => new SchoolKpiRow(s.Key, KpiCalculator.Kpis(s.Value)))]);
    }

    /// <summary>
    /// The year and the as-of date of a request: the as-of date defaults to today and may not be in the future (an
    /// answer about tomorrow would change before tomorrow); the year defaults to the one containing the as-of date.
    /// </summary>
    public static (AcademicYear Year, DateOnly AsOf) Dates(string? academicYear, DateOnly? asOf, TimeProvider clock)
    {
        var today = GovernanceAccess.Today(clock);
        var date = asOf ?? today;
        if (date > today) throw RequestValidationException.For("asOf", "The as-of date cannot be in the future.");
        return (academicYear is null ? AcademicYear.Containing(date) : GovernanceAccess.Year(academicYear), date);
    }

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/schools/{schoolCode}/kpis",
                async (string schoolCode, string? academicYear, DateOnly? asOf, KpiReads reads, ISchoolDirectory schools, TimeProvider clock, CancellationToken ct) =>
            {
                RouteValues.School(schoolCode);
                var (year, date) = Dates(academicYear, asOf, clock);
                await GovernanceAccess.DemandSchoolExistsAsync(schools, schoolCode, ct);
                return Results.Ok(await reads.SchoolAsync(schoolCode, year, date, ct));
            })
            .RequireAuthorization(DevelopmentPolicies.ReadFigures)
            .RequireSchool("read the school's KPIs", DevelopmentPolicies.Oversight)
            .WithName("GetSchoolKpis")
            .WithSummary("The eleven KPIs of the Code of Practice (GO-6) and the operational figures for a school and academic year, per cohort level, as known on a date (?asOf=, default today).")
            .Produces<KpiAnswer>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/university/kpis",
                async (string? academicYear, DateOnly? asOf, KpiReads reads, TimeProvider clock, CancellationToken ct) =>
            {
                var (year, date) = Dates(academicYear, asOf, clock);
                return Results.Ok(await reads.UniversityAsync(year, date, ct));
            })
            .RequireAuthorization(ReportingPolicies.ReadUniversity)
            .WithName("GetUniversityKpis")
            .WithSummary("The eleven KPIs (GO-6) and operational figures for the whole university, per cohort level, with every school's KPIs, as known on a date.")
            .Produces<UniversityKpis>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
