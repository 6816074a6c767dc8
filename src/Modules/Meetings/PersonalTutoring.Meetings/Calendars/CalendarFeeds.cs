using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Meetings.Access;
using PersonalTutoring.Meetings.ReadModels.Meetings;
using PersonalTutoring.Meetings.ReadModels.Slots;
using PersonalTutoring.Meetings.Shared;

namespace PersonalTutoring.Meetings.Calendars;

/// <summary>
/// Issue 12 item 8: a private, revocable iCalendar feed per tutor and per tutee. <c>POST /api/calendar-feed</c> issues
/// (or replaces) the caller's secret URL, <c>DELETE</c> revokes it; <c>GET /api/calendar-feeds/{token}</c> answers
/// calendar applications, which cannot send a bearer token: the token in the URL is the credential, so the route is
/// anonymous and a token that is unknown or revoked is a 404.
/// </summary>
internal static class CalendarFeeds
{
    public const string FeedRoute = "/api/calendar-feeds";

    /// <summary>How far back and ahead a feed lists meetings.</summary>
    public static readonly TimeSpan Back = TimeSpan.FromDays(60), Ahead = TimeSpan.FromDays(400);

    internal sealed record Issued(string FeedUrl);

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/calendar-feed", async (HttpContext http, MeetingsContext context, IDocumentSession session, CancellationToken ct) =>
            {
                var user = http.CurrentUser();
                var owner = user.IsIn(Roles.Student) ? FeedOwner.Tutee : FeedOwner.Tutor;
                var token = CalendarFeed.NewToken();
                var current = await session.Events.FetchForWriting<CalendarFeed>(CalendarFeed.StreamId(user.Id), ct);
                current.AppendDecision(http, CalendarFeed.Issue(current.State, user.Id, owner, CalendarFeed.Hash(token), context.Clock.GetUtcNow()));
                await session.SaveChangesAsync(ct);
                return Results.Created($"{FeedRoute}/{token}", new Issued($"{FeedRoute}/{token}"));
            })
            .RequireAuthorization(MeetingsPolicies.Feeds)
            .WithName("IssueCalendarFeed")
            .WithSummary("Issues the caller's private calendar feed URL (tutor: slots and meetings; tutee: bookings and invitations); a new one replaces the old.")
            .Produces<Issued>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapDelete("/api/calendar-feed", async (HttpContext http, MeetingsContext context, IDocumentSession session, CancellationToken ct) =>
            {
                var user = http.CurrentUser();
                var current = await session.Events.FetchForWriting<CalendarFeed>(CalendarFeed.StreamId(user.Id), ct);
                var events = CalendarFeed.Revoke(current.State, user.Id, context.Clock.GetUtcNow());
                if (events.Length == 0) throw new NotFoundException("You have no calendar feed.");
                current.AppendDecision(http, events);
                await session.SaveChangesAsync(ct);
                return Results.NoContent();
            })
            .RequireAuthorization(MeetingsPolicies.Feeds)
            .WithName("RevokeCalendarFeed")
            .WithSummary("Revokes the caller's calendar feed URL: it stops answering at once.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet($"{FeedRoute}/{{token}}", async (string token, MeetingsContext context, IQuerySession session, CancellationToken ct) =>
            {
                var feed = await session.LoadAsync<CalendarFeedView>(CalendarFeed.Hash(token), ct) ?? throw new NotFoundException("No such calendar feed.");
                var now = context.Clock.GetUtcNow();
                var items = feed.Owner == FeedOwner.Tutor ? await TutorItemsAsync(session, feed.UserId, now, ct) : await TuteeItemsAsync(session, feed.UserId, now, ct);
                return Results.Text(Ics.Feed($"Personal tutoring ({feed.UserId})", items, now), Ics.ContentType);
            })
            .AllowAnonymous()
            .WithName("GetCalendarFeed")
            .WithSummary("A private iCalendar (RFC 5545) feed for calendar applications; the secret token in the URL is the credential (no bearer token).")
            .Produces<string>(StatusCodes.Status200OK, "text/calendar")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<List<IcsItem>> TutorItemsAsync(IQuerySession session, string tutorId, DateTimeOffset now, CancellationToken ct)
    {
        var (from, to) = (now - Back, now + Ahead);
        var slots = await session.Query<SlotView>().Where(v => v.TutorId == tutorId && v.StartsAt >= from && v.StartsAt < to).ToListAsync(ct);
        var meetings = await session.Query<MeetingView>().Where(v => v.TutorId == tutorId && v.StartsAt >= from && v.StartsAt < to).ToListAsync(ct);
        return
        [
            .. slots.Select(s => new IcsItem($"slot-{s.SlotId}@personal-tutoring", s.StartsAt, s.EndsAt,
                $"Tutee clinic ({s.Booked()} of {s.Capacity} booked)", Where(s.Room, s.OnlineLink),
                string.Join("\n", s.Bookings.Where(b => b.Status == BookingStatus.Booked).Select(b => $"{b.StudentId}{(b.Agenda is null ? "" : $": {b.Agenda}")}")), s.Cancelled)),
            .. meetings.Select(m => new IcsItem($"meeting-{m.MeetingId}@personal-tutoring", m.StartsAt, m.EndsAt,
                $"{(m.Purpose == Arranged.MeetingPurpose.Welcome ? "Welcome meeting" : "Tutee meeting")} ({m.Invitations.Count} invited)", Where(m.Room, m.OnlineLink),
                string.Join("\n", m.Invitations.Select(i => $"{i.StudentId}: {i.Answer}")), false)),
        ];
    }

    private static async Task<List<IcsItem>> TuteeItemsAsync(IQuerySession session, string studentId, DateTimeOffset now, CancellationToken ct)
    {
        var (from, to) = (now - Back, now + Ahead);
        var slots = await session.Query<SlotView>().Where(v => v.StartsAt >= from && v.StartsAt < to && v.Bookings.Any(b => b.StudentId == studentId)).ToListAsync(ct);
        var meetings = await session.Query<MeetingView>().Where(v => v.StartsAt >= from && v.StartsAt < to && v.Invitations.Any(i => i.StudentId == studentId)).ToListAsync(ct);
        return
        [
            .. slots.SelectMany(s => s.Bookings.Where(b => b.StudentId == studentId).Select(b => new IcsItem($"booking-{b.BookingId}@personal-tutoring", s.StartsAt, s.EndsAt,
                "Meeting with your personal tutor", Where(s.Room, s.OnlineLink), b.Agenda, b.Status != BookingStatus.Booked))),
            .. meetings.Select(m => new IcsItem($"meeting-{m.MeetingId}@personal-tutoring", m.StartsAt, m.EndsAt,
                m.Purpose == Arranged.MeetingPurpose.Welcome ? "Welcome meeting with your personal tutor" : "Meeting with your personal tutor", Where(m.Room, m.OnlineLink), null,
                m.Invitations.Any(i => i.StudentId == studentId && i.Answer == InvitationAnswer.Declined))),
        ];
    }

    private static string? Where(string? room, string? link) => room is null ? link : link is null ? room : $"{room} / {link}";
}

