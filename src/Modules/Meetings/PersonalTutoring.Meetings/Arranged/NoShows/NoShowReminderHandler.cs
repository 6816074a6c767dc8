using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Contact.Contracts;
using PersonalTutoring.Meetings.Shared;
using Wolverine;
using Wolverine.Attributes;

namespace PersonalTutoring.Meetings.Arranged.NoShows;

// Public because Wolverine's generated handler code (compiled outside this assembly) names them. The identities are
// stable, like event aliases: they are stored in Wolverine's envelope tables while a reminder waits.

/// <summary>
/// The <paramref name="Number"/>-th step of a no-show's follow-up is due: reminders 1..<paramref name="Reminders"/>, then the
/// escalation. The policy travels in the message, so a follow-up finishes under the policy it started with.
/// </summary>
[MessageIdentity("meetings.no_show_step_due")]
public sealed record NoShowStepDue(Guid MeetingId, string StudentId, int Number, int Reminders, double IntervalHours);

/// <summary>
/// ME-7 / CO-5: a no-show is reminded at the policy interval, through Wolverine scheduled messages (durable: a restart
/// loses none); after the last reminder the tutee is emailed that they must get in touch and Contact is asked to raise
/// the Support Team's unanswered-contact flag — the same flag as CO-5, once per term. A follow-up the tutor resolved
/// stops. Transactional: the follow-up's events, the emails and the next step commit together.
/// </summary>
public static class NoShowStepHandler
{
    public static async Task<OutgoingMessages> Handle(NoShowStepDue step, IDocumentSession session, IAllocationQueries allocation, TimeProvider clock, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var stream = await session.Events.FetchForWriting<NoShowFollowUp>(NoShowFollowUp.StreamId(step.MeetingId, step.StudentId), ct);
        var followUp = stream.State;
        // Resolved, escalated, or a step already taken (a redelivered message): nothing more to do.
        if (!followUp.Open || step.Number <= followUp.RemindersSent) return messages;

        var now = clock.GetUtcNow();
        var student = await allocation.StudentAsync(step.StudentId, ct);
        var name = student is null ? "student" : $"{student.GivenName} {student.FamilyName}";
        var missed = MeetingNotices.Local(followUp.MeetingAt);
        if (step.Number <= step.Reminders)
        {
            stream.AppendOne(new NoShowReminderSent(step.MeetingId, step.StudentId, step.Number, now));
            messages.Add(new EmailRequested(step.StudentId, step.StudentId, student?.Email, $"Reminder {step.Number}: you missed a meeting with your personal tutor",
                $"Dear {name},\n\nYou did not attend the meeting with your personal tutor on {missed} and gave no reason. Please get in touch with your tutor "
                + "to arrange another time.\n"));
            messages.Delay(step with { Number = step.Number + 1 }, TimeSpan.FromHours(step.IntervalHours));
            return messages;
        }

        var flagId = Guid.CreateVersion7(now);
        stream.AppendOne(new NoShowEscalated(step.MeetingId, step.StudentId, followUp.RemindersSent, flagId, now));
        messages.Add(new EmailRequested(step.StudentId, step.StudentId, student?.Email, "You must get in touch with your personal tutor",
            $"Dear {name},\n\nYou missed the meeting with your personal tutor on {missed} and have not answered {followUp.RemindersSent} reminders. You must now get in "
            + "touch with your tutor; the Student Support Team has been asked to contact you.\n"));
        messages.Add(new EscalationRequested(step.StudentId, flagId, followUp.SchoolCode, followUp.RemindersSent + 1, "meeting-no-show", now));
        return messages;
    }
}
