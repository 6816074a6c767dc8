using System.Collections.Immutable;
using JasperFx.Events;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Meetings.Slots;

/// <summary>
/// The write model of one clinic slot (stream <c>meetings-slot-{slotId}</c>): only what booking decisions need. Every
/// booking of the slot is an event on this one stream, so the stream's version is what makes the last place go to
/// exactly one of several tutees booking at once.
/// </summary>
internal sealed record ClinicSlot : IWriteModel<ClinicSlot>
{
    /// <summary>The stream key (Marten sets it after folding).</summary>
    public string Id { get; init; } = "";

    public bool Published { get; init; }
    public string TutorId { get; init; } = "";
    public string SchoolCode { get; init; } = "";
    public DateTimeOffset StartsAt { get; init; }
    public int Capacity { get; init; }
    public bool Cancelled { get; init; }

    /// <summary>The live bookings: booking id → student.</summary>
    public ImmutableDictionary<Guid, string> Bookings { get; init; } = ImmutableDictionary<Guid, string>.Empty;

    /// <summary>Every booking id the slot has seen, live or cancelled: a retried request names one of these.</summary>
    public ImmutableHashSet<Guid> KnownBookings { get; init; } = [];

    public static ClinicSlot Initial => new();

    public static string StreamId(Guid slotId) => $"meetings-slot-{slotId:N}";

    public int FreePlaces => Capacity - Bookings.Count;

    public ClinicSlot Evolve(IEvent @event) => @event.Data switch
    {
        SlotPublished e => this with { Published = true, TutorId = e.TutorId, SchoolCode = e.SchoolCode, StartsAt = e.StartsAt, Capacity = e.Capacity },
        SlotBooked e => this with { Bookings = Bookings.SetItem(e.BookingId, e.StudentId), KnownBookings = KnownBookings.Add(e.BookingId) },
        BookingCancelled e => this with { Bookings = Bookings.Remove(e.BookingId) },
        SlotCancelled => this with { Cancelled = true, Bookings = ImmutableDictionary<Guid, string>.Empty },
        _ => this,
    };
}
