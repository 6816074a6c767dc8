using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Meetings.ReadModels.Slots;
using PersonalTutoring.Meetings.Shared;

namespace PersonalTutoring.Meetings.Access;

/// <summary>How the caller stands towards the slot a route names, as <see cref="SlotAccess.RequireSlot"/> established it.</summary>
internal sealed record SlotStanding(SlotView Slot, TutorRelation? Relation, BookingEntry? Booking);

/// <summary>
/// Routes under <c>/api/slots/{slotId}</c>: the slot's tutor, a Senior Tutor of its school, a tutee of the tutor (for
/// booking) or the holder of the booking the route names (<c>{bookingId}</c>). A student who holds nothing on the slot
/// and is not the tutor's tutee gets a 403 (booking someone else's tutor, issue 12); a booking that is not theirs the
/// same 404 as one that does not exist.
/// </summary>
internal static class SlotAccess
{
    private static readonly object Key = new();

    public static TBuilder RequireSlot<TBuilder>(this TBuilder builder, bool staff, bool tutees, bool bookingHolder, string action) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireResource(async (http, user) =>
        {
            var slotId = Guid.Parse(http.RouteValue("slotId"));
            var context = http.RequestServices.GetRequiredService<MeetingsContext>();
            var session = http.RequestServices.GetRequiredService<IQuerySession>();
            var slot = await session.LoadAsync<SlotView>(SlotView.IdOf(slotId), http.RequestAborted) ?? throw new NotFoundException($"Slot {slotId} is not known.");
            BookingEntry? booking = null;
            if (http.GetRouteValue("bookingId")?.ToString() is { } text)
            {
                var bookingId = Guid.Parse(text);
                booking = slot.Bookings.FirstOrDefault(b => b.BookingId == bookingId);
                var visible = booking is not null && (!user.IsIn(Roles.Student) || booking.StudentId == user.Id || !bookingHolder);
                if (!visible) throw new NotFoundException($"Booking {bookingId} is not known on slot {slotId}, or not to you.");
            }
            if (bookingHolder && booking is not null && user.IsIn(Roles.Student) && booking.StudentId == user.Id)
            {
                http.Items[Key] = new SlotStanding(slot, null, booking);
                return;
            }
            var now = context.Clock.GetUtcNow();
            // A stand-in counts while the tutor is away at the time of the slot (AL-11), so the question is asked then.
            var at = slot.StartsAt > now ? slot.StartsAt : now;
            var standing = staff || tutees
                ? await TutorAccess.StandingAsync(http, user, slot.TutorId, slot.SchoolCode, tutees, at, action)
                : throw new ForbiddenException($"You may not {action} on slot {slotId}.");
            if (!staff && standing.Relation != TutorRelation.Tutee) throw new ForbiddenException($"You may not {action} on slot {slotId}.");
            http.Items[Key] = new SlotStanding(slot, standing.Relation, booking);
        });

    public static SlotStanding SlotStanding(this HttpContext http) =>
        http.Items[Key] as SlotStanding ?? throw new InvalidOperationException($"{http.Request.Path} has no slot check (RequireSlot).");
}
