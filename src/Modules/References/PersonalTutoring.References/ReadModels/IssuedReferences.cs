using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.References.Access;
using PersonalTutoring.References.Requests;

namespace PersonalTutoring.References.ReadModels;

/// <summary>An issued version as retained (RE-2): the exact text and every fact issued with it.</summary>
internal sealed record IssuedReferenceCopy(
    Guid RequestId, int Version, string StudentId, string Text, string AuthorId, string Recipient, DateOnly KnownFrom, DateOnly? KnownTo, string Capacity,
    bool Attested, string ContentHash, int? Supersedes, string? CorrectionReason, DateTimeOffset IssuedAt);

/// <summary>One read of an issued reference: who, when, which version.</summary>
internal sealed record IssuedReferenceReadEntry(int Version, string ReaderId, IReadOnlyList<string> ReaderRoles, DateTimeOffset ReadAt);

/// <summary>
/// The retained copies are the request stream's <see cref="ReferenceIssued"/> events themselves, read back as they were
/// appended (never a projection that could be rebuilt differently). Every read of a text is logged on the request's
/// read-log stream; the log is for the author, the Dean and Auditors.
/// </summary>
internal static class IssuedReferences
{
    /// <summary>The tutee reads their own issued references (UK GDPR subject access) unless the school marked one confidential to its recipient.</summary>
    internal static void DemandReadable(ReferenceCaller caller, int version)
    {
        var issued = caller.Request.Issued.FirstOrDefault(i => i.Version == version)
            ?? throw new NotFoundException($"Reference request {caller.Request.RequestId} has no issued version {version}.");
        if (caller.Is(ReferenceRelation.Tutoring)) return;
        if (issued.ConfidentialToRecipient)
            throw new ForbiddenException($"The school marked this reference confidential to its recipient: {issued.ConfidentialReason}");
    }

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reference-requests/{requestId:guid}/issued/{version:int}", async (Guid requestId, int version, HttpContext http, IQuerySession session,
                ISessionFactory sessions, TimeProvider clock, CancellationToken ct) =>
            {
                var caller = http.RequestCaller();
                DemandReadable(caller, version);
                var events = await session.Events.FetchStreamAsync(ReferenceRequest.StreamId(requestId), token: ct);
                var e = events.Select(x => x.Data).OfType<ReferenceIssued>().Single(i => i.Version == version);
                // A log with no invariant: two people reading at once never fail each other.
                await sessions.AppendToLogAsync(ReferenceRequest.ReadsStreamId(requestId),
                    [new IssuedReferenceRead(requestId, version, caller.User.Id, caller.User.Roles.Order().ToList(), clock.GetUtcNow())], ct);
                return Results.Ok(new IssuedReferenceCopy(e.RequestId, e.Version, e.StudentId, e.Text, e.AuthorId, e.Recipient, e.KnownFrom, e.KnownTo, e.Capacity,
                    e.Attested, e.ContentHash, e.Supersedes, e.CorrectionReason, e.IssuedAt));
            })
            .RequireAuthorization(ReferencesPolicies.ReadText)
            .RequireReference(ReferenceRelation.Tutoring | ReferenceRelation.Tutee, "read the reference")
            .WithName("GetIssuedReference")
            .WithSummary("The exact text of an issued reference with its retained facts; every read is logged.")
            .Produces<IssuedReferenceCopy>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/reference-requests/{requestId:guid}/reads", async (Guid requestId, IQuerySession session, CancellationToken ct) =>
            {
                var events = await session.Events.FetchStreamAsync(ReferenceRequest.ReadsStreamId(requestId), token: ct);
                return Results.Ok(events.Select(x => x.Data).OfType<IssuedReferenceRead>()
                    .Select(r => new IssuedReferenceReadEntry(r.Version, r.ReaderId, r.ReaderRoles, r.ReadAt)).ToList());
            })
            .RequireAuthorization(ReferencesPolicies.ReadLog)
            .RequireReference(ReferenceRelation.Author | ReferenceRelation.Oversight, "read who read the reference")
            .WithName("GetIssuedReferenceReads")
            .WithSummary("Who read which issued version of a reference, and when. The author, the Dean and Auditors.")
            .Produces<IReadOnlyList<IssuedReferenceReadEntry>>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
