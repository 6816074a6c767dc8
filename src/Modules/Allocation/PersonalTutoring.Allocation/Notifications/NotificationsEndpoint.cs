using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Allocation.Notifications;

/// <summary>GET /api/notifications: the outbox with delivery status (AL-5), for Admins and Auditors.</summary>
internal static class NotificationsEndpoint
{
    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/notifications", async (DeliveryStatus? status, string? studentId, int? limit, NpgsqlDataSource dataSource, CancellationToken ct) =>
            {
                if (limit is < 1 or > 1000) throw RequestValidationException.For("limit", "limit is between 1 and 1000.");
                return Results.Ok(await OutboxTable.ListAsync(dataSource, status, studentId, limit ?? 200, ct));
            })
            .RequireAuthorization(AllocationPolicies.Notifications)
            .WithName("GetNotifications")
            .WithSummary("Notifications of allocation changes to tutees, tutors and Registry, newest first, with delivery status.")
            .Produces<IReadOnlyList<OutboxMessage>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
}
