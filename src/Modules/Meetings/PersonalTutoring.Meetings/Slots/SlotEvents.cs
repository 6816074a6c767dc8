using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Meetings.Slots;

/// <summary>Every event of a clinic slot's stream names the slot: its read model is keyed by it.</summary>
internal interface ISlotEvent
{
    Guid SlotId { get; }
}

/// <summary>
/// A clinic slot a tutor offers (ME-6): an instant window, in person (<see cref="Room"/>) and/or online
/// (<see cref="OnlineLink"/>), for <see cref="Capacity"/> tutees (1: one-to-one). <see cref="SeriesId"/> groups the
/// slots of one weekly publication; <see cref="OnClosureDay"/> records that the tutor chose a closure day on purpose.
/// </summary>
internal sealed record SlotPublished(
    Guid SlotId, string TutorId, string SchoolCode, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Capacity, string? Room, string? OnlineLink,
    Guid SeriesId, bool OnClosureDay, string PublishedBy, DateTimeOffset PublishedAt) : ISlotEvent;

/// <summary>A tutee took a place; <see cref="RescheduledFrom"/> names the slot they moved from.</summary>
internal sealed record SlotBooked(Guid SlotId, Guid BookingId, string StudentId, string TutorId, string? Agenda, Guid? RescheduledFrom, string BookedBy, DateTimeOffset BookedAt) : ISlotEvent;

/// <summary>A booking was given up; <see cref="RescheduledTo"/> names the slot it moved to.</summary>
internal sealed record BookingCancelled(Guid SlotId, Guid BookingId, string StudentId, string? Reason, Guid? RescheduledTo, string CancelledBy, DateTimeOffset CancelledAt) : ISlotEvent;

/// <summary>The tutor withdrew the slot; the tutees booked on it at that moment are told (and offered a rebooking).</summary>
internal sealed record SlotCancelled(Guid SlotId, string TutorId, string Reason, IReadOnlyList<string> BookedStudentIds, string CancelledBy, DateTimeOffset CancelledAt) : ISlotEvent;

internal static class SlotEvents
{
    /// <summary>The aliases are the stored event types: never change one (a retired type gets an upcaster instead).</summary>
    public static void Register(StoreOptions options)
    {
        var events = options.Events;
        events.MapEventType<SlotPublished>("meetings.slot_published");
        events.MapEventType<SlotBooked>("meetings.slot_booked");
        events.MapEventType<BookingCancelled>("meetings.booking_cancelled");
        events.MapEventType<SlotCancelled>("meetings.slot_cancelled");
        options.AddWriteModel<ClinicSlot>();
    }
}
