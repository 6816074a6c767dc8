using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Contact.Compliance;
using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.Contact.ReadModels.StudentRecords;
using PersonalTutoring.Contact.Shared;

namespace PersonalTutoring.Contact.Reports;

internal sealed record ContactPointRow(DateOnly Date, ContactKind Kind, ContactDirection Direction);

internal sealed record VisaHolderContacts(string StudentId, string GivenName, string FamilyName, IReadOnlyList<ContactPointRow> Contacts, int LongestGapDays, bool OverGap);

internal sealed record StudentRouteReport(string SchoolCode, DateOnly From, DateOnly To, int MaxGapDays, IReadOnlyList<VisaHolderContacts> Students, IReadOnlyList<string> OverGap);

/// <summary>
/// GET /api/reports/student-route-contacts: for each student-route visa holder, every contact point with date and kind,
/// the longest gap between contacts (counting from <c>from</c> and to <c>to</c>, so no contact at all is one long gap),
/// and who is over the configurable gap (CO-8). JSON, or CSV with <c>Accept: text/csv</c>.
/// </summary>
internal static class StudentRouteContacts
{
    internal static int LongestGap(DateOnly from, DateOnly to, IEnumerable<DateOnly> dates)
    {
        var points = dates.Where(d => d >= from && d <= to).Order().Prepend(from).Append(to).ToList();
        return points.Zip(points.Skip(1), (a, b) => b.DayNumber - a.DayNumber).Max();
    }

    internal static VisaHolderContacts Row(Allocation.Contracts.StudentProfile s, StudentRecord? record, Governance.Contracts.SchoolCalendar? calendar, DateOnly from, DateOnly to, int maxGap)
    {
        var points = (record?.Contacts ?? []).Select(c => new ContactPointRow(StudentContext.LocalDate(calendar, c.OccurredAt), c.Kind, c.Direction))
            .Where(p => p.Date >= from && p.Date <= to).OrderBy(p => p.Date).ToList();
        var gap = LongestGap(from, to, points.Select(p => p.Date));
        return new VisaHolderContacts(s.StudentId, s.GivenName, s.FamilyName, points, gap, gap > maxGap);
    }

    internal static string Csv(StudentRouteReport report)
    {
        var csv = new StringBuilder("studentId,familyName,givenName,contactDate,kind,direction,longestGapDays,overGap\n");
        static string Field(string v)
        {
            if (v.Length > 0 && "=+-@".Contains(v[0])) v = "'" + v; // no spreadsheet formulas from data
            return v.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + v.Replace("\"", "\"\"") + "\"" : v;
        }
        foreach (var s in report.Students)
            foreach (var p in s.Contacts.Count == 0 ? [null] : s.Contacts.Cast<ContactPointRow?>())
                csv.Append(string.Join(',', Field(s.StudentId), Field(s.FamilyName), Field(s.GivenName), p?.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                    p?.Kind.ToString() ?? "", p?.Direction.ToString() ?? "", s.LongestGapDays.ToString(CultureInfo.InvariantCulture), s.OverGap ? "true" : "false")).Append('\n');
        return csv.ToString();
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/student-route-contacts", async (string? schoolCode, DateOnly? from, DateOnly? to, int? maxGapDays, HttpContext http,
                StudentContext context, ComplianceReader reader, IOptions<ContactSettings> settings, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(schoolCode) || from is null || to is null || to < from)
                    throw new RequestValidationException(new Dictionary<string, string[]> { ["query"] = ["schoolCode, from and to (from <= to) are required."] });
                ResourceAccess.DemandSchool(http.CurrentUser(), schoolCode, "report on student-route contacts", Roles.Admin, Roles.Dean, Roles.Auditor);
                var maxGap = maxGapDays ?? settings.Value.StudentRouteMaxGapDays;
                var holders = (await context.Allocation.StudentsInSchoolAsync(schoolCode, ct)).Where(s => s.StudentRouteVisa).OrderBy(s => s.StudentId, StringComparer.Ordinal).ToList();
                var records = await reader.RecordsAsync(holders.Select(h => h.StudentId), ct);
                var calendar = await context.Calendar.ForDateAsync(schoolCode, from.Value, ct); // only for the school's time zone
                var rows = holders.Select(h => Row(h, records.GetValueOrDefault(h.StudentId), calendar, from.Value, to.Value, maxGap)).ToList();
                var report = new StudentRouteReport(schoolCode, from.Value, to.Value, maxGap, rows, rows.Where(r => r.OverGap).Select(r => r.StudentId).ToList());
                return http.Request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase)
                    ? Results.Text(Csv(report), "text/csv", Encoding.UTF8)
                    : Results.Ok(report);
            })
            .RequireAuthorization(ContactPolicies.Reports)
            .WithName("GetStudentRouteContacts")
            .WithSummary("Contact points of student-route visa holders with the longest gap between contacts, as JSON or CSV.")
            .Produces<StudentRouteReport>()
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
