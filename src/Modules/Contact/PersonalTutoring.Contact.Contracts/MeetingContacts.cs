namespace PersonalTutoring.Contact.Contracts;

/// <summary>
/// A meeting another module (Meetings) recorded as held, with a tutee who came: Contact records it as a contact point
/// (so CO-1 to CO-4 count it) with the tutor's brief note under Contact's own note rules (CO-6: standard or confidential,
/// never edited, read as Contact decides) — the note is kept in Contact only. Publish it through the Wolverine outbox of
/// the command that recorded the meeting. <see cref="ContactId"/> and <see cref="NoteId"/> name what is recorded, so a
/// message handled twice records it once.
/// </summary>
public sealed record MeetingAttended(
    string StudentId, Guid ContactId, Guid NoteId, string StaffId, string RecordedBy, bool Group, bool Video, DateTimeOffset OccurredAt,
    string? NoteText, bool ConfidentialNote);

/// <summary>
/// CO-5 escalation asked by another module (ME-7: a no-show still unanswered after the reminders): Contact raises the
/// Support Team's unanswered-contact flag — the same flag as CO-5's, at most one per term, worked and closed on the
/// Support Team's worklist. <see cref="FlagId"/> names the flag, so a message handled twice raises it once.
/// </summary>
public sealed record EscalationRequested(string StudentId, Guid FlagId, string SchoolCode, int UnansweredAttempts, string Source, DateTimeOffset At);
