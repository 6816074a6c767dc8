using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Meetings.Access;
using PersonalTutoring.Meetings.Shared;

namespace PersonalTutoring.Meetings.ReadModels.Slots;

/// <summary>
/// One slot in a listing. Staff (the tutor, a Senior Tutor) see every booking; a tutee sees free places and their own
/// booking only (<see cref="Bookings"/> is null for them), never who else booked.
/// </summary>
internal sealed record SlotListing(Guid SlotId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Capacity, int FreePlaces, string? Room, string? OnlineLink,
    bool OnClosureDay, bool Cancelled, string? CancelReason, Guid? YourBookingId, IReadOnlyList<BookingEntry>? Bookings);

/// <summary>GET /api/tutors/{staffId}/slots?from=&amp;to=: a tutor's clinic slots between two dates (London), inclusive.</summary>
internal static class TutorSlots
{
    /// <summary>The longest window one listing covers (a year of slots).</summary>
    public const int MaxDays = 366;

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/tutors/{staffId}/slots", async (string staffId, DateOnly? from, DateOnly? to, HttpContext http, MeetingsContext context, IQuerySession session,
                CancellationToken ct) =>
            {
                var standing = http.TutorStanding();
                var now = context.Clock.GetUtcNow();
                var zone = TimeZoneInfo.FindSystemTimeZoneById(MeetingsContext.DefaultTimeZoneId);
                var first = from ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
                var last = to ?? (first.Year <= 2100 ? first.AddDays(27) : first);
                if (first.Year < 2000 || first.Year > 2100 || last.Year > 2100 || last < first || last.DayNumber - first.DayNumber >= MaxDays)
                    throw RequestValidationException.For("to", $"Give from ≤ to, at most {MaxDays} days apart, between 2000 and 2100.");
                var (start, end) = (StartOf(first, zone), StartOf(last.AddDays(1), zone));

                var slots = await session.Query<SlotView>()
                    .Where(v => v.TutorId == staffId && v.StartsAt >= start && v.StartsAt < end)
                    .OrderBy(v => v.StartsAt).ToListAsync(ct);
                var me = http.CurrentUser().Id;
                var listing = standing.Relation == TutorRelation.Tutee
                    ? slots.Where(v => v.LiveBookingOf(me) is not null || (!v.Cancelled && v.StartsAt > now && v.Booked() < v.Capacity))
                        .Select(v => Listing(v, v.LiveBookingOf(me)?.BookingId, null))
                    : slots.Select(v => Listing(v, null, v.Bookings));
                return Results.Ok(listing.ToList());
            })
            .RequireAuthorization(MeetingsPolicies.ReadSlots)
            .RequireTutor(tutees: true, "see the clinic slots")
            .WithName("GetTutorSlots")
            .WithSummary("A tutor's clinic slots between two dates: all with their bookings for the tutor and Senior Tutor, free places for the tutor's tutees.")
            .Produces<IReadOnlyList<SlotListing>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static SlotListing Listing(SlotView v, Guid? yours, IReadOnlyList<BookingEntry>? bookings) =>
        new(v.SlotId, v.StartsAt, v.EndsAt, v.Capacity, v.Cancelled ? 0 : v.Capacity - v.Booked(), v.Room, v.OnlineLink, v.OnClosureDay, v.Cancelled, v.CancelReason,
            yours, bookings);

    public static DateTimeOffset StartOf(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
