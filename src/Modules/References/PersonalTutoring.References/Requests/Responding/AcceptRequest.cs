using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.References.Access;

namespace PersonalTutoring.References.Requests.Responding;

/// <summary>The request's state after a tutor's or the Support Team's answer.</summary>
internal sealed record RequestAnswered(Guid RequestId, RequestStatus Status);

/// <summary>POST /api/reference-requests/{requestId}/accept: the tutor agrees to write the reference (RE-1).</summary>
internal static class AcceptRequest
{
    internal static object[] Decide(ReferenceRequest state, Guid requestId, string userId, DateTimeOffset now)
    {
        state.DemandAuthor(userId, "accept it");
        if (state.Status == RequestStatus.Accepted) return [];
        state.DemandStatus("accepted", RequestStatus.AwaitingTutor);
        return [new ReferenceRequestAccepted(requestId, userId, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/reference-requests/{requestId:guid}/accept", async (Guid requestId, HttpContext http, TimeProvider clock, IDocumentSession session, CancellationToken ct) =>
            {
                var caller = http.RequestCaller();
                await ReferenceWrites.DecideAndAppendAsync(session, http, requestId, s => Decide(s, requestId, caller.User.Id, clock.GetUtcNow()), ct);
                return Results.Ok(new RequestAnswered(requestId, RequestStatus.Accepted));
            })
            .RequireAuthorization(ReferencesPolicies.Tutor)
            .RequireReference(ReferenceRelation.Author, "accept the request")
            .WithName("AcceptReferenceRequest")
            .WithVersionHeaders()
            .WithSummary("The tutor the request went to agrees to write the reference.")
            .Produces<RequestAnswered>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
