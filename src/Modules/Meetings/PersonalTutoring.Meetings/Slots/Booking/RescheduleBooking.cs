using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Meetings.Access;
using PersonalTutoring.Meetings.ReadModels.Slots;
using PersonalTutoring.Meetings.Shared;

namespace PersonalTutoring.Meetings.Slots.Booking;

/// <summary>POST /api/slots/{slotId}/bookings/{bookingId}/reschedule: the tutee moves their place to another slot, up to the cut-off.</summary>
internal static class RescheduleBooking
{
    internal sealed record Request(Guid? ToSlotId);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.ToSlotId).NotNull().NotEqual(Guid.Empty);
    }

    /// <summary>
    /// Both slots change in one transaction (each stream version-checked): the place is given up on the first only if it
    /// is taken on the second. The agenda travels with the booking.
    /// </summary>
    internal static (object[] From, object[] To) Decide(ClinicSlot from, ClinicSlot to, Guid fromSlotId, Guid toSlotId, Guid bookingId, Guid newBookingId,
        string? agenda, MeetingsSettings settings, string actor, DateTimeOffset now)
    {
        if (to.KnownBookings.Contains(newBookingId)) return ([], []); // a retry of a move already made
        if (fromSlotId == toSlotId) throw new BusinessRuleException("same-slot", "The booking is already on this slot.");
        var cancel = CancelBooking.Decide(from, fromSlotId, bookingId, byTutee: true, null, settings, actor, now);
        var student = from.Bookings[bookingId];
        var book = BookSlot.Decide(to, toSlotId, newBookingId, student, agenda, actor, now);
        return ([((BookingCancelled)cancel[0]) with { Reason = "Rescheduled", RescheduledTo = toSlotId }], [((SlotBooked)book[0]) with { RescheduledFrom = fromSlotId }]);
    }

    internal sealed record Moved(Guid BookingId, Guid SlotId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Room, string? OnlineLink);

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/slots/{slotId:guid}/bookings/{bookingId:guid}/reschedule", async (Guid slotId, Guid bookingId, Request request, HttpContext http,
                MeetingsContext context, IDocumentSession session, MeetingNotices notices, CancellationToken ct) =>
            {
                var toSlotId = request.ToSlotId!.Value;
                var newBookingId = http.NewId("rescheduled-booking");
                var from = await session.Events.FetchForWriting<ClinicSlot>(ClinicSlot.StreamId(slotId), ct);
                var to = await session.Events.FetchForWriting<ClinicSlot>(ClinicSlot.StreamId(toSlotId), ct);
                var agenda = http.SlotStanding().Booking?.Agenda;
                var (cancelled, booked) = Decide(from.State, to.State, slotId, toSlotId, bookingId, newBookingId, agenda, context.Settings, http.CurrentUser().Id,
                    context.Clock.GetUtcNow());
                from.AppendDecision(http, cancelled);
                var target = await session.LoadAsync<SlotView>(SlotView.IdOf(toSlotId), ct);
                if (booked.Length > 0)
                {
                    to.AppendMany(booked);
                    var standing = http.SlotStanding();
                    await notices.BookingCancelledAsync(standing.Slot, bookingId, standing.Booking!.StudentId, agenda, ct);
                    await notices.BookedAsync(target!, newBookingId, standing.Booking.StudentId, agenda, ct);
                }
                await session.SaveChangesAsync(ct);
                return Results.Ok(new Moved(newBookingId, toSlotId, target!.StartsAt, target.EndsAt, target.Room, target.OnlineLink));
            })
            .RequireAuthorization(MeetingsPolicies.Reschedule)
            .RequireSlot(staff: false, tutees: false, bookingHolder: true, "move a booking")
            // The target slot is named in the body: it must be the tutee's tutor's (or stand-in's) too, checked before validation.
            .RequireBodyResource<Request>(async (request, http, user) =>
            {
                if (request.ToSlotId is not { } toSlotId || toSlotId == Guid.Empty) return;
                var target = await http.RequestServices.GetRequiredService<IQuerySession>().LoadAsync<SlotView>(SlotView.IdOf(toSlotId), http.RequestAborted)
                    ?? throw new NotFoundException($"Slot {toSlotId} is not known.");
                var now = http.RequestServices.GetRequiredService<MeetingsContext>().Clock.GetUtcNow();
                if (!await TutorAccess.IsTutorOfAsync(http, user.Id, target.TutorId, target.StartsAt > now ? target.StartsAt : now))
                    throw new ForbiddenException($"Slot {toSlotId} is not one of your tutor's.");
            })
            .Validate<Request>()
            .WithName("RescheduleBooking")
            .WithVersionHeaders()
            .WithSummary("The tutee moves their booking to another free slot of their tutor, up to the cut-off before the original slot.")
            .Produces<Moved>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
