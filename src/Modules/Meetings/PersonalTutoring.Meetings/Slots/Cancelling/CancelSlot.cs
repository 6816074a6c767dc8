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

namespace PersonalTutoring.Meetings.Slots.Cancelling;

/// <summary>POST /api/slots/{slotId}/cancel: the tutor (or a Senior Tutor) withdraws a slot; its booked tutees are told and offered a rebooking.</summary>
internal static class CancelSlot
{
    internal sealed record Request(string? Reason);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(1000);
    }

    internal sealed record Cancelled(Guid SlotId, IReadOnlyList<string> NotifiedStudentIds);

    internal static object[] Decide(ClinicSlot slot, Guid slotId, string reason, string actor, DateTimeOffset now)
    {
        if (!slot.Published) throw new NotFoundException($"Slot {slotId} is not known.");
        if (slot.Cancelled) throw new BusinessRuleException("slot-cancelled", "The slot is already cancelled.");
        if (slot.StartsAt <= now) throw new BusinessRuleException("slot-in-past", "A slot that has started cannot be cancelled.");
        return [new SlotCancelled(slotId, slot.TutorId, reason.Trim(), [.. slot.Bookings.Values.Order(StringComparer.Ordinal)], actor, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/slots/{slotId:guid}/cancel", async (Guid slotId, Request request, HttpContext http, MeetingsContext context, IDocumentSession session,
                MeetingNotices notices, CancellationToken ct) =>
            {
                var current = await session.Events.FetchForWriting<ClinicSlot>(ClinicSlot.StreamId(slotId), ct);
                var events = Decide(current.State, slotId, request.Reason!, http.CurrentUser().Id, context.Clock.GetUtcNow());
                current.AppendDecision(http, events);
                var cancelled = (SlotCancelled)events[0];
                await notices.SlotCancelledAsync(http.SlotStanding().Slot, cancelled, ct);
                await session.SaveChangesAsync(ct);
                return Results.Ok(new Cancelled(slotId, cancelled.BookedStudentIds));
            })
            .RequireAuthorization(MeetingsPolicies.ManageSlots)
            .RequireSlot(staff: true, tutees: false, bookingHolder: false, "cancel the slot")
            .Validate<Request>()
            .WithName("CancelSlot")
            .WithVersionHeaders()
            .WithSummary("The tutor (or a Senior Tutor of the school) cancels a clinic slot; tutees booked on it are emailed and offered a rebooking.")
            .Produces<Cancelled>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
