namespace PersonalTutoring.Allocation.Contracts;

/// <summary>
/// Another module asks Allocation's notification path (AL-5, docs/adr/0023: stored, retried, dead-lettered, replayable by
/// an Admin) to email a student or a staff member. Publish it through the Wolverine outbox of the command's own session,
/// so it is sent if and only if the command commits. <see cref="To"/> may be left null: Allocation then looks up the
/// address of <see cref="RecipientId"/> (a student number or a tutor's staff id); one it does not know is not sent.
/// <see cref="Calendar"/>: an iCalendar (RFC 5545) text sent as the attachment <c>invite.ics</c>, its METHOD
/// (REQUEST, CANCEL) on the part's content type, so mail clients offer to add or remove the meeting.
/// </summary>
public sealed record EmailRequested(string StudentId, string RecipientId, string? To, string Subject, string Body, string? Calendar = null);