/// <summary>
/// GET /api/slots/{slotId}/bookings/{bookingId}/invite: the booking as one iCalendar invitation to add to a calendar
/// (METHOD:REQUEST), or its withdrawal once cancelled (METHOD:CANCEL, the same UID), for the tutee and the tutor.
/// </summary>
internal static class BookingInvite
{
    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/slots/{slotId:guid}/bookings/{bookingId:guid}/invite", (Guid slotId, Guid bookingId, HttpContext http, MeetingsContext context) =>
            {
                var standing = http.SlotStanding();
                var (slot, booking) = (standing.Slot, standing.Booking!);
                var item = Ics.ForBooking(slot, booking.BookingId, booking.Agenda, booking.Status != BookingStatus.Booked);
                return Results.Text(Ics.Invitation(item, context.Clock.GetUtcNow()), Ics.ContentType);
            })
            .RequireAuthorization(MeetingsPolicies.ReadBookings)
            .RequireSlot(staff: true, tutees: false, bookingHolder: true, "see the booking")
            .WithName("GetBookingInvite")
            .WithSummary("A booking as an iCalendar invitation (METHOD:REQUEST), or METHOD:CANCEL once it or its slot was cancelled, for the tutee and the tutor.")
            .Produces<string>(StatusCodes.Status200OK, "text/calendar")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
