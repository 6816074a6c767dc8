using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Allocation.Notifications;

/// <summary>GET /api/notifications: the notifications with their delivery status (AL-5), for Admins and Auditors.</summary>
internal static class NotificationsEndpoint
{
    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/notifications", async (DeliveryStatus? status, string? studentId, int? limit, IQuerySession session, CancellationToken ct) =>
            {
                if (limit is < 1 or > 1000) throw RequestValidationException.For("limit", "limit is between 1 and 1000.");
                var query = session.Query<Notification>().AsQueryable();
                if (status is { } s) query = query.Where(n => n.Status == s);
                if (studentId is not null) query = query.Where(n => n.StudentId == studentId);
                // Ids are Guid v7 in "N" form: descending id is newest first.
                return Results.Ok(await query.OrderByDescending(n => n.Id).Take(limit ?? 200).ToListAsync(ct));
            })
            .RequireAuthorization(AllocationPolicies.Notifications)
            .WithName("GetNotifications")
            .WithSummary("Notifications of allocation changes to tutees, tutors and Registry, newest first, with delivery status.")
            .Produces<IReadOnlyList<Notification>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
}
