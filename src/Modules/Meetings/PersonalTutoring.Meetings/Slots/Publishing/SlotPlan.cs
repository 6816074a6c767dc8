using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Meetings.Slots.Publishing;

internal sealed record PlannedSlot(DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool OnClosureDay);

internal sealed record SlotPlan(IReadOnlyList<PlannedSlot> Slots, IReadOnlyList<DateOnly> SkippedClosureDays)
{
    /// <summary>The most slots one publication may create (a year of weekly clinics of a few slots each).</summary>
    public const int MaxSlots = 500;

    /// <summary>
    /// The instants of a publication: on <paramref name="on"/> and (weekly) every 7 days to <paramref name="until"/>, at
    /// the same London wall-clock time each week, so a clinic at 10:00 stays at 10:00 across the clock changes (it is
    /// 09:00Z in October and 10:00Z after the change). A closure day of the school's calendar is skipped in a series
    /// and refused for a one-off, unless the tutor marks the publication as meant for closure days.
    /// </summary>
    public static SlotPlan Expand(DateOnly on, DateOnly? until, TimeOnly start, int lengthMinutes, int count, bool includeClosureDays,
        Func<DateOnly, SchoolCalendar?> calendarOf)
    {
        var slots = new List<PlannedSlot>();
        var skipped = new List<DateOnly>();
        for (var date = on; date <= (until ?? on); date = date.AddDays(7))
        {
            var calendar = calendarOf(date);
            var zone = calendar?.TimeZone ?? TimeZoneInfo.FindSystemTimeZoneById(Shared.MeetingsContext.DefaultTimeZoneId);
            var closure = calendar?.ClosureDays.Contains(date) ?? false;
            if (closure && !includeClosureDays)
            {
                if (until is null)
                    throw new BusinessRuleException("closure-day", $"{date:yyyy-MM-dd} is a closure day in the school's calendar; mark the slot as meant for a closure day to publish it.");
                skipped.Add(date);
                continue;
            }
            for (var i = 0; i < count; i++)
            {
                var local = date.ToDateTime(start).AddMinutes(i * lengthMinutes);
                if (zone.IsInvalidTime(local))
                    throw new BusinessRuleException("time-does-not-exist", $"{local:yyyy-MM-dd HH:mm} does not exist in {zone.Id}: the clocks go forward then.");
                var startsAt = new DateTimeOffset(local, zone.GetUtcOffset(local));
                slots.Add(new PlannedSlot(startsAt, startsAt.AddMinutes(lengthMinutes), closure));
                if (slots.Count > MaxSlots)
                    throw new BusinessRuleException("too-many-slots", $"One publication creates at most {MaxSlots} slots; publish a shorter range.");
            }
        }
        if (slots.Count == 0) throw new BusinessRuleException("no-slots", "Every date of the series is a closure day: nothing to publish.");
        return new SlotPlan(slots, skipped);
    }
}
