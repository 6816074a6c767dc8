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

/// <summary>POST /api/slots/{slotId}/bookings/{bookingId}/cancel: the tutee gives up a place (up to the cut-off), or the tutor releases it.</summary>
internal static class CancelBooking
{
    internal sealed record Request(string? Reason);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Reason).MaximumLength(1000);
    }

    /// <summary>The tutee cancels up to <see cref="MeetingsSettings.CancellationCutoffHours"/> before the slot; the tutor until it starts.</summary>
    internal static object[] Decide(ClinicSlot slot, Guid slotId, Guid bookingId, bool byTutee, string? reason, MeetingsSettings settings, string actor, DateTimeOffset now)
    {
        if (!slot.Bookings.TryGetValue(bookingId, out var studentId))
            throw new BusinessRuleException("booking-not-live", "This booking has already been cancelled.");
        RequireBeforeCutoff(slot, byTutee, settings, now);
        return [new BookingCancelled(slotId, bookingId, studentId, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), null, actor, now)];
    }

    internal static void RequireBeforeCutoff(ClinicSlot slot, bool byTutee, MeetingsSettings settings, DateTimeOffset now)
    {
        if (slot.StartsAt <= now) throw new BusinessRuleException("slot-in-past", "The slot has already started.");
        if (byTutee && slot.StartsAt - now < TimeSpan.FromHours(settings.CancellationCutoffHours))
            throw new BusinessRuleException("past-cutoff", $"Bookings are cancelled or moved up to {settings.CancellationCutoffHours} hours before the slot; contact your tutor instead.");
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/slots/{slotId:guid}/bookings/{bookingId:guid}/cancel", async (Guid slotId, Guid bookingId, Request request, HttpContext http,
                MeetingsContext context, IDocumentSession session, MeetingNotices notices, CancellationToken ct) =>
            {
                var standing = http.SlotStanding();
                var byTutee = standing.Relation is null; // the booking holder; staff stand as the tutor or Senior Tutor
                var current = await session.Events.FetchForWriting<ClinicSlot>(ClinicSlot.StreamId(slotId), ct);
                var events = Decide(current.State, slotId, bookingId, byTutee, request.Reason, context.Settings, http.CurrentUser().Id, context.Clock.GetUtcNow());
                current.AppendDecision(http, events);
                var cancelled = (BookingCancelled)events[0];
                await notices.BookingCancelledAsync(standing.Slot, bookingId, cancelled.StudentId, standing.Booking?.Agenda, ct);
                await session.SaveChangesAsync(ct);
                return Results.NoContent();
            })
            .RequireAuthorization(MeetingsPolicies.CancelBooking)
            .RequireSlot(staff: true, tutees: false, bookingHolder: true, "cancel a booking")
            .Validate<Request>()
            .WithName("CancelBooking")
            .WithVersionHeaders()
            .WithSummary("The tutee cancels their booking up to the cut-off before the slot, or the slot's tutor (or a Senior Tutor) releases it.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
