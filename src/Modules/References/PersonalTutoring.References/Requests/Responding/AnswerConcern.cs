using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.References.Access;

namespace PersonalTutoring.References.Requests.Responding;

/// <summary>
/// POST /api/reference-requests/{requestId}/concern/answer: the Support Team answers a tutor's concern (RE-4); the
/// request goes back to the tutor to accept or decline.
/// </summary>
internal static class AnswerConcern
{
    internal sealed record Request(string? Answer);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Answer).NotEmpty().MaximumLength(4000);
    }

    internal static object[] Decide(ReferenceRequest state, Guid requestId, string userId, Request r, DateTimeOffset now)
    {
        if (!state.Requested) throw new NotFoundException($"No reference request {requestId}.");
        state.DemandStatus("answered by the Support Team", RequestStatus.WithSupportTeam);
        return [new ReferenceConcernAnswered(requestId, userId, r.Answer!.Trim(), now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/reference-requests/{requestId:guid}/concern/answer", async (Guid requestId, Request request, HttpContext http, TimeProvider clock,
                IDocumentSession session, CancellationToken ct) =>
            {
                var caller = http.RequestCaller();
                await ReferenceWrites.DecideAndAppendAsync(session, http, requestId, s => Decide(s, requestId, caller.User.Id, request, clock.GetUtcNow()), ct);
                return Results.Ok(new RequestAnswered(requestId, RequestStatus.AwaitingTutor));
            })
            .Validate<Request>()
            .RequireAuthorization(ReferencesPolicies.SupportTeam)
            .RequireReference(ReferenceRelation.SupportTeam, "answer the concern")
            .WithName("AnswerReferenceConcern")
            .WithVersionHeaders()
            .WithSummary("The Support Team answers a tutor's concern about writing a reference; the request returns to the tutor.")
            .Produces<RequestAnswered>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
