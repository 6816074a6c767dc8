using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Meetings.Arranged;

/// <summary>CO-1: the initial meeting is face to face or by video; arranged meetings are one or the other.</summary>
internal enum MeetingFormat { InPerson, Video }

/// <summary>Welcome: the Welcome-Week / initial meeting (ME-1 counts it); Regular: any other.</summary>
internal enum MeetingPurpose { Welcome, Regular }

internal enum Attendance { Attended, Late, AbsentWithReason, NoShow }

internal sealed record AttendanceEntry(string StudentId, Attendance Attendance, string? Reason);

internal interface IMeetingEvent
{
    Guid MeetingId { get; }
}

/// <summary>A tutor (or a Senior Tutor for them) invited one tutee or a group (ME-1: each invitation counts).</summary>
internal sealed record MeetingArranged(
    Guid MeetingId, string TutorId, string SchoolCode, MeetingPurpose Purpose, MeetingFormat Format, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string? Room, string? OnlineLink, IReadOnlyList<string> InviteeIds, string ArrangedBy, DateTimeOffset ArrangedAt) : IMeetingEvent;

internal sealed record InvitationAnswered(Guid MeetingId, string StudentId, bool Accepted, string? Comment, DateTimeOffset AnsweredAt) : IMeetingEvent;

/// <summary>The meeting took place: attendance per invitee. Brief notes are Contact's (sent there, not kept here).</summary>
internal sealed record MeetingHeld(Guid MeetingId, string TutorId, string SchoolCode, IReadOnlyList<AttendanceEntry> Attendance, string RecordedBy, DateTimeOffset RecordedAt) : IMeetingEvent;

/// <summary>ME-8: the tutor asks the Support Team for a private room for the meeting's date and time.</summary>
internal sealed record RoomRequested(Guid MeetingId, string TutorId, string SchoolCode, int Size, string? AccessibilityNeeds, string RequestedBy, DateTimeOffset RequestedAt) : IMeetingEvent;

internal sealed record RoomGranted(Guid MeetingId, string Room, string GrantedBy, DateTimeOffset GrantedAt) : IMeetingEvent;

internal sealed record RoomDeclined(Guid MeetingId, string Reason, string DeclinedBy, DateTimeOffset DeclinedAt) : IMeetingEvent;

internal static class ArrangedMeetingEvents
{
    /// <summary>The aliases are the stored event types: never change one.</summary>
    public static void Register(StoreOptions options)
    {
        var events = options.Events;
        events.MapEventType<MeetingArranged>("meetings.meeting_arranged");
        events.MapEventType<InvitationAnswered>("meetings.invitation_answered");
        events.MapEventType<MeetingHeld>("meetings.meeting_held");
        events.MapEventType<RoomRequested>("meetings.room_requested");
        events.MapEventType<RoomGranted>("meetings.room_granted");
        events.MapEventType<RoomDeclined>("meetings.room_declined");
        options.AddWriteModel<ArrangedMeeting>();
    }
}
