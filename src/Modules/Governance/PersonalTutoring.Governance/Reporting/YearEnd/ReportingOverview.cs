using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.Reporting.Kpis;

namespace PersonalTutoring.Governance.Reporting.YearEnd;

/// <summary>One report's place in the cycle; <see cref="LateFor"/>: the step overdue on the day asked, if any.</summary>
internal sealed record ReportStatus(string Cohort, int Version, ReportStage Stage, DateOnly? LastStepOn, ReportStage? LateFor, DateOnly? DueOn);

/// <summary>A school's reports, whether it is late in the cycle, and its KPIs (as frozen in its whole-school report, else live).</summary>
internal sealed record SchoolReporting(string SchoolCode, IReadOnlyList<ReportStatus> Reports, bool Late, string KpiSource, IReadOnlyList<KpiFigure> Kpis);

internal sealed record ReportingOverviewAnswer(string AcademicYear, DateOnly On, IReadOnlyList<SchoolReporting> Schools);

/// <summary>GET /api/year-end-reports?academicYear=: the Dean's page, every school's report status and KPIs, late schools flagged (GO-3).</summary>
internal static class ReportingOverview
{
    /// <summary>A report (or a school without one, <paramref name="stage"/> null) is late for the first step not reached whose due date has passed.</summary>
    internal static (ReportStage? LateFor, DateOnly? DueOn) Lateness(ReportStage? stage, AcademicYear year, DateOnly today, ReportingCycleSettings cycle)
    {
        var next = (stage ?? ReportStage.Draft) + 1;
        if (next > ReportStage.SharedWithSubCommittee) return (null, null);
        var due = cycle.DueOn(next, year);
        return today > due ? (next, due) : (null, null);
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/year-end-reports", async (string? academicYear, IQuerySession session, KpiReads kpis, IOptions<ReportingCycleSettings> cycle,
                TimeProvider clock, CancellationToken ct) =>
            {
                var today = GovernanceAccess.Today(clock);
                var year = academicYear is null ? AcademicYear.Containing(today) : GovernanceAccess.Year(academicYear);
                var reports = (await session.Query<YearEndReportView>().Where(r => r.AcademicYear == year.ToString()).ToListAsync(ct))
                    .ToLookup(r => r.SchoolCode, StringComparer.Ordinal);
                var live = await kpis.UniversityAsync(new KpiDates(year, today, today), ct);
                var schools = live.Schools.Select(s =>
                {
                    var statuses = reports[s.SchoolCode].OrderBy(r => ReportCohorts.Every.ToList().IndexOf(r.Cohort)).Select(r =>
                    {
                        var (lateFor, due) = Lateness(r.Stage, year, today, cycle.Value);
                        return new ReportStatus(r.Cohort, r.ReportVersion, r.Stage, r.Steps.LastOrDefault()?.On, lateFor, due);
                    }).ToList();
                    var late = statuses.Count == 0 ? Lateness(null, year, today, cycle.Value).LateFor is not null : statuses.Any(r => r.LateFor is not null);
                    var whole = reports[s.SchoolCode].FirstOrDefault(r => r.Cohort == ReportCohorts.All);
                    return whole is null
                        ? new SchoolReporting(s.SchoolCode, statuses, late, "live", s.Kpis)
                        : new SchoolReporting(s.SchoolCode, statuses, late, $"report version {whole.ReportVersion} as of {whole.Content.Snapshot.AsOf:yyyy-MM-dd}", whole.Content.Snapshot.Kpis);
                }).ToList();
                return Results.Ok(new ReportingOverviewAnswer(year.ToString(), today, schools));
            })
            .RequireAuthorization(ReportingPolicies.ReadUniversity)
            .WithName("GetReportingOverview")
            .WithSummary("The Dean's overview of a year's reporting cycle: every school's year-end reports, their stage, the schools late against the cycle's due dates, and their KPIs.")
            .Produces<ReportingOverviewAnswer>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
