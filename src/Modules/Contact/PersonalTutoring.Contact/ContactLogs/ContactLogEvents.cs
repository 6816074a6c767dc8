using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Contact.ContactLogs;

internal enum ContactKind { IndividualMeeting, GroupMeeting, Email, Call, VideoCall, TeachingEvent, Message }

internal enum ContactDirection { TutorInitiated, TuteeInitiated }

internal enum Confidentiality { Standard, Confidential }

/// <summary>What a student agreed may be shared with the Support Team (CO-7).</summary>
internal enum ConsentScope { StandardNotes, AllNotes }

internal enum ReferralService { SupportTeam, Wellbeing, Counselling, Disability, Careers, Finance, Accommodation, AcademicSkills }

internal enum BreachGround { Safeguarding, RiskToSelf, RiskToOthers }

internal enum ConcernKind { ProfessionalBehaviour, FitnessToPractise, Wellbeing, NeedsMoreTime }

internal enum ConcernRoute { SupportTeam, SeniorTutor }

internal enum ObjectiveOutcome { Met, PartlyMet, NotMet }

// Contacts and the reply clock (CO-2, CO-11)
internal sealed record ContactRecorded(
    string StudentId, Guid ContactId, string SchoolCode, string StaffId, string RecordedBy, ContactKind Kind, ContactDirection Direction,
    DateTimeOffset OccurredAt, bool EnquiredAboutProgressAndWellbeing, bool? TuteeResponded, string? LateReason, DateTimeOffset RecordedAt);

internal sealed record ReplyAwaited(string StudentId, Guid ContactId, string SchoolCode, string TutorId, DateTimeOffset ReceivedAt, DateTimeOffset DueAt);

internal sealed record ReplyGiven(string StudentId, Guid AwaitedContactId, Guid ReplyContactId, DateTimeOffset RepliedAt, bool WithinDue);

// Notes (CO-6): never edited or deleted; a correction is an amendment beside the original.
/// <summary><see cref="TutorIds"/>: the student's tutors when it was written, who (while still tutor) may read a confidential note.</summary>
internal sealed record NoteWritten(string StudentId, Guid NoteId, Guid? ContactId, string AuthorId, IReadOnlyList<string> TutorIds, string Text, Confidentiality Confidentiality, DateTimeOffset WrittenAt);

internal sealed record NoteAmended(string StudentId, Guid NoteId, Guid AmendmentId, string AuthorId, string Text, DateTimeOffset AmendedAt);

/// <summary>Stored on the student's note-reads stream: who read which confidential note, when (never the text).</summary>
internal sealed record ConfidentialNoteRead(string StudentId, Guid NoteId, string ReaderId, IReadOnlyList<string> ReaderRoles, DateTimeOffset ReadAt);

// Unanswered attempts (CO-5)
internal sealed record SupportFlagRaised(string StudentId, Guid FlagId, string SchoolCode, string TermKey, int UnansweredAttempts, DateTimeOffset RaisedAt);

internal sealed record SupportAttemptRecorded(string StudentId, Guid FlagId, string StaffId, ContactKind Kind, DateTimeOffset OccurredAt, bool TuteeResponded, DateTimeOffset RecordedAt);

internal sealed record SupportFlagClosed(string StudentId, Guid FlagId, string ClosedBy, string Outcome, DateTimeOffset ClosedAt);

// Sharing (CO-7)
internal sealed record ConsentRecorded(string StudentId, Guid ConsentId, string RecordedBy, ConsentScope Scope, DateOnly? Until, DateTimeOffset GivenAt);

internal sealed record ConsentRevoked(string StudentId, Guid ConsentId, string RevokedBy, DateTimeOffset RevokedAt);

// Referrals (CO-10)
internal sealed record ReferralMade(
    string StudentId, Guid ReferralId, string SchoolCode, ReferralService Service, string Reason, string ReferredBy,
    Guid? ConsentId, BreachGround? BreachGround, string? BreachJustification, DateOnly? FollowUpOn, DateTimeOffset MadeAt);

internal sealed record ReferralAcknowledged(string StudentId, Guid ReferralId, string AcknowledgedBy, DateTimeOffset AcknowledgedAt);

internal sealed record ReferralClosed(string StudentId, Guid ReferralId, string ClosedBy, string Outcome, DateTimeOffset ClosedAt);

// Concerns (CO-9, CO-14)
internal sealed record ConcernRaised(string StudentId, Guid ConcernId, string SchoolCode, ConcernKind Kind, ConcernRoute RoutedTo, string Detail, string RaisedBy, DateTimeOffset RaisedAt);

internal sealed record ConcernAcknowledged(string StudentId, Guid ConcernId, string AcknowledgedBy, DateTimeOffset AcknowledgedAt);

internal sealed record ConcernResolved(string StudentId, Guid ConcernId, string ResolvedBy, string Outcome, DateTimeOffset ResolvedAt);

// Objectives (CO-12)
internal sealed record ObjectiveSet(string StudentId, Guid ObjectiveId, string Text, DateOnly ReviewOn, string SetBy, DateTimeOffset SetAt);

internal sealed record ObjectiveReviewed(string StudentId, Guid ObjectiveId, ObjectiveOutcome Outcome, string? Comment, string ReviewedBy, DateTimeOffset ReviewedAt);

internal static class ContactLogEvents
{
    public static void Register(EventTypeRegistry events) => events
        .Register<ContactRecorded>("contact.contact_recorded")
        .Register<ReplyAwaited>("contact.reply_awaited")
        .Register<ReplyGiven>("contact.reply_given")
        .Register<NoteWritten>("contact.note_written")
        .Register<NoteAmended>("contact.note_amended")
        .Register<ConfidentialNoteRead>("contact.confidential_note_read")
        .Register<SupportFlagRaised>("contact.support_flag_raised")
        .Register<SupportAttemptRecorded>("contact.support_attempt_recorded")
        .Register<SupportFlagClosed>("contact.support_flag_closed")
        .Register<ConsentRecorded>("contact.consent_recorded")
        .Register<ConsentRevoked>("contact.consent_revoked")
        .Register<ReferralMade>("contact.referral_made")
        .Register<ReferralAcknowledged>("contact.referral_acknowledged")
        .Register<ReferralClosed>("contact.referral_closed")
        .Register<ConcernRaised>("contact.concern_raised")
        .Register<ConcernAcknowledged>("contact.concern_acknowledged")
        .Register<ConcernResolved>("contact.concern_resolved")
        .Register<ObjectiveSet>("contact.objective_set")
        .Register<ObjectiveReviewed>("contact.objective_reviewed");
}
