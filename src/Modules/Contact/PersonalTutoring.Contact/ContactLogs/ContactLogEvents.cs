using PersonalTutoring.BuildingBlocks.Privacy;
using Marten;
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

/// <summary>Every event of a contact log names its student: the student's record is keyed by it.</summary>
internal interface IStudentEvent
{
    string StudentId { get; }
}

/// <summary>The events that know it name the school the student was in when they happened.</summary>
internal interface ISchoolEvent
{
    string SchoolCode { get; }
}

// Contacts and the reply clock (CO-2, CO-11)
internal sealed record ContactRecorded(
    string StudentId, Guid ContactId, string SchoolCode, string StaffId, string RecordedBy, ContactKind Kind, ContactDirection Direction,
    DateTimeOffset OccurredAt, bool EnquiredAboutProgressAndWellbeing, bool? TuteeResponded, string? LateReason, DateTimeOffset RecordedAt) : IStudentEvent, ISchoolEvent;

internal sealed record ReplyAwaited(string StudentId, Guid ContactId, string SchoolCode, string TutorId, DateTimeOffset ReceivedAt, DateTimeOffset DueAt) : IStudentEvent, ISchoolEvent;

internal sealed record ReplyGiven(string StudentId, Guid AwaitedContactId, Guid ReplyContactId, DateTimeOffset RepliedAt, bool WithinDue) : IStudentEvent;

// Notes (CO-6): never edited or deleted; a correction is an amendment beside the original. The text is the
// student's personal data, encrypted under their key: erasing the student makes it unreadable (ADR 0076).
/// <summary><see cref="TutorIds"/>: the student's tutors when it was written, who (while still tutor) may read a confidential note.</summary>
internal sealed record NoteWritten(string StudentId, Guid NoteId, Guid? ContactId, string AuthorId, IReadOnlyList<string> TutorIds, PersonalText Text, Confidentiality Confidentiality, DateTimeOffset WrittenAt) : IStudentEvent;

internal sealed record NoteAmended(string StudentId, Guid NoteId, Guid AmendmentId, string AuthorId, PersonalText Text, DateTimeOffset AmendedAt) : IStudentEvent;

/// <summary>Before issue 16: who read which confidential note, when (never the text). Since then every note read is a <see cref="BuildingBlocks.Privacy.PersonalDataRead"/>.</summary>
internal sealed record ConfidentialNoteRead(string StudentId, Guid NoteId, string ReaderId, IReadOnlyList<string> ReaderRoles, DateTimeOffset ReadAt);

// Unanswered attempts (CO-5)
internal sealed record SupportFlagRaised(string StudentId, Guid FlagId, string SchoolCode, string TermKey, int UnansweredAttempts, DateTimeOffset RaisedAt) : IStudentEvent, ISchoolEvent;

internal sealed record SupportAttemptRecorded(string StudentId, Guid FlagId, string StaffId, ContactKind Kind, DateTimeOffset OccurredAt, bool TuteeResponded, DateTimeOffset RecordedAt) : IStudentEvent;

internal sealed record SupportFlagClosed(string StudentId, Guid FlagId, string ClosedBy, string Outcome, DateTimeOffset ClosedAt) : IStudentEvent;

// Sharing (CO-7)
internal sealed record ConsentRecorded(string StudentId, Guid ConsentId, string RecordedBy, ConsentScope Scope, DateOnly? Until, DateTimeOffset GivenAt) : IStudentEvent;

internal sealed record ConsentRevoked(string StudentId, Guid ConsentId, string RevokedBy, DateTimeOffset RevokedAt) : IStudentEvent;

// Referrals (CO-10)
internal sealed record ReferralMade(
    string StudentId, Guid ReferralId, string SchoolCode, ReferralService Service, PersonalText Reason, string ReferredBy,
    Guid? ConsentId, BreachGround? BreachGround, PersonalText? BreachJustification, DateOnly? FollowUpOn, DateTimeOffset MadeAt) : IStudentEvent, ISchoolEvent;

internal sealed record ReferralAcknowledged(string StudentId, Guid ReferralId, string AcknowledgedBy, DateTimeOffset AcknowledgedAt) : IStudentEvent;

internal sealed record ReferralClosed(string StudentId, Guid ReferralId, string ClosedBy, PersonalText Outcome, DateTimeOffset ClosedAt) : IStudentEvent;

// Concerns (CO-9, CO-14)
internal sealed record ConcernRaised(string StudentId, Guid ConcernId, string SchoolCode, ConcernKind Kind, ConcernRoute RoutedTo, PersonalText Detail, string RaisedBy, DateTimeOffset RaisedAt) : IStudentEvent, ISchoolEvent;

internal sealed record ConcernAcknowledged(string StudentId, Guid ConcernId, string AcknowledgedBy, DateTimeOffset AcknowledgedAt) : IStudentEvent;

internal sealed record ConcernResolved(string StudentId, Guid ConcernId, string ResolvedBy, PersonalText Outcome, DateTimeOffset ResolvedAt) : IStudentEvent;

// Objectives (CO-12)
internal sealed record ObjectiveSet(string StudentId, Guid ObjectiveId, PersonalText Text, DateOnly ReviewOn, string SetBy, DateTimeOffset SetAt) : IStudentEvent;

internal sealed record ObjectiveReviewed(string StudentId, Guid ObjectiveId, ObjectiveOutcome Outcome, PersonalText? Comment, string ReviewedBy, DateTimeOffset ReviewedAt) : IStudentEvent;

internal static class ContactLogEvents
{
    /// <summary>The aliases are the stored event types: never change one (a retired type gets an upcaster instead).</summary>
    public static void Register(StoreOptions options)
    {
        var events = options.Events;
        events.MapEventType<ContactRecorded>("contact.contact_recorded");
        events.MapEventType<ReplyAwaited>("contact.reply_awaited");
        events.MapEventType<ReplyGiven>("contact.reply_given");
        events.MapEventType<NoteWritten>("contact.note_written");
        events.MapEventType<NoteAmended>("contact.note_amended");
        events.MapEventType<ConfidentialNoteRead>("contact.confidential_note_read");
        events.MapEventType<SupportFlagRaised>("contact.support_flag_raised");
        events.MapEventType<SupportAttemptRecorded>("contact.support_attempt_recorded");
        events.MapEventType<SupportFlagClosed>("contact.support_flag_closed");
        events.MapEventType<ConsentRecorded>("contact.consent_recorded");
        events.MapEventType<ConsentRevoked>("contact.consent_revoked");
        events.MapEventType<ReferralMade>("contact.referral_made");
        events.MapEventType<ReferralAcknowledged>("contact.referral_acknowledged");
        events.MapEventType<ReferralClosed>("contact.referral_closed");
        events.MapEventType<ConcernRaised>("contact.concern_raised");
        events.MapEventType<ConcernAcknowledged>("contact.concern_acknowledged");
        events.MapEventType<ConcernResolved>("contact.concern_resolved");
        events.MapEventType<ObjectiveSet>("contact.objective_set");
        events.MapEventType<ObjectiveReviewed>("contact.objective_reviewed");
        options.AddWriteModel<ContactLog>();
    }
}
