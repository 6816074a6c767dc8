using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Meetings.Access;
using PersonalTutoring.Meetings.Shared;

namespace PersonalTutoring.Meetings.Slots.Booking;

/// <summary>POST /api/slots/{slotId}/bookings: a tutee books a place on a clinic slot of their own tutor or stand-in (ME-6).</summary>
internal static class BookSlot
{
    internal sealed record Request(string? Agenda);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Agenda).MaximumLength(2000);
    }

    internal sealed record Booked(Guid BookingId, Guid SlotId, string TutorId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Room, string? OnlineLink, string? Agenda);

    /// <summary>
    /// A cancelled or started slot is a 422; a full slot (or a second place for the same tutee) a 409. Decided on the
    /// slot's stream: of several tutees racing for the last place, one appends first and the others, decided again on
    /// the new version (ADR 0039), find it full.
    /// </summary>
    internal static object[] Decide(ClinicSlot slot, Guid slotId, Guid bookingId, string studentId, string? agenda, string actor, DateTimeOffset now)
    {
        if (!slot.Published) throw new NotFoundException($"Slot {slotId} is not known.");
        if (slot.KnownBookings.Contains(bookingId)) return []; // a retry of a booking already made
        if (slot.Cancelled) throw new BusinessRuleException("slot-cancelled", "The tutor has cancelled this slot; book another one.");
        if (slot.StartsAt <= now) throw new BusinessRuleException("slot-in-past", "The slot has already started.");
        if (slot.Bookings.ContainsValue(studentId)) throw new ConflictException("You already have a place on this slot.");
        if (slot.FreePlaces <= 0)
            throw new ConflictException(slot.Capacity == 1 ? "This one-to-one slot is already booked." : "Every place on this slot is taken.");
        return [new SlotBooked(slotId, bookingId, studentId, slot.TutorId, string.IsNullOrWhiteSpace(agenda) ? null : agenda.Trim(), null, actor, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/slots/{slotId:guid}/bookings", async (Guid slotId, Request request, HttpContext http, MeetingsContext context, IDocumentSession session,
                MeetingNotices notices, CancellationToken ct) =>
            {
                var student = http.CurrentUser().Id;
                var bookingId = http.NewId("booking"); // from the Idempotency-Key when there is one
                var current = await session.Events.FetchForWriting<ClinicSlot>(ClinicSlot.StreamId(slotId), ct);
                var slot = http.SlotStanding().Slot;
                var events = Decide(current.State, slotId, bookingId, student, request.Agenda, student, context.Clock.GetUtcNow());
                current.AppendDecision(http, events);
                if (events.FirstOrDefault() is SlotBooked booked) await notices.BookedAsync(slot, bookingId, student, booked.Agenda, ct);
                await session.SaveChangesAsync(ct);
                return Results.Created($"/api/students/{student}/bookings",
                    new Booked(bookingId, slotId, slot.TutorId, slot.StartsAt, slot.EndsAt, slot.Room, slot.OnlineLink, request.Agenda?.Trim()));
            })
            .RequireAuthorization(MeetingsPolicies.Book)
            .RequireSlot(staff: false, tutees: true, bookingHolder: false, "book a place")
            .Validate<Request>()
            .WithName("BookSlot")
            .WithVersionHeaders()
            .WithSummary("A tutee books a place on a free clinic slot of their own tutor (or the stand-in while the tutor is away), with an optional agenda.")
            .Produces<Booked>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
