using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.References.Access;
using PersonalTutoring.References.Requests;

namespace PersonalTutoring.References.ReadModels;

/// <summary>An issued version as retained (RE-2): the exact text and every fact issued with it.</summary>
internal sealed record IssuedReferenceCopy(
    Guid RequestId, int Version, string StudentId, string Text, string AuthorId, string Recipient, DateOnly KnownFrom, DateOnly? KnownTo, string Capacity,
    bool Attested, string ContentHash, int? Supersedes, string? CorrectionReason, DateTimeOffset IssuedAt);

/// <summary>One read of an issued reference: who, when, which version, why (null for reads logged before purposes were kept).</summary>
internal sealed record IssuedReferenceReadEntry(int Version, string ReaderId, IReadOnlyList<string> ReaderRoles, DateTimeOffset ReadAt)
{
    public ReadPurpose? Purpose { get; init; }
}

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

    /// <summary>An issued version's id in the personal-data read log: <c>{requestId}/v{version}</c>.</summary>
    internal static string ReadRecordId(Guid requestId, int version) => $"{requestId}/v{version}";

    /// <summary>
    /// Logs a read of an issued version's text on the request's read log, which the student's personal-data read log folds
    /// too (issue 16 item 5). A log with no invariant: two people reading at once never fail each other.
    /// </summary>
    internal static Task LogReadAsync(ISessionFactory sessions, ReferenceCaller caller, ReadPurpose? purpose, int version, TimeProvider clock, CancellationToken ct)
    {
        var request = caller.Request;
        var requestId = Guid.Parse(request.RequestId);
        return sessions.AppendToLogAsync(ReferenceRequest.ReadsStreamId(requestId), ReadAudit.Reads(caller.User, purpose, request.StudentId, request.SchoolCode,
            ReadKinds.IssuedReference, [ReadRecordId(requestId, version)], clock.GetUtcNow()), ct);
    }

    private static int VersionOf(string readRecordId) => int.Parse(readRecordId[(readRecordId.LastIndexOf("/v", StringComparison.Ordinal) + 2)..], System.Globalization.CultureInfo.InvariantCulture);

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reference-requests/{requestId:guid}/issued/{version:int}", async (Guid requestId, int version, ReadPurpose? purpose, HttpContext http, IQuerySession session,
                ISessionFactory sessions, TimeProvider clock, CancellationToken ct) =>
            {
                var caller = http.RequestCaller();
                DemandReadable(caller, version);
                var events = await session.Events.FetchStreamAsync(ReferenceRequest.StreamId(requestId), token: ct);
                var e = events.Select(x => x.Data).OfType<ReferenceIssued>().Single(i => i.Version == version);
                await LogReadAsync(sessions, caller, purpose, version, clock, ct);
                return Results.Ok(new IssuedReferenceCopy(e.RequestId, e.Version, e.StudentId, e.Text.Text, e.AuthorId, e.Recipient, e.KnownFrom, e.KnownTo, e.Capacity,
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
                // Reads before issue 16 are IssuedReferenceRead; since then PersonalDataRead, with a purpose.
                return Results.Ok(events.Select(x => x.Data).Select(d => d switch
                {
                    IssuedReferenceRead r => new IssuedReferenceReadEntry(r.Version, r.ReaderId, r.ReaderRoles, r.ReadAt),
                    PersonalDataRead r => new IssuedReferenceReadEntry(VersionOf(r.RecordId), r.ReaderId, r.ReaderRoles, r.ReadAt) { Purpose = r.Purpose },
                    _ => null,
                }).OfType<IssuedReferenceReadEntry>().ToList());
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
