using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Contact.ReadModels.StudentRecords;
using PersonalTutoring.Contact.Shared;

namespace PersonalTutoring.Contact.Compliance;

internal sealed record AwaitedReply(Guid ContactId, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, bool Overdue);

internal sealed record TuteeDue(
    string StudentId, string GivenName, string FamilyName, string? Term, bool NeedsContactThisMonth, bool CheckInDue, bool WelcomeContactDue, bool AwayContactDue,
    IReadOnlyList<AwaitedReply> RepliesAwaited, int OpenSupportFlags, IReadOnlyList<Guid> ReferralFollowUpsDue, IReadOnlyList<Guid> ObjectiveReviewsDue)
{
    public bool AnythingDue => NeedsContactThisMonth || CheckInDue || WelcomeContactDue || AwayContactDue || RepliesAwaited.Count > 0 || OpenSupportFlags > 0
        || ReferralFollowUpsDue.Count > 0 || ObjectiveReviewsDue.Count > 0;
}

internal sealed record ContactDueView(string StaffId, DateOnly Today, IReadOnlyList<TuteeDue> Tutees);

/// <summary>GET /api/tutors/{staffId}/contact-due: a tutor's worklist for today (CO-2, CO-3, CO-11, CO-5, CO-10, CO-12).</summary>
internal static class ContactDue
{
    internal static IReadOnlyList<AwaitedReply> Awaited(StudentRecord? record, DateTimeOffset now) =>
        record?.Contacts.Where(c => c.ReplyDueAt is not null && c.RepliedAt is null)
            .Select(c => new AwaitedReply(c.ContactId, c.OccurredAt, c.ReplyDueAt!.Value, c.ReplyDueAt < now)).ToList() ?? [];

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/tutors/{staffId}/contact-due", async (string staffId, HttpContext http, StudentContext context, ComplianceReader reader, CancellationToken ct) =>
            {
                var user = http.CurrentUser();
                var self = user.Id == staffId && user.IsIn(Roles.Tutor, Roles.SeniorTutor);
                var now = context.Clock.GetUtcNow();
                var today = reader.Today(null);
                // Each tutee's statuses and tutor periods come with them, in one query (not two per tutee).
                var histories = (await context.Allocation.TuteeHistoriesAsync(staffId, today, ct))
                    .Where(h => self || user.IsIn(Roles.Dean, Roles.Admin) || ResourceAccess.InSchool(user, h.Student.SchoolCode)) // a Senior Tutor sees their school's tutees
                    .OrderBy(h => h.Student.FamilyName).ThenBy(h => h.Student.StudentId, StringComparer.Ordinal).ToList();
                var records = await reader.RecordsAsync(histories.Select(h => h.Student.StudentId), ct);
                var items = new List<TuteeDue>();
                foreach (var history in histories)
                {
                    var tutee = history.Student;
                    var record = records.GetValueOrDefault(tutee.StudentId);
                    var calendar = await context.Calendar.ForDateAsync(tutee.SchoolCode, today, ct);
                    var localToday = StudentContext.LocalDate(calendar, now);
                    var term = calendar?.TermContaining(localToday);
                    TuteeCompliance? c = null;
                    if (calendar is not null && term is not null)
                        c = await reader.EvaluateAsync(ComplianceReader.FactsOf(history, record), new SchoolTerm(calendar, term), localToday, ct);
                    var thisMonth = c?.Months.FirstOrDefault(m => m.Month.Year == localToday.Year && m.Month.Month == localToday.Month);
                    items.Add(new TuteeDue(tutee.StudentId, tutee.GivenName, tutee.FamilyName, c?.TermKey,
                        thisMonth?.Status == Check.Pending, c?.CheckIn == Check.Pending, c?.WelcomeContact == Check.Pending, c?.AwayContact == Check.Pending,
                        Awaited(record, now), record?.OpenSupportFlags ?? 0,
                        record?.Referrals.Where(r => r.Status != ContactLogs.Progress.Closed && r.FollowUpOn <= localToday).Select(r => r.ReferralId).ToList() ?? [],
                        record?.Objectives.Where(o => o.Outcome is null && o.ReviewOn <= localToday).Select(o => o.ObjectiveId).ToList() ?? []));
                }
                return Results.Ok(new ContactDueView(staffId, today, items));
            })
            .RequireAuthorization(ContactPolicies.Worklists)
            .RequireResource(async (http, user) =>
            {
                // The tutor themself, the Dean and Admins; a Senior Tutor only for a tutor of their school (issue 10 item 6).
                var staffId = http.RouteValue("staffId");
                if ((user.Id == staffId && user.IsIn(Roles.Tutor, Roles.SeniorTutor)) || user.IsIn(Roles.Dean, Roles.Admin)) return;
                var school = await http.RequestServices.GetRequiredService<StudentContext>().Allocation.TutorSchoolAsync(staffId, http.RequestAborted)
                    ?? throw new NotFoundException($"Tutor {staffId} is not registered.");
                if (!ResourceAccess.InSchool(user, school)) throw new ForbiddenException($"You may not see the worklist of {staffId}.");
            })
            .WithName("GetTutorContactDue")
            .WithSummary("A tutor's worklist: who needs contact this month, check-ins due this semester, replies awaited or overdue, flags and follow-ups.")
            .Produces<ContactDueView>()
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
