using System.Collections.Immutable;
using JasperFx.Events;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Meetings.Arranged;

internal enum RoomStatus { Pending, Granted, Declined }

/// <summary>The write model of an arranged meeting (stream <c>meetings-meeting-{meetingId}</c>).</summary>
internal sealed record ArrangedMeeting : IWriteModel<ArrangedMeeting>
{
    public string Id { get; init; } = "";
    public bool Arranged { get; init; }
    public string TutorId { get; init; } = "";
    public string SchoolCode { get; init; } = "";
    public MeetingFormat Format { get; init; }
    public DateTimeOffset StartsAt { get; init; }

    /// <summary>Invitee → accepted (true), declined (false) or not yet answered (null).</summary>
    public ImmutableDictionary<string, bool?> Invitees { get; init; } = ImmutableDictionary<string, bool?>.Empty;

    public bool Held { get; init; }

    /// <summary>The private-room request (ME-8): none, pending, granted or declined.</summary>
    public RoomStatus? Room { get; init; }

    public static ArrangedMeeting Initial => new();

    public static string StreamId(Guid meetingId) => $"meetings-meeting-{meetingId:N}";

    public ArrangedMeeting Evolve(IEvent @event) => @event.Data switch
    {
        MeetingArranged e => this with
        {
            Arranged = true,
            TutorId = e.TutorId,
            SchoolCode = e.SchoolCode,
            Format = e.Format,
            StartsAt = e.StartsAt,
            Invitees = e.InviteeIds.ToImmutableDictionary(id => id, _ => (bool?)null),
        },
        InvitationAnswered e => this with { Invitees = Invitees.SetItem(e.StudentId, e.Accepted) },
        MeetingHeld => this with { Held = true },
        RoomRequested => this with { Room = RoomStatus.Pending },
        RoomGranted => this with { Room = RoomStatus.Granted },
        RoomDeclined => this with { Room = RoomStatus.Declined },
        _ => this,
    };
}
