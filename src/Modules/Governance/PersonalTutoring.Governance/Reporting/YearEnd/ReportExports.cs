using CsvHelper;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.Reporting.Kpis;

namespace PersonalTutoring.Governance.Reporting.YearEnd;

/// <summary>A row of the report's figures CSV (docs/adr/0051): the columns and their order are part of the export's contract.</summary>
[CsvRecord]
internal sealed partial record ReportFigureRow(
    [property: CsvColumn("schoolCode")] string SchoolCode,
    [property: CsvColumn("academicYear")] string AcademicYear,
    [property: CsvColumn("cohort")] string Cohort,
    [property: CsvColumn("reportVersion")] int ReportVersion,
    [property: CsvColumn("section")] string Section,
    [property: CsvColumn("id")] string Id,
    [property: CsvColumn("title")] string Title,
    [property: CsvColumn("value")] decimal? Value,
    [property: CsvColumn("numerator")] int? Numerator,
    [property: CsvColumn("denominator")] int? Denominator,
    [property: CsvColumn("liveValue")] decimal? LiveValue);

/// <summary>GET .../print (printable HTML) and GET .../figures.csv: the report for committees and spreadsheets (issue 14 item 5).</summary>
internal static class ReportExports
{
    private const string Route = "/api/schools/{schoolCode}/year-end-reports/{academicYear}/{cohort}";

    internal static IEnumerable<ReportFigureRow> Rows(YearEndReportResponse response)
    {
        var r = response.Report;
        var live = response.LiveDifferences.ToDictionary(d => d.Id, d => d.Live);
        ReportFigureRow Row(string section, KpiFigure k) =>
            new(r.SchoolCode, r.AcademicYear, r.Cohort, r.ReportVersion, section, k.Id, k.Title, k.Value, k.Numerator, k.Denominator,
                live.TryGetValue(k.Id, out var now) ? now : k.Value);
        var o = r.Content.Snapshot.Operational;
        return
        [
            .. r.Content.Snapshot.Kpis.Select(k => Row(k.Group, k)),
            .. o.ContactCompliance.Select(t => new ReportFigureRow(r.SchoolCode, r.AcademicYear, r.Cohort, r.ReportVersion, "contact-compliance", t.Term,
                "% of tutees meeting every contact rule", t.PercentCompliant, t.Compliant, t.Tutees, null)),
            .. o.Meetings.Select(m => new ReportFigureRow(r.SchoolCode, r.AcademicYear, r.Cohort, r.ReportVersion, "meetings", m.Term,
                "% of meeting invitations attended", m.PercentAttended, m.InvitationsAttended, m.Invitations, null)),
            new ReportFigureRow(r.SchoolCode, r.AcademicYear, r.Cohort, r.ReportVersion, "operational", o.RepliesWithinDue.Id, o.RepliesWithinDue.Title,
                o.RepliesWithinDue.Value, o.RepliesWithinDue.Numerator, o.RepliesWithinDue.Denominator, null),
            new ReportFigureRow(r.SchoolCode, r.AcademicYear, r.Cohort, r.ReportVersion, "operational", "unresponsive-referred", "Unresponsive tutees referred",
                o.UnresponsiveReferred, o.UnresponsiveReferred, null, null),
            new ReportFigureRow(r.SchoolCode, r.AcademicYear, r.Cohort, r.ReportVersion, "operational", "referrals-made", "Referrals made", o.ReferralsMade, o.ReferralsMade, null, null),
            new ReportFigureRow(r.SchoolCode, r.AcademicYear, r.Cohort, r.ReportVersion, "operational", "referrals-closed", "Referrals closed", o.ReferralsClosed, o.ReferralsClosed, null, null),
        ];
    }

    private static async Task<(YearEndReportResponse Response, IReadOnlyList<KpiFigure> Live, KpiDates Dates)> LoadAsync(string schoolCode, string academicYear,
        string cohort, IQuerySession session, ReportContents contents, TimeProvider clock, CancellationToken ct)
    {
        RouteValues.School(schoolCode);
        var year = GovernanceAccess.Year(academicYear);
        var key = ReportCohorts.Parse(cohort);
        var view = await session.LoadAsync<YearEndReportView>(YearEndReport.StreamId(schoolCode, year.ToString(), key), ct)
            ?? throw new NotFoundException($"School {schoolCode} has no {key} year-end report for {year}.");
        return await YearEndReports.WithLiveAsync(view, contents, clock, ct);
    }

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(Route + "/print", async (string schoolCode, string academicYear, string cohort, IQuerySession session, ReportContents contents, KpiTrends trends,
                TimeProvider clock, CancellationToken ct) =>
            {
                var (response, live, dates) = await LoadAsync(schoolCode, academicYear, cohort, session, contents, clock, ct);
                var r = response.Report;
                // The report's year at its snapshot's date as known today is the live figures just computed: not computed twice.
                var history = await trends.SchoolAsync(r.SchoolCode, ReportCohorts.Level(r.Cohort), dates, ct, askedKpis: live);
                // The report's own year shows the frozen figure, not today's.
                var frozen = r.Content.Snapshot.Kpis.ToDictionary(k => k.Id);
                var charts = history.Kpis.Select(t => t with
                {
                    Years = [.. t.Years.SkipLast(1), new TrendPoint(r.AcademicYear, frozen[t.Id].Value, frozen[t.Id].Numerator, frozen[t.Id].Denominator)],
                }).ToList();
                return Results.Content(ReportHtml.Render(response, charts), "text/html; charset=utf-8");
            })
            .RequireAuthorization(DevelopmentPolicies.ReadFigures)
            .RequireSchool("read the school's year-end report", DevelopmentPolicies.Oversight)
            .WithName("GetYearEndReportPrintable")
            .WithSummary("The year-end report as one self-contained printable HTML page: KPIs, trend charts as inline SVG, monitoring, analysis, feedback actions, cycle.")
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet(Route + "/figures.csv", async (string schoolCode, string academicYear, string cohort, bool? bom, IQuerySession session, ReportContents contents,
                TimeProvider clock, CancellationToken ct) =>
            {
                var (response, _, _) = await LoadAsync(schoolCode, academicYear, cohort, session, contents, clock, ct);
                var r = response.Report;
                return CsvExport.Csv(Rows(response).ToList(), $"tutoring-report-{r.SchoolCode}-{r.AcademicYear}-{r.Cohort}-v{r.ReportVersion}.csv", bom ?? false);
            })
            .RequireAuthorization(DevelopmentPolicies.ReadFigures)
            .RequireSchool("read the school's year-end report", DevelopmentPolicies.Oversight)
            .WithName("GetYearEndReportFiguresCsv")
            .WithSummary("The year-end report's figures as CSV (KPIs with numerator, denominator and today's value, then the monitoring figures).")
            .Produces<string>(StatusCodes.Status200OK, CsvExport.MediaType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
