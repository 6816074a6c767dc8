using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.Contact.ContactLogs;

namespace PersonalTutoring.Contact.ReadModels.StudentRecords;

/// <summary>One contact point; no note text. <see cref="RepliedAt"/> is set when the tutor answered a tutee-initiated contact.</summary>
internal sealed record ContactEntry(
    Guid ContactId, string StaffId, string RecordedBy, ContactKind Kind, ContactDirection Direction, DateTimeOffset OccurredAt,
    bool EnquiredAboutProgressAndWellbeing, bool? TuteeResponded, string? LateReason, DateTimeOffset RecordedAt,
    DateTimeOffset? ReplyDueAt, DateTimeOffset? RepliedAt, bool? RepliedWithinDue);

internal sealed record AmendmentEntry(Guid AmendmentId, string AuthorId, PersonalText Text, DateTimeOffset AmendedAt);

internal sealed record NoteEntry(Guid NoteId, Guid? ContactId, string AuthorId, IReadOnlyList<string> TutorIds, Confidentiality Confidentiality, PersonalText Text, DateTimeOffset WrittenAt,
    IReadOnlyList<AmendmentEntry> Amendments);

internal sealed record ConsentEntry(Guid ConsentId, string RecordedBy, ConsentScope Scope, DateOnly? Until, DateTimeOffset GivenAt, string? RevokedBy, DateTimeOffset? RevokedAt);

internal sealed record ReferralEntry(
    Guid ReferralId, ReferralService Service, PersonalText Reason, string ReferredBy, Guid? ConsentId, BreachGround? BreachGround, PersonalText? BreachJustification,
    DateOnly? FollowUpOn, DateTimeOffset MadeAt, Progress Status, string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt,
    string? ClosedBy, DateTimeOffset? ClosedAt, PersonalText? Outcome);

internal sealed record ConcernEntry(Guid ConcernId, ConcernKind Kind, ConcernRoute RoutedTo, PersonalText Detail, string RaisedBy, DateTimeOffset RaisedAt,
    Progress Status, string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt, string? ResolvedBy, DateTimeOffset? ResolvedAt, PersonalText? Outcome);

internal sealed record ObjectiveEntry(Guid ObjectiveId, PersonalText Text, DateOnly ReviewOn, string SetBy, DateTimeOffset SetAt,
    ObjectiveOutcome? Outcome, PersonalText? Comment, string? ReviewedBy, DateTimeOffset? ReviewedAt);

internal sealed record SupportAttemptEntry(string StaffId, ContactKind Kind, DateTimeOffset OccurredAt, bool TuteeResponded);

internal sealed record SupportFlagEntry(Guid FlagId, string TermKey, int UnansweredAttempts, DateTimeOffset RaisedAt,
    IReadOnlyList<SupportAttemptEntry> Attempts, string? ClosedBy, DateTimeOffset? ClosedAt, string? Outcome)
{
    public bool Open => ClosedAt is null;
}

/// <summary>
/// A student's whole tutoring record as one document (stream <c>contact-{studentId}</c>). Note text lives here, so
/// every endpoint that returns it filters through <see cref="Access.RecordAccess"/>.
/// </summary>
internal sealed record StudentRecord(
    string StudentId,
    string SchoolCode,
    IReadOnlyList<ContactEntry> Contacts,
    IReadOnlyList<NoteEntry> Notes,
    IReadOnlyList<ConsentEntry> Consents,
    IReadOnlyList<ReferralEntry> Referrals,
    IReadOnlyList<ConcernEntry> Concerns,
    IReadOnlyList<ObjectiveEntry> Objectives,
    IReadOnlyList<SupportFlagEntry> SupportFlags,
    int OpenSupportFlags)
{
    public static StudentRecord Empty(string studentId, string schoolCode) => new(studentId, schoolCode, [], [], [], [], [], [], [], 0);

    public IReadOnlyDictionary<Guid, ConsentFacts> ConsentFacts =>
        Consents.ToDictionary(c => c.ConsentId, c => new ConsentFacts(c.Scope, c.Until, c.RevokedAt is not null));

    public IEnumerable<ReferralFacts> ReferralFacts =>
        Referrals.Select(r => new ReferralFacts(r.Service, r.ConsentId, r.BreachGround is not null, r.Status));
}
