using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;

namespace PersonalTutoring.Contact.Compliance;

internal sealed record RuleFigure(int Met, int Missed, int Pending, decimal? PercentMet, IReadOnlyList<string>? StudentsMissing);

internal sealed record ComplianceFigures(
    int Tutees, int Excluded, int Compliant, decimal? PercentCompliant, RuleFigure MonthlyContact, RuleFigure CheckIn, RuleFigure WelcomeContact,
    RuleFigure AwayContact, RuleFigure InitialMeeting, int ContactAttempted, int Responded, decimal? PercentResponded, int UnansweredAttempts);

internal sealed record TutorCompliance(string TutorId, ComplianceFigures Figures);

internal sealed record SchoolComplianceView(string SchoolCode, string Term, DateOnly AsOf, ComplianceFigures School, IReadOnlyList<TutorCompliance> Tutors);

/// <summary>
/// GET /api/schools/{schoolCode}/contact-compliance?term=: per tutor and for the school, % of tutees compliant on each
/// rule and, for the school's Senior Tutors, the Dean and admins, the tutees behind each gap. Governance and auditors
/// see figures only (CO-2, CO-3, CO-4, CO-13, AL-2).
/// </summary>
internal static class SchoolCompliance
{
    internal static ComplianceFigures Figures(IReadOnlyCollection<TuteeCompliance> rows, bool withStudents)
    {
        var tutees = rows.Where(r => r.Excluded is null).ToList();
        RuleFigure Rule(Func<TuteeCompliance, Check> check)
        {
            int Count(Check c) => tutees.Count(t => check(t) == c);
            var (met, missed) = (Count(Check.Met), Count(Check.Missed));
            return new RuleFigure(met, missed, Count(Check.Pending), Percent(met, met + missed),
                withStudents ? tutees.Where(t => check(t) == Check.Missed).Select(t => t.StudentId).ToList() : null);
        }
        var compliant = tutees.Count(t => t.Compliant == true);
        var attempted = tutees.Count(t => t.ContactAttempted);
        var responded = tutees.Count(t => t.Responded);
        return new ComplianceFigures(tutees.Count, rows.Count(r => r.Excluded is "visiting-study-abroad" or "no-contact-requirement"), compliant,
            Percent(compliant, tutees.Count), Rule(t => t.MonthlyContact), Rule(t => t.CheckIn), Rule(t => t.WelcomeContact), Rule(t => t.AwayContact), Rule(t => t.InitialMeeting),
            attempted, responded, Percent(responded, tutees.Count), tutees.Sum(t => t.UnansweredAttempts));
    }

    private static decimal? Percent(int part, int whole) => whole == 0 ? null : Math.Round(100m * part / whole, 1);

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/schools/{schoolCode}/contact-compliance", async (string schoolCode, string? term, HttpContext http, ComplianceReader reader, CancellationToken ct) =>
            {
                var user = http.CurrentUser();
                var withStudents = user.IsIn(Roles.Admin, Roles.Dean) || ResourceAccess.InSchool(user, schoolCode);
                var schoolTerm = await reader.TermAsync(schoolCode, term, ct);
                var rows = await reader.SchoolAsync(schoolCode, schoolTerm, ct);
                // A tutor's figures are the school's computation over their rows, excluded tutees included (issue 10 item 16).
                var tutors = rows.Where(r => r.TutorId is not null).GroupBy(r => r.TutorId!).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new TutorCompliance(g.Key, Figures(g.ToList(), withStudents))).ToList();
                return Results.Ok(new SchoolComplianceView(schoolCode, schoolTerm.Key, reader.Today(schoolTerm.Calendar), Figures(rows, withStudents), tutors));
            })
            .RequireAuthorization(ContactPolicies.Compliance)
            .RequireSchool("see contact compliance", Roles.Admin, Roles.Dean, Roles.Governance, Roles.Auditor)
            .WithName("GetSchoolContactCompliance")
            .WithSummary("Per tutor and for the school: % of tutees meeting each contact rule in a term, and who is behind each gap.")
            .Produces<SchoolComplianceView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
