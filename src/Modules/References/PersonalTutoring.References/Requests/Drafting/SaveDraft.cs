using PersonalTutoring.BuildingBlocks.Privacy;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.References.Access;

namespace PersonalTutoring.References.Requests.Drafting;

/// <summary>
/// PUT /api/reference-requests/{requestId}/draft: the author's editor autosaves; every save is kept as a version of the
/// request's stream. With If-Match, a save over someone else's (another tab's) is a 412, like every other write.
/// GET returns the latest draft with its ETag.
/// </summary>
internal static class SaveDraft
{
    internal sealed record Request(string? Text);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Text).NotNull().MaximumLength(20_000);
    }

    internal static object[] Decide(ReferenceRequest state, Guid requestId, string userId, Request r, DateTimeOffset now)
    {
        state.DemandAuthor(userId, "draft the reference");
        state.DemandStatus("drafted (accept it first)", RequestStatus.Accepted);
        return r.Text == state.Draft ? [] : [new ReferenceDraftSaved(requestId, ReferenceText(state, r.Text!), userId, now)];
    }

    /// <summary>A reference's text (draft or issued) is the student's personal data, under its own key (ADRs 0076, 0085).</summary>
    internal static PersonalText ReferenceText(ReferenceRequest state, string text) => PersonalText.Of(state.StudentId, DataProtection.Contracts.SubjectRecordKinds.IssuedReference, text);

    internal sealed record Draft(Guid RequestId, string Text, long Version);

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapPut("/api/reference-requests/{requestId:guid}/draft", async (Guid requestId, Request request, HttpContext http, TimeProvider clock,
                IDocumentSession session, CancellationToken ct) =>
            {
                var caller = http.RequestCaller();
                var (_, version) = await ReferenceWrites.DecideAndAppendAsync(session, http, requestId, s => Decide(s, requestId, caller.User.Id, request, clock.GetUtcNow()), ct);
                return Results.Ok(new Draft(requestId, request.Text!, version));
            })
            .Validate<Request>()
            .RequireAuthorization(ReferencesPolicies.Tutor)
            .RequireReference(ReferenceRelation.Author, "draft the reference")
            .WithName("SaveReferenceDraft")
            .WithVersionHeaders()
            .WithSummary("Autosaves the reference's draft; every save is kept. Send If-Match with the ETag you read.")
            .Produces<Draft>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapGet("/api/reference-requests/{requestId:guid}/draft", async (Guid requestId, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                var key = ReferenceRequest.StreamId(requestId);
                var state = await session.Events.AggregateStreamAsync<ReferenceRequest>(key, token: ct) ?? ReferenceRequest.Initial;
                var version = (await session.Events.FetchStreamStateAsync(key, ct))?.Version ?? 0;
                http.Response.SetVersion(version);
                return Results.Ok(new Draft(requestId, state.Draft ?? "", version));
            })
            .RequireAuthorization(ReferencesPolicies.Tutor)
            .RequireReference(ReferenceRelation.Tutoring, "read the draft")
            .WithName("GetReferenceDraft")
            .WithVersionHeaders()
            .WithSummary("The reference's latest draft, for its author and the tutee's current tutor; the ETag is the version to send back.")
            .Produces<Draft>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
