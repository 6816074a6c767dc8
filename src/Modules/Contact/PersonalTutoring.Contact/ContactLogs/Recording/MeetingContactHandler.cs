using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.Contact.Contracts;

namespace PersonalTutoring.Contact.ContactLogs.Recording;

/// <summary>
/// Records a meeting held in the Meetings module as a contact, through the same decider as <c>POST .../contacts</c>: its
/// note follows the same rules, and a message handled again records nothing twice (the contact id is the message's).
/// Transactional: Wolverine saves the session with the message marked handled.
/// </summary>
public static class MeetingContactHandler
{
    public static async Task Handle(MeetingAttended m, IDocumentSession session, IStudentDirectory directory, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var facts = await directory.FindAsync(m.StudentId, m.OccurredAt, ct);
        var kind = m.Video ? ContactKind.VideoCall : m.Group ? ContactKind.GroupMeeting : ContactKind.IndividualMeeting;
        var note = m.NoteText is null ? null : new RecordContact.NoteRequest(m.NoteText, m.ConfidentialNote ? Confidentiality.Confidential : Confidentiality.Standard);
        var late = now - m.OccurredAt > TimeSpan.FromDays(RecordContact.LateRecordingDays) ? "Recorded when the meeting's attendance was recorded" : null;
        var request = new RecordContact.Request(kind, ContactDirection.TutorInitiated, m.OccurredAt, false, true, note, late);
        var actor = new RecordContact.Actor(m.StaffId, m.RecordedBy, facts?.SchoolCode ?? "", [.. facts?.CurrentTutorIds ?? []]);

        var current = await session.Events.FetchForWriting<ContactLog>(ContactLog.StreamId(m.StudentId), ct);
        current.AppendMany(RecordContact.Decide(current.State, m.StudentId, request, new RecordContact.Ids(m.ContactId, m.NoteId, Guid.Empty), actor,
            new RecordContact.Rules(null, null, int.MaxValue), now));
    }
}
