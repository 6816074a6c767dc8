using PersonalTutoring.BuildingBlocks.Privacy;
using Marten;

namespace PersonalTutoring.References.Requests;

/// <summary>What the reference is for (RE-1; UKFPO is the Foundation Programme's structured reference, RE-3).</summary>
internal enum ReferenceKind { Employment, FurtherStudy, Placement, Ukfpo, Other }

/// <summary>Where a request stands: with its tutor, accepted (being drafted or issued), declined, or with the Support Team (RE-4).</summary>
internal enum RequestStatus { AwaitingTutor, Accepted, Declined, WithSupportTeam }

/// <summary>
/// What the tutee agreed the reference may mention. Health and personal circumstances disclosed in confidence are
/// excluded unless ticked (RE-1, UCL "Writing References").
/// </summary>
internal sealed record ReferenceConsent(bool Health, bool PersonalCircumstances);

/// <summary>Every event of a reference request names it: the request's stream and views are keyed by it.</summary>
internal interface IRequestEvent
{
    Guid RequestId { get; }
}

/// <summary>
/// <see cref="TutorId"/> is who the request went to and who writes it: the current tutor, or the previous tutor a
/// final-year tutee named (<see cref="PreviousTutor"/>, RE-5).
/// </summary>
internal sealed record ReferenceRequested(
    Guid RequestId, string StudentId, string SchoolCode, ReferenceKind Kind, string Recipient, DateOnly Deadline, string Purpose,
    ReferenceConsent Consent, string TutorId, bool PreviousTutor, DateTimeOffset RequestedAt) : IRequestEvent;

internal sealed record ReferenceRequestAccepted(Guid RequestId, string TutorId, DateTimeOffset AcceptedAt) : IRequestEvent;

internal sealed record ReferenceRequestDeclined(Guid RequestId, string TutorId, string Reason, DateTimeOffset DeclinedAt) : IRequestEvent;

/// <summary>RE-4: the tutor has concerns about writing the reference and passes the request to the Support Team.</summary>
internal sealed record ReferenceConcernRaised(Guid RequestId, string TutorId, string Concern, DateTimeOffset RaisedAt) : IRequestEvent;

/// <summary>The Support Team's answer; the request goes back to the tutor to accept or decline.</summary>
internal sealed record ReferenceConcernAnswered(Guid RequestId, string AnsweredBy, string Answer, DateTimeOffset AnsweredAt) : IRequestEvent;

/// <summary>An autosaved draft: every save is kept as a version of the draft (the stream version is its ETag).</summary>
internal sealed record ReferenceDraftSaved(Guid RequestId, PersonalText Text, string SavedBy, DateTimeOffset SavedAt) : IRequestEvent;

/// <summary>
/// The retained copy (RE-2): the exact text, author, recipient, date, the period and capacity in which the author knew
/// the tutee, the attestation (RE-1) and a SHA-256 of the content. Never changed: a correction is a new
/// <see cref="Version"/> that <see cref="Supersedes"/> the old one, with its reason; both are kept.
/// </summary>
internal sealed record ReferenceIssued(
    Guid RequestId, int Version, string StudentId, PersonalText Text, string AuthorId, string Recipient, DateOnly KnownFrom, DateOnly? KnownTo,
    string Capacity, bool Attested, string ContentHash, int? Supersedes, string? CorrectionReason, DateTimeOffset IssuedAt,
    IReadOnlyList<DomainRating>? FormAnswers = null) : IRequestEvent;

/// <summary>A scheduled reminder found the request still open <see cref="DaysBefore"/> days before its deadline.</summary>
internal sealed record ReferenceDeadlineReminded(Guid RequestId, string TutorId, DateOnly Deadline, int DaysBefore, DateTimeOffset RemindedAt) : IRequestEvent;

/// <summary>A rating the tutor chose for one domain of the UKFPO form (RE-3), or the form's "unable to comment".</summary>
internal sealed record DomainRating(string Domain, string Rating);

/// <summary>
/// The tutor's answers to a UKFPO request's form, saved with the draft. <see cref="DomainKeys"/> are the domains of the
/// form in force (<see cref="FormId"/>), all of which need an answer before issuing.
/// </summary>
internal sealed record UkfpoAnswersSaved(Guid RequestId, string FormId, IReadOnlyList<string> DomainKeys, IReadOnlyList<DomainRating> Ratings, string SavedBy, DateTimeOffset SavedAt) : IRequestEvent;

/// <summary>The school marks an issued version confidential to its recipient: the tutee then sees that it exists, not its text.</summary>
internal sealed record IssuedReferenceMarkedConfidential(Guid RequestId, int Version, string Reason, string MarkedBy, DateTimeOffset MarkedAt) : IRequestEvent;

/// <summary>Stored on the request's read-log stream: who read which issued version, when.</summary>
internal sealed record IssuedReferenceRead(Guid RequestId, int Version, string ReaderId, IReadOnlyList<string> ReaderRoles, DateTimeOffset ReadAt) : IRequestEvent;

internal static class ReferenceEvents
{
    /// <summary>An alias is forever: never rename one.</summary>
    public static void Register(StoreOptions options)
    {
        var events = options.Events;
        events.MapEventType<ReferenceRequested>("references.reference_requested");
        events.MapEventType<ReferenceRequestAccepted>("references.request_accepted");
        events.MapEventType<ReferenceRequestDeclined>("references.request_declined");
        events.MapEventType<ReferenceConcernRaised>("references.concern_raised");
        events.MapEventType<ReferenceConcernAnswered>("references.concern_answered");
        events.MapEventType<ReferenceDraftSaved>("references.draft_saved");
        events.MapEventType<ReferenceIssued>("references.reference_issued");
        events.MapEventType<IssuedReferenceMarkedConfidential>("references.marked_confidential");
        events.MapEventType<IssuedReferenceRead>("references.issued_reference_read");
        events.MapEventType<ReferenceDeadlineReminded>("references.deadline_reminded");
        events.MapEventType<UkfpoAnswersSaved>("references.ukfpo_answers_saved");
        events.MapEventType<Ukfpo.UkfpoFormConfigured>("references.ukfpo_form_configured");
        events.MapEventType<AcademicRecords.AcademicRecordReceived>("references.academic_record_received");
    }
}
