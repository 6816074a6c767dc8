using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.References.Access;

namespace PersonalTutoring.References.Requests.Responding;

/// <summary>POST /api/reference-requests/{requestId}/decline: the tutor declines, with a reason the tutee sees.</summary>
internal static class DeclineRequest
{
    internal sealed record Request(string? Reason);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(4000);
    }

    internal static object[] Decide(ReferenceRequest state, Guid requestId, string userId, Request r, DateTimeOffset now)
    {
        state.DemandAuthor(userId, "decline it");
        if (state.Status == RequestStatus.Declined) return [];
        state.DemandStatus("declined", RequestStatus.AwaitingTutor, RequestStatus.Accepted);
        if (state.IssuedVersions > 0)
            throw new BusinessRuleException("already-issued", "The reference has been issued; correct it instead of declining.");
        return [new ReferenceRequestDeclined(requestId, userId, r.Reason!.Trim(), now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/reference-requests/{requestId:guid}/decline", async (Guid requestId, Request request, HttpContext http, TimeProvider clock,
                IDocumentSession session, CancellationToken ct) =>
            {
                var caller = http.RequestCaller();
                await ReferenceWrites.DecideAndAppendAsync(session, http, requestId, s => Decide(s, requestId, caller.User.Id, request, clock.GetUtcNow()), ct);
                return Results.Ok(new RequestAnswered(requestId, RequestStatus.Declined));
            })
            .Validate<Request>()
            .RequireAuthorization(ReferencesPolicies.Tutor)
            .RequireReference(ReferenceRelation.Author, "decline the request")
            .WithName("DeclineReferenceRequest")
            .WithVersionHeaders()
            .WithSummary("The tutor the request went to declines it, with a reason.")
            .Produces<RequestAnswered>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
