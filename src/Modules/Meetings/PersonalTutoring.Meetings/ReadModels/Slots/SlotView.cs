using System.Text.Json.Serialization;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Meetings.Slots;

namespace PersonalTutoring.Meetings.ReadModels.Slots;

internal enum BookingStatus { Booked, Cancelled, SlotCancelled }

internal sealed record BookingEntry(Guid BookingId, string StudentId, string? Agenda, DateTimeOffset BookedAt, BookingStatus Status, string? CancelReason, DateTimeOffset? CancelledAt);

/// <summary>A clinic slot as tutors, tutees and the checks before a command see it, with every booking it has had.</summary>
internal sealed record SlotView(
    Guid SlotId, string TutorId, string SchoolCode, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Capacity, string? Room, string? OnlineLink,
    Guid SeriesId, bool OnClosureDay, bool Cancelled, string? CancelReason, IReadOnlyList<BookingEntry> Bookings)
{
    /// <summary>The Marten identity: the slot's stream key. Not part of the API's JSON.</summary>
    [JsonIgnore]
    public string Id => IdOf(SlotId);

    public static string IdOf(Guid slotId) => ClinicSlot.StreamId(slotId);

    public int Booked() => Bookings.Count(b => b.Status == BookingStatus.Booked);

    public BookingEntry? LiveBookingOf(string studentId) => Bookings.FirstOrDefault(b => b.StudentId == studentId && b.Status == BookingStatus.Booked);
}

/// <summary>
/// Inline: a tutee lists free slots right after a booking, and the access checks of booking routes read the slot's
/// tutor from it before the command runs. Deterministic (event data only), so a rebuild gives the same documents.
/// </summary>
internal sealed class SlotViewProjection : StreamFoldProjection<SlotView>
{
    public override ProjectionLifecycle Lifecycle => ProjectionLifecycle.Inline;

    public override string Name => "meetings-slots";

    public override IReadOnlyCollection<Type> EventTypes => [typeof(SlotPublished), typeof(SlotBooked), typeof(BookingCancelled), typeof(SlotCancelled)];

    protected override string DocumentId(IEvent e) => SlotView.IdOf(((ISlotEvent)e.Data).SlotId);

    protected override SlotView? Evolve(SlotView? current, IEvent e) => (current, e.Data) switch
    {
        (_, SlotPublished p) => new SlotView(p.SlotId, p.TutorId, p.SchoolCode, p.StartsAt, p.EndsAt, p.Capacity, p.Room, p.OnlineLink, p.SeriesId, p.OnClosureDay,
            false, null, []),
        (null, _) => null,
        ({ } v, SlotBooked b) => v with { Bookings = [.. v.Bookings, new BookingEntry(b.BookingId, b.StudentId, b.Agenda, b.BookedAt, BookingStatus.Booked, null, null)] },
        ({ } v, BookingCancelled c) => v with
        {
            Bookings = [.. v.Bookings.Select(b => b.BookingId == c.BookingId ? b with { Status = BookingStatus.Cancelled, CancelReason = c.Reason, CancelledAt = c.CancelledAt } : b)],
        },
        ({ } v, SlotCancelled c) => v with
        {
            Cancelled = true,
            CancelReason = c.Reason,
            Bookings = [.. v.Bookings.Select(b => b.Status == BookingStatus.Booked ? b with { Status = BookingStatus.SlotCancelled, CancelReason = c.Reason, CancelledAt = c.CancelledAt } : b)],
        },
        _ => current,
    };

    public static void Register(StoreOptions options)
    {
        options.Schema.For<SlotView>().DatabaseSchemaName(MeetingsModule.Schema).Identity(v => v.Id).Index(v => v.TutorId).Index(v => v.SchoolCode).Index(v => v.StartsAt);
        options.AddFold(new SlotViewProjection());
    }
}
