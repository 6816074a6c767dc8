using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.References.Access;

namespace PersonalTutoring.References.Requests.Responding;

/// <summary>
/// POST /api/reference-requests/{requestId}/concern: a tutor with concerns about writing the reference passes the request
/// to the Support Team (RE-4), who then see the request and the concern.
/// </summary>
internal static class RaiseReferenceConcern
{
    internal sealed record Request(string? Concern);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Concern).NotEmpty().MaximumLength(4000);
    }

    internal static object[] Decide(ReferenceRequest state, Guid requestId, string userId, Request r, DateTimeOffset now)
    {
        state.DemandAuthor(userId, "raise a concern about it");
        state.DemandStatus("passed to the Support Team", RequestStatus.AwaitingTutor, RequestStatus.Accepted);
        if (state.IssuedVersions > 0)
            throw new BusinessRuleException("already-issued", "The reference has been issued.");
        return [new ReferenceConcernRaised(requestId, userId, r.Concern!.Trim(), now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/reference-requests/{requestId:guid}/concern", async (Guid requestId, Request request, HttpContext http, TimeProvider clock,
                IDocumentSession session, CancellationToken ct) =>
            {
                var caller = http.RequestCaller();
                await ReferenceWrites.DecideAndAppendAsync(session, http, requestId, s => Decide(s, requestId, caller.User.Id, request, clock.GetUtcNow()), ct);
                return Results.Ok(new RequestAnswered(requestId, RequestStatus.WithSupportTeam));
            })
            .Validate<Request>()
            .RequireAuthorization(ReferencesPolicies.Tutor)
            .RequireReference(ReferenceRelation.Author, "raise a concern about the request")
            .WithName("RaiseReferenceConcern")
            .WithVersionHeaders()
            .WithSummary("The tutor passes the request to the Support Team with a concern about writing it.")
            .Produces<RequestAnswered>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
