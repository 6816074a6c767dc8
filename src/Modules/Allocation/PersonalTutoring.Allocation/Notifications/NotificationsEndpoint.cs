using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Documents;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Allocation.Notifications;

/// <summary>GET /api/notifications: the outbox with delivery status (AL-5), for Admins and Auditors.</summary>
internal static class NotificationsEndpoint
{
    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/notifications", async (DeliveryStatus? status, string? studentId, int? limit, DocumentReader documents, CancellationToken ct) =>
            {
                if (limit is < 1 or > 1000) throw RequestValidationException.For("limit", "limit is between 1 and 1000.");
                var found = await documents.QueryAsync<OutboxMessage>(
                    "(@status::text IS NULL OR data->>'status' = @status) AND (@student::text IS NULL OR data->>'studentId' = @student)",
                    new Dictionary<string, object?> { ["status"] = status?.ToString(), ["student"] = studentId }, $"id DESC LIMIT {limit ?? 200}", ct);
                return Results.Ok(found);
            })
            .RequireAuthorization(AllocationPolicies.Notifications)
            .WithName("GetNotifications")
            .WithSummary("Notifications of allocation changes to tutees, tutors and Registry, newest first, with delivery status.")
            .Produces<IReadOnlyList<OutboxMessage>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
}
