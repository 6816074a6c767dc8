using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.Contact.Shared;

namespace PersonalTutoring.Contact.Compliance;

internal sealed record EngagementView(
    string StudentId, string AcademicYear, int Contacts, int TutorInitiated, int TuteeInitiated, int Meetings, int Responded, int UnansweredAttempts,
    DateTimeOffset? LastContactAt, DateTimeOffset? LastTuteeInitiatedAt, int OpenSupportFlags, IReadOnlyList<TuteeCompliance> Terms);

/// <summary>
/// GET /api/students/{studentId}/engagement: the summary an Engagement Panel asks for (CO-15): counts and compliance per
/// term of the current academic year. No note text and nothing about referrals or concerns.
/// </summary>
internal static class Engagement
{
    private const StudentRelation Readers = StudentRelation.CurrentTutor | StudentRelation.AlternativeContact | StudentRelation.SeniorTutorOfSchool | StudentRelation.UniversityWide;

    /// <summary>The academic year (1 August to 31 July unless the calendar's welcome period or terms reach further).</summary>
    internal static (DateTimeOffset, DateTimeOffset) YearWindow(Governance.Contracts.SchoolCalendar calendar)
    {
        var year = Governance.Contracts.AcademicYear.TryParse(calendar.AcademicYear, out var parsed) ? parsed : Governance.Contracts.AcademicYear.Containing(calendar.WelcomeStart);
        var first = new[] { year.DefaultStart, calendar.WelcomeStart }.Concat(calendar.Terms.Select(t => t.Start)).Min();
        var last = new[] { year.DefaultEnd }.Concat(calendar.Terms.Select(t => t.End)).Max();
        return (StudentContext.StartOf(calendar, first), StudentContext.StartOf(calendar, last.AddDays(1)));
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/students/{studentId}/engagement", async (string studentId, HttpContext http, StudentContext context, ComplianceReader reader, CancellationToken ct) =>
            {
                var access = http.StudentAccess();
                if (!access.User.IsIn(Roles.SupportTeam)) access.Demand(Readers, "see engagement");
                var student = await context.ProfileAsync(studentId, ct);
                var today = reader.Today(null);
                var calendar = await context.Calendar.ForDateAsync(student.SchoolCode, today, ct)
                    ?? throw new BusinessRuleException("no-calendar", $"School {student.SchoolCode} has no calendar for {today}.");
                var record = (await reader.RecordsAsync([studentId], ct)).GetValueOrDefault(studentId);
                var facts = await reader.FactsAsync(student, record, ct);
                var localToday = StudentContext.LocalDate(calendar, context.Clock.GetUtcNow());
                var terms = new List<TuteeCompliance>();
                foreach (var term in calendar.Terms.Where(t => t.Start <= localToday).OrderBy(t => t.Start))
                    terms.Add(await reader.EvaluateAsync(facts, new SchoolTerm(calendar, term), localToday, ct));

                var year = YearWindow(calendar);
                var contacts = facts.Contacts.Where(c => c.OccurredAt >= year.Item1 && c.OccurredAt < year.Item2).ToList();
                return Results.Ok(new EngagementView(studentId, calendar.AcademicYear, contacts.Count,
                    contacts.Count(c => c.Direction == ContactDirection.TutorInitiated), contacts.Count(c => c.Direction == ContactDirection.TuteeInitiated),
                    contacts.Count(c => c.Kind is ContactKind.IndividualMeeting or ContactKind.GroupMeeting or ContactKind.VideoCall),
                    contacts.Count(c => c.TuteeResponded == true), contacts.Count(c => c is { Direction: ContactDirection.TutorInitiated, TuteeResponded: false }),
                    contacts.MaxBy(c => c.OccurredAt)?.OccurredAt, contacts.Where(c => c.Direction == ContactDirection.TuteeInitiated).MaxBy(c => c.OccurredAt)?.OccurredAt,
                    record?.OpenSupportFlags ?? 0, terms));
            })
            .RequireAuthorization(ContactPolicies.Engagement)
            .RequireStudent(StudentRelation.Any, "see engagement")
            .WithName("GetStudentEngagement")
            .WithSummary("A tutee's engagement with personal tutoring this academic year, for an Engagement Panel.")
            .Produces<EngagementView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
