using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Web.Api;

namespace PersonalTutoring.Web;

/// <summary>
/// The files a page links to (docs/adr/0080): the printable year-end report, its figures as CSV, the report and the KPIs as
/// JSON, the student-route contacts as CSV. Each is the API's own answer to the signed-in user's in-process GET, passed on
/// byte for byte with its status, content type and file name; only these API reads, never an arbitrary path, and GET only.
/// </summary>
internal static class Downloads
{
    private const string Csv = "text/csv";
    private const string JsonType = "application/json";

    public static void Map(IEndpointRouteBuilder app)
    {
        var report = "/downloads/schools/{schoolCode}/year-end-reports/{academicYear}/{cohort}";
        static string Report(string s, string y, string c) =>
            $"/api/schools/{Uri.EscapeDataString(s)}/year-end-reports/{Uri.EscapeDataString(y)}/{Uri.EscapeDataString(c)}";
        Map(app, report + "/print", WebPolicies.Figures, (r, q) => (Report(S(r, "schoolCode"), S(r, "academicYear"), S(r, "cohort")) + "/print", "text/html", null));
        Map(app, report + "/figures.csv", WebPolicies.Figures, (r, q) => (Report(S(r, "schoolCode"), S(r, "academicYear"), S(r, "cohort")) + "/figures.csv" + Bom(q), Csv, null));
        Map(app, report + "/report.json", WebPolicies.Figures, (r, q) => (Report(S(r, "schoolCode"), S(r, "academicYear"), S(r, "cohort")), JsonType,
            $"tutoring-report-{S(r, "schoolCode")}-{S(r, "academicYear")}-{S(r, "cohort")}.json"));
        Map(app, "/downloads/schools/{schoolCode}/kpis.json", WebPolicies.Figures, (r, q) =>
            ($"/api/schools/{Uri.EscapeDataString(S(r, "schoolCode"))}/kpis" + Pass(q, "asOf"), JsonType, $"kpis-{S(r, "schoolCode")}.json"));
        Map(app, "/downloads/university/kpis.json", WebPolicies.University, (r, q) => ("/api/university/kpis" + Pass(q, "asOf"), JsonType, "kpis-university.json"));
        Map(app, "/downloads/reports/student-route-contacts.csv", WebPolicies.StudentRouteReport, (r, q) =>
            ("/api/reports/student-route-contacts" + Pass(q, "schoolCode", "from", "to", "bom"), Csv, null));
    }

    private delegate (string Api, string Accept, string? FileName) Target(RouteValueDictionary route, IQueryCollection query);

    private static void Map(IEndpointRouteBuilder app, string pattern, string policy, Target target) =>
        app.MapGet(pattern, async (HttpContext http, InProcessApi api) =>
            {
                var (path, accept, fileName) = target(http.Request.RouteValues, http.Request.Query);
                var answer = await api.DownloadAsync(http.User, path, accept, http.RequestAborted);
                http.Response.StatusCode = (int)answer.Status;
                http.Response.ContentType = answer.ContentType;
                if (answer.ContentDisposition is not null) http.Response.Headers.ContentDisposition = answer.ContentDisposition;
                else if (answer.Ok && fileName is not null) http.Response.Headers.ContentDisposition = $"attachment; filename=\"{Safe(fileName)}\"";
                http.Response.Headers.XContentTypeOptions = "nosniff";
                await http.Response.Body.WriteAsync(answer.Body, http.RequestAborted);
            })
            .RequireAuthorization(policy)
            .WithMetadata(OwnStatusPages.Instance)
            .ExcludeFromDescription();

    private static string S(RouteValueDictionary route, string key) => route[key]?.ToString() ?? "";

    private static string Bom(IQueryCollection query) => Pass(query, "bom");

    /// <summary>The named query values, escaped, as the API's query string.</summary>
    private static string Pass(IQueryCollection query, params string[] names)
    {
        var parts = names.Where(n => !string.IsNullOrEmpty(query[n])).Select(n => $"{n}={Uri.EscapeDataString(query[n].ToString())}").ToList();
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private static string Safe(string fileName) => new([.. fileName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_')]);
}
