using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Marten;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.Contact.ReadModels.StudentRecords;

namespace PersonalTutoring.Contact.Compliance;

internal sealed record OverdueReply(string StudentId, string TutorId, Guid ContactId, DateTimeOffset ReceivedAt, DateTimeOffset DueAt);

/// <summary>GET /api/schools/{schoolCode}/overdue-replies: tutee contacts not answered within the school's response working days (CO-11).</summary>
internal static class OverdueReplies
{
    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/schools/{schoolCode}/overdue-replies", async (string schoolCode, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
            {
                var now = clock.GetUtcNow();
                var records = await session.Query<StudentRecord>().Where(r => r.SchoolCode == schoolCode).OrderBy(r => r.StudentId).ToListAsync(ct);
                var overdue = records.SelectMany(r => r.Contacts.Where(c => c.ReplyDueAt < now && c.RepliedAt is null)
                        .Select(c => new OverdueReply(r.StudentId, c.StaffId, c.ContactId, c.OccurredAt, c.ReplyDueAt!.Value)))
                    .OrderBy(o => o.DueAt).ToList();
                return Results.Ok(overdue);
            })
            .RequireAuthorization(ContactPolicies.Compliance)
            .RequireSchool("see overdue replies")
            .WithName("GetSchoolOverdueReplies")
            .WithSummary("Tutee contacts in a school still unanswered past their reply due time, oldest first.")
            .Produces<IReadOnlyList<OverdueReply>>()
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
