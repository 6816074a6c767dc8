using System.Globalization;
using System.Net;
using System.Text;
using PersonalTutoring.Governance.Reporting.Kpis;

namespace PersonalTutoring.Governance.Reporting.YearEnd;

/// <summary>
/// The report as one self-contained, printable HTML page (issue 14 item 5): inline CSS with print rules, inline SVG
/// trend charts, no scripts, no external resources, so a browser prints it to PDF as it shows it. Every text from the
/// store is HTML-encoded. Pure: the same report and trends give the same page.
/// </summary>
internal static class ReportHtml
{
    private const string Style = """
        body{font-family:Georgia,'Times New Roman',serif;margin:2rem auto;max-width:60rem;color:#111;line-height:1.4}
        h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;border-bottom:1px solid #999;margin-top:1.6rem}
        table{border-collapse:collapse;width:100%;margin:.6rem 0}th,td{border:1px solid #bbb;padding:.3rem .45rem;text-align:left;vertical-align:top;font-size:.9rem}
        th{background:#eee}td.n{text-align:right;font-variant-numeric:tabular-nums}.meta{color:#444}.warn{background:#fff3cd;padding:.5rem;border:1px solid #e0c36c}
        .charts{display:flex;flex-wrap:wrap;gap:.8rem}.chart{width:17rem;break-inside:avoid}.chart p{margin:.1rem 0;font-size:.8rem}
        @media print{body{margin:0;max-width:none}h2{break-after:avoid}table,tr,.chart{break-inside:avoid}@page{margin:1.5cm}}
        """;

