using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.References.Access;
using PersonalTutoring.References.Requests;

namespace PersonalTutoring.References.ReadModels;

/// <summary>The tutor's concern and the Support Team's answer (RE-4).</summary>
internal sealed record ConcernView(string Concern, DateTimeOffset RaisedAt, string? Answer, string? AnsweredBy, DateTimeOffset? AnsweredAt);

/// <summary>An issued version's metadata: everything retained except the text (RE-2).</summary>
internal sealed record IssuedVersionView(
    int Version, string AuthorId, string Recipient, DateTimeOffset IssuedAt, DateOnly KnownFrom, DateOnly? KnownTo, string Capacity,
    string ContentHash, int? Supersedes, string? CorrectionReason, bool ConfidentialToRecipient, string? ConfidentialReason);

/// <summary>
/// A reference request as its readers see it, never with draft or issued text (those have their own routes and
/// access). Inline: every command's access check reads it.
/// </summary>
internal sealed record ReferenceRequestView(
    string RequestId, string StudentId, string SchoolCode, ReferenceKind Kind, string Recipient, DateOnly Deadline, string Purpose,
    ReferenceConsent Consent, string TutorId, bool PreviousTutor, RequestStatus Status, DateTimeOffset RequestedAt, DateTimeOffset? AcceptedAt,
    string? DeclineReason, ConcernView? Concern, int DraftSaves, DateTimeOffset? LastDraftAt, IReadOnlyList<IssuedVersionView> Issued)
{
    /// <summary>Deadline reminders sent so far, as days before the deadline (RE-3: the tutor's worklist).</summary>
    public IReadOnlyList<int> RemindersSent { get; init; } = [];

    /// <summary>What the Dean and Auditors see (as for confidential notes): that it exists and its metadata, no free text.</summary>
    public ReferenceRequestView MetadataOnly() => this with
    {
        Purpose = "",
        DeclineReason = DeclineReason is null ? null : "",
        Concern = Concern is null ? null : Concern with { Concern = "", Answer = Concern.Answer is null ? null : "" },
        Issued = [.. Issued.Select(i => i with { CorrectionReason = i.CorrectionReason is null ? null : "", ConfidentialReason = i.ConfidentialReason is null ? null : "" })],
    };
}

internal sealed class ReferenceRequestProjection : StreamFoldProjection<ReferenceRequestView>
{
    public override ProjectionLifecycle Lifecycle => ProjectionLifecycle.Inline;

    public override string Name => "references-requests";

    public override IReadOnlyCollection<Type> EventTypes =>
    [
        typeof(ReferenceRequested), typeof(ReferenceRequestAccepted), typeof(ReferenceRequestDeclined), typeof(ReferenceConcernRaised),
        typeof(ReferenceConcernAnswered), typeof(ReferenceDraftSaved), typeof(ReferenceIssued), typeof(IssuedReferenceMarkedConfidential),
        typeof(ReferenceDeadlineReminded),
    ];

    protected override string DocumentId(IEvent e) => ((IRequestEvent)e.Data).RequestId.ToString();

    protected override ReferenceRequestView? Evolve(ReferenceRequestView? current, IEvent e)
    {
        if (e.Data is ReferenceRequested r)
            return new ReferenceRequestView(r.RequestId.ToString(), r.StudentId, r.SchoolCode, r.Kind, r.Recipient, r.Deadline, r.Purpose,
                r.Consent, r.TutorId, r.PreviousTutor, RequestStatus.AwaitingTutor, r.RequestedAt, null, null, null, 0, null, []);
        if (current is null) return null;
        return e.Data switch
        {
            ReferenceRequestAccepted a => current with { Status = RequestStatus.Accepted, AcceptedAt = a.AcceptedAt },
            ReferenceRequestDeclined d => current with { Status = RequestStatus.Declined, DeclineReason = d.Reason },
            ReferenceConcernRaised c => current with { Status = RequestStatus.WithSupportTeam, Concern = new ConcernView(c.Concern, c.RaisedAt, null, null, null) },
            ReferenceConcernAnswered a => current with
            {
                Status = RequestStatus.AwaitingTutor,
                Concern = current.Concern! with { Answer = a.Answer, AnsweredBy = a.AnsweredBy, AnsweredAt = a.AnsweredAt },
            },
            ReferenceDraftSaved d => current with { DraftSaves = current.DraftSaves + 1, LastDraftAt = d.SavedAt },
            ReferenceIssued i => current with
            {
                Issued = [.. current.Issued, new IssuedVersionView(i.Version, i.AuthorId, i.Recipient, i.IssuedAt, i.KnownFrom, i.KnownTo, i.Capacity,
                    i.ContentHash, i.Supersedes, i.CorrectionReason, false, null)],
            },
            ReferenceDeadlineReminded m => current with { RemindersSent = [.. current.RemindersSent, m.DaysBefore] },
            IssuedReferenceMarkedConfidential m => current with
            {
                Issued = [.. current.Issued.Select(i => i.Version == m.Version ? i with { ConfidentialToRecipient = true, ConfidentialReason = m.Reason } : i)],
            },
            _ => current,
        };
    }

    public static void Register(StoreOptions options)
    {
        options.Schema.For<ReferenceRequestView>().DatabaseSchemaName(ReferencesModule.Schema).Identity(v => v.RequestId)
            .Index(v => v.StudentId).Index(v => v.TutorId).Index(v => v.SchoolCode);
        options.AddFold(new ReferenceRequestProjection());
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        // requestId is bound so the contract declares it; the check (RequireReference) has already loaded the request.
        app.MapGet("/api/reference-requests/{requestId:guid}", (Guid requestId, HttpContext http) => Results.Ok(ReferenceAccess.Shape(http.RequestCaller())))
            .RequireAuthorization(ReferencesPolicies.Read)
            .RequireReference(ReferenceRelation.Tutoring | ReferenceRelation.SupportTeam | ReferenceRelation.Oversight | ReferenceRelation.Tutee
                | ReferenceRelation.SchoolSeniorTutor, "read the request")
            .WithName("GetReferenceRequest")
            .WithSummary("A reference request as the caller may see it: tutors and the Support Team all of it, the Dean and Auditors its metadata; never draft or issued text.")
            .Produces<ReferenceRequestView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
