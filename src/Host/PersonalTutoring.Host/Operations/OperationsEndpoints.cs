using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.BuildingBlocks.Messaging;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.Host.Operations;

internal sealed record ReplayRequest(IReadOnlyList<Guid>? Ids);

/// <summary>Administration of projections (state, rebuilds, dead-lettered events) and of messages Wolverine gave up on.</summary>
internal static class OperationsEndpoints
{
    public static void MapOperationsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("Operations").RequireAuthorization(Policies.Admin);

        group.MapGet("/projections", async (ProjectionAdmin projections, CancellationToken ct) => Results.Ok(await projections.StatusAsync(ct)))
            .WithName("GetProjections")
            .WithSummary("Every projection with its lifecycle, its state on this host, its checkpoint and the high-water mark.")
            .Produces<IReadOnlyList<ProjectionStatus>>();

        group.MapPost("/projections/{name}/rebuild", async (string name, ProjectionAdmin projections, CancellationToken ct) =>
                Results.Ok(await projections.RebuildAsync(name, ct)))
            .WithName("RebuildProjection")
            .WithSummary("Replays a projection from the first event; it is running again when the call returns.")
            .Produces<RebuildResult>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/dead-letters", async (string? projection, int? limit, ProjectionAdmin projections, CancellationToken ct) =>
                Results.Ok(await projections.DeadLettersAsync(projection, Limit(limit), ct)))
            .WithName("GetDeadLetters")
            .WithSummary("Events a projection could not apply and moved past, newest first.")
            .Produces<IReadOnlyList<DeadLetter>>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/message-dead-letters", async (string? messageType, int? limit, MessageDeadLetters letters, CancellationToken ct) =>
                Results.Ok(await letters.ListAsync(messageType, Limit(limit), ct)))
            .WithName("GetMessageDeadLetters")
            .WithSummary("Messages (notifications, integration events) that failed after every retry, newest first.")
            .Produces<IReadOnlyList<MessageDeadLetter>>();

        group.MapPost("/message-dead-letters/replay", async (ReplayRequest request, MessageDeadLetters letters, CancellationToken ct) =>
            {
                if (request.Ids is not { Count: > 0 and <= 1000 } ids)
                    throw RequestValidationException.For("ids", "Name between 1 and 1000 dead-letter ids.");
                await letters.ReplayAsync(ids, ct);
                return Results.Accepted();
            })
            .WithName("ReplayMessageDeadLetters")
            .WithSummary("Puts dead-lettered messages back on their queue to be handled again.")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesValidationProblem();

        group.MapPost("/message-dead-letters/discard", async (ReplayRequest request, MessageDeadLetters letters, CancellationToken ct) =>
            {
                if (request.Ids is not { Count: > 0 and <= 1000 } ids)
                    throw RequestValidationException.For("ids", "Name between 1 and 1000 dead-letter ids.");
                await letters.DiscardAsync(ids, ct);
                return Results.NoContent();
            })
            .WithName("DiscardMessageDeadLetters")
            .WithSummary("Deletes dead-lettered messages for good, once an Admin has dealt with them.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem();
    }

    private static int Limit(int? limit) =>
        limit is null ? 200 : limit is >= 1 and <= 1000 ? limit.Value : throw RequestValidationException.For("limit", "limit is between 1 and 1000.");
}
