using PersonalTutoring.BuildingBlocks.Audit;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Host.Operations;

/// <summary>The tamper-evident history, for auditors (ADR 0075).</summary>
internal static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Policies.VerifyHistory);

        group.MapGet("/event-chain", async (long? from, EventChainVerifier verifier, CancellationToken ct) =>
            {
                var start = from ?? 1;
                if (start < 1) throw RequestValidationException.For("from", "from is a sequence number, 1 or more.");
                return Results.Ok(await verifier.VerifyAsync(start, ct));
            })
            .WithName("VerifyEventChain")
            .WithSummary("Recomputes every event's hash and the chain's links from a sequence (default the first) and reports the first broken link, and whether each published checkpoint still matches.")
            .Produces<ChainVerification>()
            .ProducesValidationProblem();
    }
}
