using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Meetings.Access;
using PersonalTutoring.Meetings.ReadModels.Meetings;
using PersonalTutoring.Meetings.Shared;

namespace PersonalTutoring.Meetings.Arranged.Rooms;

/// <summary>
/// ME-8 private rooms: the tutor (or a Senior Tutor) requests one for a meeting (its date and time, a size, accessibility
/// needs); the Support Team lists pending requests, grants a room (the meeting then shows it) or declines with a reason;
/// the tutor is emailed either way.
/// </summary>
internal static class PrivateRooms
{
    internal sealed record RequestRoom(int? Size, string? AccessibilityNeeds);

    internal sealed record PendingRoom(Guid MeetingId, string TutorId, string SchoolCode, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Size,
        string? AccessibilityNeeds, DateTimeOffset RequestedAt);

    internal sealed record GrantRoom(string? Room);

    internal sealed record DeclineRoom(string? Reason);

    internal sealed class RequestValidator : AbstractValidator<RequestRoom>
    {
        public RequestValidator()
        {
            RuleFor(r => r.Size).NotNull().InclusiveBetween(1, 200);
            RuleFor(r => r.AccessibilityNeeds).MaximumLength(1000);
        }
    }

    internal sealed class GrantValidator : AbstractValidator<GrantRoom>
    {
        public GrantValidator() => RuleFor(r => r.Room).NotEmpty().MaximumLength(200);
    }

    internal sealed class DeclineValidator : AbstractValidator<DeclineRoom>
    {
        public DeclineValidator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(1000);
    }

    internal static object[] Request(ArrangedMeeting state, Guid meetingId, RequestRoom r, string actor, DateTimeOffset now)
    {
        if (!state.Arranged) throw new NotFoundException($"Meeting {meetingId} is not known.");
        if (state.Held || state.StartsAt <= now) throw new BusinessRuleException("meeting-started", "A room is requested before the meeting.");
        if (state.Room is RoomStatus.Pending or RoomStatus.Granted)
            throw new BusinessRuleException("room-already-requested", state.Room == RoomStatus.Granted ? "A room is already granted." : "A room request is already waiting.");
        return [new RoomRequested(meetingId, state.TutorId, state.SchoolCode, r.Size!.Value, string.IsNullOrWhiteSpace(r.AccessibilityNeeds) ? null : r.AccessibilityNeeds.Trim(), actor, now)];
    }

    private static void DemandPending(ArrangedMeeting state, Guid meetingId)
    {
        if (!state.Arranged) throw new NotFoundException($"Meeting {meetingId} is not known.");
        if (state.Room != RoomStatus.Pending) throw new BusinessRuleException("no-pending-room-request", "The meeting has no room request waiting.");
    }

    internal static object[] Grant(ArrangedMeeting state, Guid meetingId, string room, string actor, DateTimeOffset now)
    {
        DemandPending(state, meetingId);
        return [new RoomGranted(meetingId, room.Trim(), actor, now)];
    }

    internal static object[] Decline(ArrangedMeeting state, Guid meetingId, string reason, string actor, DateTimeOffset now)
    {
        DemandPending(state, meetingId);
        return [new RoomDeclined(meetingId, reason.Trim(), actor, now)];
    }

    private static async Task<IResult> DecideAsync(HttpContext http, Guid meetingId, MeetingsContext context, IDocumentSession session, MeetingNotices notices,
        Func<ArrangedMeeting, DateTimeOffset, object[]> decide, Func<MeetingView, string>? tell, CancellationToken ct)
    {
        var current = await session.Events.FetchForWriting<ArrangedMeeting>(ArrangedMeeting.StreamId(meetingId), ct);
        current.AppendDecision(http, decide(current.State, context.Clock.GetUtcNow()));
        var meeting = http.MeetingStanding().Meeting;
        if (tell is not null)
            await notices.PublishAsync(new EmailRequested(meeting.Invitations[0].StudentId, meeting.TutorId, null, "Your private room request", tell(meeting)));
        await session.SaveChangesAsync(ct);
        return Results.NoContent();
    }

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/meetings/{meetingId:guid}/room-request", (Guid meetingId, RequestRoom request, HttpContext http, MeetingsContext context,
                IDocumentSession session, MeetingNotices notices, CancellationToken ct) =>
                DecideAsync(http, meetingId, context, session, notices, (s, now) => Request(s, meetingId, request, http.CurrentUser().Id, now), null, ct))
            .RequireAuthorization(MeetingsPolicies.Arrange)
            .RequireMeeting(staff: true, invitees: false, "request a room")
            .Validate<RequestRoom>()
            .WithName("RequestPrivateRoom")
            .WithVersionHeaders()
            .WithSummary("The tutor (or a Senior Tutor) asks the Support Team for a private room for the meeting: size and accessibility needs (ME-8).")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/api/meetings/{meetingId:guid}/room-request/grant", (Guid meetingId, GrantRoom request, HttpContext http, MeetingsContext context,
                IDocumentSession session, MeetingNotices notices, CancellationToken ct) =>
                DecideAsync(http, meetingId, context, session, notices, (s, now) => Grant(s, meetingId, request.Room!, http.CurrentUser().Id, now),
                    m => $"Your meeting on {MeetingNotices.Local(m.StartsAt)} has a private room: {request.Room!.Trim()}.\n", ct))
            .RequireAuthorization(MeetingsPolicies.Rooms)
            .RequireMeeting(staff: false, invitees: false, "grant a room", supportTeam: true)
            .Validate<GrantRoom>()
            .WithName("GrantPrivateRoom")
            .WithVersionHeaders()
            .WithSummary("The Support Team grants a room for a requested meeting; the meeting shows it and the tutor is emailed.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/api/meetings/{meetingId:guid}/room-request/decline", (Guid meetingId, DeclineRoom request, HttpContext http, MeetingsContext context,
                IDocumentSession session, MeetingNotices notices, CancellationToken ct) =>
                DecideAsync(http, meetingId, context, session, notices, (s, now) => Decline(s, meetingId, request.Reason!, http.CurrentUser().Id, now),
                    m => $"No private room can be given for your meeting on {MeetingNotices.Local(m.StartsAt)}.\n\nReason: {request.Reason!.Trim()}\n", ct))
            .RequireAuthorization(MeetingsPolicies.Rooms)
            .RequireMeeting(staff: false, invitees: false, "decline a room", supportTeam: true)
            .Validate<DeclineRoom>()
            .WithName("DeclinePrivateRoom")
            .WithVersionHeaders()
            .WithSummary("The Support Team declines a room request with its reason; the tutor is emailed.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapGet("/api/support-team/room-requests", async (IQuerySession session, CancellationToken ct) =>
            {
                var meetings = await session.Query<MeetingView>().Where(m => m.RoomRequest != null && m.RoomRequest.Status == RoomStatus.Pending)
                    .OrderBy(m => m.StartsAt).ToListAsync(ct);
                // What the Support Team needs to find a room, and no tutee names.
                return Results.Ok(meetings.Select(m => new PendingRoom(m.MeetingId, m.TutorId, m.SchoolCode, m.StartsAt, m.EndsAt, m.RoomRequest!.Size,
                    m.RoomRequest.AccessibilityNeeds, m.RoomRequest.RequestedAt)).ToList());
            })
            .RequireAuthorization(MeetingsPolicies.Rooms)
            .WithName("GetPendingRoomRequests")
            .WithSummary("The Support Team's pending private-room requests, soonest meeting first, with date, time, size and accessibility needs.")
            .Produces<IReadOnlyList<PendingRoom>>();
    }
}
