using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Marten;
using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.Contact.ReadModels.StudentRecords;

namespace PersonalTutoring.Contact.ReadModels.SupportTeam;

internal sealed record SupportTeamItem(string StudentId, string SchoolCode, IReadOnlyList<SupportFlagEntry> OpenFlags, IReadOnlyList<ConcernEntry> Concerns,
    IReadOnlyList<ReferralEntry> Referrals);

/// <summary>
/// GET /api/support-team/worklist: what is routed to the Support Team — open CO-5 flags, open concerns (CO-9) and open
/// referrals to it (CO-7, CO-10). Notes are not here: they are shared only through the student's record.
/// </summary>
internal static class SupportTeamWorklist
{
    internal static SupportTeamItem Item(StudentRecord r) => new(r.StudentId, r.SchoolCode,
        r.SupportFlags.Where(f => f.Open).ToList(),
        r.Concerns.Where(c => c.RoutedTo == ConcernRoute.SupportTeam && c.Status != Progress.Closed).ToList(),
        r.Referrals.Where(f => f.Service == ReferralService.SupportTeam && f.Status != Progress.Closed).ToList());

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/support-team/worklist", async (IQuerySession session, CancellationToken ct) =>
            {
                var records = await session.Query<StudentRecord>()
                    .Where(r => r.OpenSupportFlags > 0
                        || r.Concerns.Any(c => c.RoutedTo == ConcernRoute.SupportTeam && c.Status != Progress.Closed)
                        || r.Referrals.Any(f => f.Service == ReferralService.SupportTeam && f.Status != Progress.Closed))
                    .OrderBy(r => r.StudentId)
                    .ToListAsync(ct);
                return Results.Ok(records.Select(Item).ToList());
            })
            .RequireAuthorization(ContactPolicies.SupportTeam)
            .WithName("GetSupportTeamWorklist")
            .WithSummary("Open unanswered-contact flags, concerns and referrals routed to the Support Team.")
            .Produces<IReadOnlyList<SupportTeamItem>>();
}
