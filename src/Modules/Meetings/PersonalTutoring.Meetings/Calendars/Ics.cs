using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace PersonalTutoring.Meetings.Calendars;

/// <summary>One meeting in a calendar: a booked or offered clinic slot, or an arranged meeting.</summary>
internal sealed record IcsItem(string Uid, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Summary, string? Location, string? Description, bool Cancelled);

/// <summary>
/// RFC 5545 text with Ical.Net: times in UTC (a calendar application shows them in its own zone, so a London meeting
/// stays at its London time across the clock changes), the London zone named for applications that label the feed.
/// </summary>
internal static class Ics
{
    public const string ContentType = "text/calendar; charset=utf-8";

    /// <summary>A subscribed feed (METHOD:PUBLISH): cancelled items stay, marked STATUS:CANCELLED, so applications remove them.</summary>
    public static string Feed(string name, IEnumerable<IcsItem> items, DateTimeOffset now)
    {
        var calendar = New("PUBLISH");
        calendar.AddProperty("X-WR-CALNAME", name);
        calendar.AddProperty("X-WR-TIMEZONE", Shared.MeetingsContext.DefaultTimeZoneId);
        foreach (var item in items) calendar.Events.Add(Event(item, now));
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    /// <summary>One meeting as an invitation (METHOD:REQUEST) or its withdrawal (METHOD:CANCEL, same UID).</summary>
    public static string Invitation(IcsItem item, DateTimeOffset now)
    {
        var calendar = New(item.Cancelled ? "CANCEL" : "REQUEST");
        calendar.Events.Add(Event(item, now));
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    /// <summary>A clinic booking as one calendar item; its UID is the booking's, so a cancellation matches the invitation.</summary>
    public static IcsItem ForBooking(ReadModels.Slots.SlotView slot, Guid bookingId, string? agenda, bool cancelled) =>
        new($"booking-{bookingId}@personal-tutoring", slot.StartsAt, slot.EndsAt, "Personal tutor meeting",
            slot.Room is null ? slot.OnlineLink : slot.OnlineLink is null ? slot.Room : $"{slot.Room} / {slot.OnlineLink}", agenda, cancelled);

    private static Calendar New(string method) => new() { Method = method, ProductId = "-//PersonalTutoring//Meetings//EN" };

    private static CalendarEvent Event(IcsItem item, DateTimeOffset now) => new()
    {
        Uid = item.Uid,
        DtStamp = Utc(now),
        Start = Utc(item.StartsAt),
        End = Utc(item.EndsAt),
        Summary = item.Summary,
        Location = item.Location,
        Description = item.Description,
        Status = item.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
    };

    private static CalDateTime Utc(DateTimeOffset at) => new(DateTime.SpecifyKind(at.UtcDateTime, DateTimeKind.Utc));
}
