using JasperFx.Events;
using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Meetings.Arranged.NoShows;

/// <summary>A no-show without a reason (ME-7), recorded with the meeting's attendance; reminders follow.</summary>
internal sealed record NoShowRecorded(Guid MeetingId, string StudentId, string TutorId, string SchoolCode, DateTimeOffset MeetingAt, DateTimeOffset RecordedAt);

internal sealed record NoShowReminderSent(Guid MeetingId, string StudentId, int Number, DateTimeOffset SentAt);

/// <summary>The tutee got in touch (the tutor says so): no more reminders, no escalation.</summary>
internal sealed record NoShowResolved(Guid MeetingId, string StudentId, string ResolvedBy, string? Note, DateTimeOffset ResolvedAt);

/// <summary>After the reminders went unanswered: the tutee is told to get in touch and the Support Team's CO-5 flag is asked for.</summary>
internal sealed record NoShowEscalated(Guid MeetingId, string StudentId, int Reminders, Guid FlagId, DateTimeOffset EscalatedAt);

/// <summary>The follow-up of one tutee's no-show at one meeting (stream <c>meetings-noshow-{meetingId}-{studentId}</c>).</summary>
internal sealed record NoShowFollowUp : IWriteModel<NoShowFollowUp>
{
    public string Id { get; init; } = "";
    public bool Recorded { get; init; }
    public string TutorId { get; init; } = "";
    public string SchoolCode { get; init; } = "";
    public DateTimeOffset MeetingAt { get; init; }
    public int RemindersSent { get; init; }
    public bool Resolved { get; init; }
    public bool Escalated { get; init; }

    public bool Open => Recorded && !Resolved && !Escalated;

    public static NoShowFollowUp Initial => new();

    public static string StreamId(Guid meetingId, string studentId) => $"meetings-noshow-{meetingId:N}-{studentId}";

    public NoShowFollowUp Evolve(IEvent @event) => @event.Data switch
    {
        NoShowRecorded e => this with { Recorded = true, TutorId = e.TutorId, SchoolCode = e.SchoolCode, MeetingAt = e.MeetingAt },
        NoShowReminderSent e => this with { RemindersSent = e.Number },
        NoShowResolved => this with { Resolved = true },
        NoShowEscalated => this with { Escalated = true },
        _ => this,
    };

    public static void Register(StoreOptions options)
    {
        var events = options.Events;
        events.MapEventType<NoShowRecorded>("meetings.no_show_recorded");
        events.MapEventType<NoShowReminderSent>("meetings.no_show_reminder_sent");
        events.MapEventType<NoShowResolved>("meetings.no_show_resolved");
        events.MapEventType<NoShowEscalated>("meetings.no_show_escalated");
        options.AddWriteModel<NoShowFollowUp>();
    }
}
