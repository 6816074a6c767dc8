using CsvHelper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Contact.Compliance;
using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.Contact.ReadModels.StudentRecords;
using PersonalTutoring.Contact.Shared;

namespace PersonalTutoring.Contact.Reports;

internal sealed record ContactPointRow(DateOnly Date, ContactKind Kind, ContactDirection Direction);

internal sealed record VisaHolderContacts(string StudentId, string GivenName, string FamilyName, IReadOnlyList<ContactPointRow> Contacts, int LongestGapDays, bool OverGap);

/// <summary>A record of the report's CSV: the columns and their order are part of the export's contract.</summary>
[CsvRecord]
internal sealed partial record StudentRouteContactRow(
    [property: CsvColumn("studentId")] string StudentId,
    [property: CsvColumn("familyName")] string FamilyName,
    [property: CsvColumn("givenName")] string GivenName,
    [property: CsvColumn("contactDate")] DateOnly? ContactDate,
    [property: CsvColumn("kind")] ContactKind? Kind,
    [property: CsvColumn("direction")] ContactDirection? Direction,
    [property: CsvColumn("longestGapDays")] int LongestGapDays,
    [property: CsvColumn("overGap")] bool OverGap);

internal sealed record StudentRouteReport(string SchoolCode, DateOnly From, DateOnly To, int MaxGapDays, IReadOnlyList<VisaHolderContacts> Students, IReadOnlyList<string> OverGap);

/// <summary>
/// GET /api/reports/student-route-contacts: for each student-route visa holder, every contact point with date and kind,
/// the longest gap between contacts (counting from <c>from</c> and to <c>to</c>, so no contact at all is one long gap),
/// and who is over the configurable gap (CO-8). JSON, or CSV with <c>Accept: text/csv</c>
/// (<see cref="CsvExport"/>).
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

    /// <summary>One CSV record per contact point; a student with none still has one record, with empty contact columns.</summary>
    internal static IEnumerable<StudentRouteContactRow> CsvRows(StudentRouteReport report) =>
        from s in report.Students
        from p in s.Contacts.Count == 0 ? [null] : s.Contacts.Cast<ContactPointRow?>()
        select new StudentRouteContactRow(s.StudentId, s.FamilyName, s.GivenName, p?.Date, p?.Kind, p?.Direction, s.LongestGapDays, s.OverGap);

    internal static string FileName(StudentRouteReport report) =>
        FormattableString.Invariant($"student-route-contacts-{report.SchoolCode}-{report.From:yyyy-MM-dd}-to-{report.To:yyyy-MM-dd}.csv");

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/student-route-contacts", async (string? schoolCode, DateOnly? from, DateOnly? to, int? maxGapDays, bool? bom, HttpContext http,
                StudentContext context, ComplianceReader reader, IConfiguration configuration, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(schoolCode) || from is null || to is null || to < from)
                    throw new RequestValidationException(new Dictionary<string, string[]> { ["query"] = ["schoolCode, from and to (from <= to) are required."] });
                ResourceAccess.DemandSchool(http.CurrentUser(), schoolCode, "report on student-route contacts", Roles.Admin, Roles.Dean, Roles.Auditor);
                var maxGap = maxGapDays ?? configuration.GetValue("Contact:StudentRouteMaxGapDays", 31);
                var holders = (await context.Allocation.StudentsInSchoolAsync(schoolCode, ct)).Where(s => s.StudentRouteVisa).OrderBy(s => s.StudentId, StringComparer.Ordinal).ToList();
                var records = await reader.RecordsAsync(holders.Select(h => h.StudentId), ct);
                var calendar = await context.Calendar.ForDateAsync(schoolCode, from.Value, ct); // only for the school's time zone
                var rows = holders.Select(h => Row(h, records.GetValueOrDefault(h.StudentId), calendar, from.Value, to.Value, maxGap)).ToList();
                var report = new StudentRouteReport(schoolCode, from.Value, to.Value, maxGap, rows, rows.Where(r => r.OverGap).Select(r => r.StudentId).ToList());
                return http.Request.AcceptsCsv() ? CsvExport.Csv(CsvRows(report), FileName(report), bom ?? false) : Results.Ok(report);
            })
            .RequireAuthorization(ContactPolicies.Reports)
            .WithName("GetStudentRouteContacts")
            .WithSummary("Contact points of student-route visa holders with the longest gap between contacts, as JSON or CSV.")
            .Produces<StudentRouteReport>()
            .Produces<string>(StatusCodes.Status200OK, CsvExport.MediaType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