    public static string Render(YearEndReportResponse response, IReadOnlyList<KpiTrend> trends)
    {
        var r = response.Report;
        var c = r.Content;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>")
            .Append(E($"Personal tutoring report {r.SchoolCode} {r.AcademicYear} ({r.Cohort})")).Append("</title><style>").Append(Style).Append("</style></head><body>");
        html.Append("<h1>").Append(E($"Personal Tutoring report — {r.SchoolCode}, {r.AcademicYear}")).Append("</h1>")
            .Append("<p class=\"meta\">").Append(E($"Tutoring system: {r.Cohort}. Version {r.ReportVersion}, stage {r.Stage}. Figures on {c.Snapshot.KpiDate:yyyy-MM-dd} as known on {c.Snapshot.KnownOn:yyyy-MM-dd}."))
            .Append("</p>");
        if (response.LiveDifferences.Count > 0)
            html.Append("<p class=\"warn\">").Append(E($"{response.LiveDifferences.Count} figure(s) differ in the live figures as known on {response.LiveAnsweredOn:yyyy-MM-dd}: "
                + string.Join("; ", response.LiveDifferences.Select(d => $"{d.Title}: {Num(d.Snapshot)} in this report, {Num(d.Live)} now")) + ".")).Append("</p>");

        html.Append("<h2>Key Performance Indicators</h2><table><thead><tr><th>Indicator</th><th>Value</th><th>Numerator</th><th>Denominator</th><th>Definition</th></tr></thead><tbody>");
        foreach (var k in c.Snapshot.Kpis)
            html.Append("<tr><td>").Append(E(k.Title)).Append("</td><td class=\"n\">").Append(E(Num(k.Value))).Append("</td><td class=\"n\">").Append(E(Num(k.Numerator)))
                .Append("</td><td class=\"n\">").Append(E(Num(k.Denominator))).Append("</td><td>").Append(E(k.Definition)).Append("</td></tr>");
        html.Append("</tbody></table>");

        html.Append("<h2>Trends</h2><div class=\"charts\">");
        foreach (var t in trends) html.Append(Chart(t));
        html.Append("</div>");

        var o = c.Snapshot.Operational;
        html.Append("<h2>Monitoring</h2><table><thead><tr><th>Term</th><th>Tutees held to contact rules</th><th>Compliant</th><th>%</th></tr></thead><tbody>");
        foreach (var t in o.ContactCompliance)
            html.Append("<tr><td>").Append(E(t.Term)).Append("</td><td class=\"n\">").Append(t.Tutees).Append("</td><td class=\"n\">").Append(t.Compliant)
                .Append("</td><td class=\"n\">").Append(E(Num(t.PercentCompliant))).Append("</td></tr>");
        html.Append("</tbody></table><table><thead><tr><th>Term</th><th>Meetings arranged</th><th>Invitations</th><th>Attended</th><th>Clinic slots</th><th>Clinic bookings</th></tr></thead><tbody>");
        foreach (var m in o.Meetings)
            html.Append("<tr><td>").Append(E(m.Term)).Append("</td><td class=\"n\">").Append(m.MeetingsArranged).Append("</td><td class=\"n\">").Append(m.Invitations)
                .Append("</td><td class=\"n\">").Append(m.InvitationsAttended).Append("</td><td class=\"n\">").Append(m.ClinicSlots).Append("</td><td class=\"n\">")
                .Append(m.ClinicBookings).Append("</td></tr>");
        html.Append("</tbody></table><p>").Append(E($"Replies within the response time: {Num(o.RepliesWithinDue.Value)}% ({o.RepliesWithinDue.Numerator} of {o.RepliesWithinDue.Denominator}). "
            + $"Unresponsive tutees referred to the Support Team: {o.UnresponsiveReferred}. Referrals made: {o.ReferralsMade}; closed: {o.ReferralsClosed}.")).Append("</p>");

        html.Append("<h2>Analysis</h2><h3>Successes</h3>").Append(Paragraphs(c.Successes)).Append("<h3>Challenges</h3>").Append(Paragraphs(c.Challenges))
            .Append("<h3>Trends</h3>").Append(Paragraphs(c.Trends));
        html.Append("<h2>Actions taken on feedback</h2>");
        if (c.FeedbackActions.Count == 0) html.Append("<p>No feedback actions were recorded for the year.</p>");
        else
        {
            html.Append("<table><thead><tr><th>From</th><th>Theme</th><th>Action</th><th>Status</th></tr></thead><tbody>");
            foreach (var a in c.FeedbackActions)
                html.Append("<tr><td>").Append(E(a.Source)).Append("</td><td>").Append(E(a.Theme)).Append("</td><td>").Append(E(a.Action)).Append("</td><td>").Append(E(a.Status)).Append("</td></tr>");
            html.Append("</tbody></table>");
        }
        html.Append("<h2>Workload and extra responsibilities</h2><p>").Append(E($"Workload: {c.WorkloadHoursPerTutee.ToString(CultureInfo.InvariantCulture)} hours per tutee per year.")).Append("</p>");
        html.Append(c.ExtraResponsibilities.Count == 0 ? "<p>No extra responsibilities.</p>" : "<ul>" + string.Concat(c.ExtraResponsibilities.Select(x => $"<li>{E(x)}</li>")) + "</ul>");

        html.Append("<h2>Reporting cycle</h2><table><thead><tr><th>Step</th><th>Date</th><th>Minutes</th><th>Recorded by</th></tr></thead><tbody>");
        foreach (var s in r.Steps)
            html.Append("<tr><td>").Append(E(s.Step.ToString())).Append("</td><td>").Append(s.On.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(E(s.MinuteReference ?? "")).Append("</td><td>").Append(E(s.RecordedBy)).Append("</td></tr>");
        html.Append("</tbody></table></body></html>");
        return html.ToString();
    }

    /// <summary>A bar per year, scaled to the largest value shown; the asked year's bar is dark.</summary>
    internal static string Chart(KpiTrend trend)
    {
        const int width = 260, height = 90, top = 14;
        var max = trend.Years.Select(y => y.Value ?? 0).DefaultIfEmpty(0).Max();
        var step = width / Math.Max(trend.Years.Count, 1);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height + 16}\" role=\"img\" aria-label=\"{E(trend.Title)}\">");
        for (var i = 0; i < trend.Years.Count; i++)
        {
            var point = trend.Years[i];
            var barHeight = max == 0 || point.Value is null ? 0 : (int)Math.Round((height - top) * point.Value.Value / max);
            var x = i * step + 4;
            var fill = i == trend.Years.Count - 1 ? "#1f3b70" : "#8fa6cc";
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{height - barHeight}\" width=\"{step - 8}\" height=\"{barHeight}\" fill=\"{fill}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{height - barHeight - 2}\" font-size=\"10\">{E(Num(point.Value))}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{height + 12}\" font-size=\"9\">{E(point.AcademicYear)}</text>");
        }
        svg.Append("</svg>");
        var change = trend.Change is { } d ? $"Change on the previous year: {(d > 0 ? "+" : "")}{Num(d)} ({trend.Direction})." : "No previous year to compare.";
        return $"<div class=\"chart\"><p><strong>{E(trend.Title)}</strong></p>{svg}<p>{E(change)}</p></div>";
    }

    private static string Paragraphs(string text) =>
        string.Concat(text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"<p>{E(p)}</p>"));

    private static string Num(decimal? value) => value?.ToString("0.#", CultureInfo.InvariantCulture) ?? "–";

    private static string Num(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "–";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
