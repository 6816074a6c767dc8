using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.Host.Operations;

/// <summary>Administration of the projection daemon: its state, dead letters and rebuilds.</summary>
internal static class OperationsEndpoints
{
    public static void MapOperationsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("Operations").RequireAuthorization(Policies.Admin);

        group.MapGet("/projections", async (ProjectionDaemon daemon, CancellationToken ct) => Results.Ok(await daemon.StatusAsync(ct)))
            .WithName("GetProjections")
            .WithSummary("Every projection with its lifecycle, state on this host, checkpoint and the high-water mark.")
            .Produces<IReadOnlyList<ProjectionStatus>>();

        group.MapPost("/projections/{name}/rebuild", async (string name, ProjectionDaemon daemon, CancellationToken ct) =>
                Results.Ok(await daemon.RebuildAsync(name, ct)))
            .WithName("RebuildProjection")
            .WithSummary("Replays a projection from the first event into fresh tables, then switches to them.")
            .Produces<RebuildResult>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/dead-letters", async (string? projection, int? limit, ProjectionDaemon daemon, CancellationToken ct) =>
                Results.Ok(await daemon.DeadLettersAsync(projection, Math.Clamp(limit ?? 200, 1, 1000), ct)))
            .WithName("GetDeadLetters")
            .WithSummary("Events a projection gave up on after its retries, newest first.")
            .Produces<IReadOnlyList<DeadLetter>>();
    }
}
