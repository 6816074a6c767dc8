using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Meetings.Slots.Publishing;
using PersonalTutoring.Meetings.Tests.Support;
using static PersonalTutoring.TestKit.HandWorkedCalendar;

namespace PersonalTutoring.Meetings.Tests.Unit;

/// <summary>Expanding a publication into instants against the hand-worked 2025-26 calendar (closure day Fri 7 Nov; clocks back Sun 26 Oct).</summary>
public sealed class SlotPlanSpecs
{
    private static readonly Func<DateOnly, PersonalTutoring.Governance.Contracts.SchoolCalendar?> Med = _ => HandWorkedCalendar.For("MED");

    [Fact]
    public void A_weekly_clinic_keeps_its_London_time_across_the_clock_change()
    {
        var plan = SlotPlan.Expand(new DateOnly(2025, 10, 20), new DateOnly(2025, 11, 3), new TimeOnly(10, 0), 20, 1, false, Med);

        plan.Slots.Select(s => s.StartsAt.UtcDateTime).Should().Equal(
            new DateTime(2025, 10, 20, 9, 0, 0, DateTimeKind.Utc),   // BST: 10:00 London is 09:00Z
            new DateTime(2025, 10, 27, 10, 0, 0, DateTimeKind.Utc),  // GMT after the clocks went back
            new DateTime(2025, 11, 3, 10, 0, 0, DateTimeKind.Utc));
        plan.Slots.Should().OnlyContain(s => s.EndsAt - s.StartsAt == TimeSpan.FromMinutes(20));
    }

    [Fact]
    public void Consecutive_slots_follow_each_other_each_week()
    {
        var plan = SlotPlan.Expand(new DateOnly(2025, 10, 20), new DateOnly(2025, 10, 27), new TimeOnly(14, 0), 15, 3, false, Med);

        plan.Slots.Should().HaveCount(6);
        plan.Slots[1].StartsAt.Should().Be(London(2025, 10, 20, 14, 15));
        plan.Slots[5].StartsAt.Should().Be(London(2025, 10, 27, 14, 30));
    }

    [Fact]
    public void A_series_skips_the_schools_closure_days()
    {
        var plan = SlotPlan.Expand(new DateOnly(2025, 10, 31), new DateOnly(2025, 11, 14), new TimeOnly(10, 0), 20, 1, false, Med);

        plan.Slots.Select(s => s.StartsAt).Should().Equal(London(2025, 10, 31), London(2025, 11, 14));
        plan.SkippedClosureDays.Should().Equal(new DateOnly(2025, 11, 7));
    }

    [Fact]
    public void A_one_off_slot_on_a_closure_day_is_refused_unless_marked()
    {
        var refuse = () => SlotPlan.Expand(new DateOnly(2025, 11, 7), null, new TimeOnly(10, 0), 20, 1, false, Med);
        refuse.Should().Throw<BusinessRuleException>().Which.Code.Should().Be("closure-day");

        var marked = SlotPlan.Expand(new DateOnly(2025, 11, 7), null, new TimeOnly(10, 0), 20, 1, true, Med);
        marked.Slots.Should().ContainSingle().Which.OnClosureDay.Should().BeTrue();
    }

    [Fact]
    public void A_series_of_closure_days_only_publishes_nothing() =>
        FluentActions.Invoking(() => SlotPlan.Expand(new DateOnly(2025, 12, 22), new DateOnly(2025, 12, 29), new TimeOnly(10, 0), 20, 1, false, Med))
            .Should().Throw<BusinessRuleException>().Which.Code.Should().Be("no-slots");

    [Fact]
    public void A_time_the_clocks_skip_is_refused() =>
        FluentActions.Invoking(() => SlotPlan.Expand(new DateOnly(2026, 3, 29), null, new TimeOnly(1, 30), 20, 1, false, Med))
            .Should().Throw<BusinessRuleException>().Which.Code.Should().Be("time-does-not-exist");

    [Fact]
    public void Without_a_calendar_times_are_still_London_times()
    {
        var plan = SlotPlan.Expand(new DateOnly(2027, 1, 11), null, new TimeOnly(9, 0), 20, 1, false, _ => null);

        plan.Slots.Single().StartsAt.Should().Be(new DateTimeOffset(2027, 1, 11, 9, 0, 0, TimeSpan.Zero));
    }
}
