using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.References.Access;

namespace PersonalTutoring.References.Requests.Issuing;

/// <summary>
/// POST /api/reference-requests/{requestId}/issued/{version}/confidential: the school (a Senior Tutor of the request's
/// school) marks an issued version confidential to its recipient, with a reason; the tutee then sees that it exists,
/// not its text (RE-2).
/// </summary>
internal static class MarkConfidential
{
    internal sealed record Request(string? Reason);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
    }

    internal static object[] Decide(ReferenceRequest state, Guid requestId, int version, string userId, Request r, DateTimeOffset now)
    {
        if (!state.Requested || version < 1 || version > state.IssuedVersions)
            throw new NotFoundException($"Reference request {requestId} has no issued version {version}.");
        return state.Confidential.Contains(version) ? [] : [new IssuedReferenceMarkedConfidential(requestId, version, r.Reason!.Trim(), userId, now)];
    }

    internal sealed record Marked(Guid RequestId, int Version);

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/reference-requests/{requestId:guid}/issued/{version:int}/confidential", async (Guid requestId, int version, Request request, HttpContext http,
                TimeProvider clock, IDocumentSession session, CancellationToken ct) =>
            {
                var caller = http.RequestCaller();
                await ReferenceWrites.DecideAndAppendAsync(session, http, requestId, s => Decide(s, requestId, version, caller.User.Id, request, clock.GetUtcNow()), ct);
                return Results.Ok(new Marked(requestId, version));
            })
            .Validate<Request>()
            .RequireAuthorization(ReferencesPolicies.School)
            .RequireReference(ReferenceRelation.SchoolSeniorTutor, "mark the reference confidential")
            .WithName("MarkReferenceConfidential")
            .WithVersionHeaders()
            .WithSummary("The school marks an issued reference confidential to its recipient, with a reason; the tutee then cannot read its text.")
            .Produces<Marked>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
