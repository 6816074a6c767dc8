using System.Text.Json.Serialization;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Meetings.Arranged;

namespace PersonalTutoring.Meetings.ReadModels.Meetings;

internal enum InvitationAnswer { Pending, Accepted, Declined }

internal sealed record InvitationEntry(string StudentId, InvitationAnswer Answer, string? Comment, Attendance? Attendance, string? AbsenceReason);

/// <summary>A private-room request (ME-8) and its outcome.</summary>
internal sealed record RoomRequestEntry(int Size, string? AccessibilityNeeds, RoomStatus Status, string RequestedBy, DateTimeOffset RequestedAt, string? DeclineReason);

/// <summary>An arranged meeting with its invitations, answers and (once held) attendance per tutee.</summary>
internal sealed record MeetingView(
    Guid MeetingId, string TutorId, string SchoolCode, MeetingPurpose Purpose, MeetingFormat Format, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string? Room, string? OnlineLink, IReadOnlyList<InvitationEntry> Invitations, bool Held, string ArrangedBy, DateTimeOffset ArrangedAt,
    RoomRequestEntry? RoomRequest = null)
{
    [JsonIgnore]
    public string Id => IdOf(MeetingId);

    public static string IdOf(Guid meetingId) => ArrangedMeeting.StreamId(meetingId);
}

/// <summary>Inline: the access checks of meeting routes read the meeting's tutor and invitees from it before the body is read.</summary>
internal sealed class MeetingViewProjection : StreamFoldProjection<MeetingView>
{
    public override ProjectionLifecycle Lifecycle => ProjectionLifecycle.Inline;

    public override string Name => "meetings-arranged";

    public override IReadOnlyCollection<Type> EventTypes =>
        [typeof(MeetingArranged), typeof(InvitationAnswered), typeof(MeetingHeld), typeof(RoomRequested), typeof(RoomGranted), typeof(RoomDeclined)];

    protected override string DocumentId(IEvent e) => MeetingView.IdOf(((IMeetingEvent)e.Data).MeetingId);

    protected override MeetingView? Evolve(MeetingView? current, IEvent e) => (current, e.Data) switch
    {
        (_, MeetingArranged a) => new MeetingView(a.MeetingId, a.TutorId, a.SchoolCode, a.Purpose, a.Format, a.StartsAt, a.EndsAt, a.Room, a.OnlineLink,
            [.. a.InviteeIds.Select(id => new InvitationEntry(id, InvitationAnswer.Pending, null, null, null))], false, a.ArrangedBy, a.ArrangedAt),
        (null, _) => null,
        ({ } v, InvitationAnswered x) => v with
        {
            Invitations = [.. v.Invitations.Select(i => i.StudentId == x.StudentId
                ? i with { Answer = x.Accepted ? InvitationAnswer.Accepted : InvitationAnswer.Declined, Comment = x.Comment } : i)],
        },
        ({ } v, MeetingHeld h) => v with
        {
            Held = true,
            Invitations = [.. v.Invitations.Select(i => h.Attendance.FirstOrDefault(a => a.StudentId == i.StudentId) is { } a
                ? i with { Attendance = a.Attendance, AbsenceReason = a.Reason } : i)],
        },
        ({ } v, RoomRequested r) => v with { RoomRequest = new RoomRequestEntry(r.Size, r.AccessibilityNeeds, RoomStatus.Pending, r.RequestedBy, r.RequestedAt, null) },
        ({ RoomRequest: { } request } v, RoomGranted g) => v with { Room = g.Room, RoomRequest = request with { Status = RoomStatus.Granted } },
        ({ RoomRequest: { } request } v, RoomDeclined d) => v with { RoomRequest = request with { Status = RoomStatus.Declined, DeclineReason = d.Reason } },
        _ => current,
    };

    public static void Register(StoreOptions options)
    {
        options.Schema.For<MeetingView>().DatabaseSchemaName(MeetingsModule.Schema).Identity(v => v.Id).Index(v => v.TutorId).Index(v => v.SchoolCode).Index(v => v.StartsAt);
        options.AddFold(new MeetingViewProjection());
    }
}
