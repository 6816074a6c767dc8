using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Meetings.Slots;
using PersonalTutoring.Meetings.Slots.Publishing;
using static PersonalTutoring.TestKit.HandWorkedCalendar;

namespace PersonalTutoring.Meetings.Tests.Unit;

public sealed class PublishSlotsSpecs
{
    private static readonly DateTimeOffset Now = London(2025, 10, 1, 9);
    private static readonly MeetingsSettings Settings = new();
    private static readonly Guid Series = Guid.NewGuid();
    private static readonly Guid[] Ids = [Guid.NewGuid(), Guid.NewGuid()];

    private static PublishSlots.Request Request(int length, int capacity = 1) =>
        new(new DateOnly(2025, 10, 20), new DateOnly(2025, 10, 27), new TimeOnly(10, 0), length, 1, capacity, "G01", null, null);

    private static SlotPlan Plan(int length) => SlotPlan.Expand(new DateOnly(2025, 10, 20), new DateOnly(2025, 10, 27), new TimeOnly(10, 0), length, 1, false,
        _ => For("MED"));

    private static SlotPublished[] Decide(int length, int capacity = 1, IReadOnlyCollection<PublishSlots.Taken>? taken = null, IReadOnlySet<Guid>? existing = null,
        DateTimeOffset? now = null) =>
        PublishSlots.Decide(Plan(length), Request(length, capacity), Ids, Series, "t-tom", "MED", taken ?? [], existing ?? new HashSet<Guid>(), Settings, "t-tom", now ?? Now);

    [Fact]
    public void A_weekly_publication_starts_one_stream_per_slot() =>
        Decide(20).Should().BeEquivalentTo(new[]
        {
            new SlotPublished(Ids[0], "t-tom", "MED", London(2025, 10, 20, 10), London(2025, 10, 20, 10, 20), 1, "G01", null, Series, false, "t-tom", Now),
            new SlotPublished(Ids[1], "t-tom", "MED", London(2025, 10, 27, 10), London(2025, 10, 27, 10, 20), 1, "G01", null, Series, false, "t-tom", Now),
        }, o => o.WithStrictOrdering());

    [Theory]
    [InlineData(10, 1)]
    [InlineData(30, 1)]
    [InlineData(20, 6)]
    [InlineData(90, 6)]
    public void Slot_lengths_follow_the_meeting_length_policy_ME5(int length, int capacity) =>
        FluentActions.Invoking(() => Decide(length, capacity)).Should().Throw<BusinessRuleException>().Which.Code.Should().Be("slot-length-outside-policy");

    [Fact]
    public void A_group_slot_of_an_hour_is_within_policy() => Decide(60, 8).Should().HaveCount(2).And.OnlyContain(e => e.Capacity == 8);

    [Fact]
    public void A_slot_overlapping_one_already_published_is_refused() =>
        FluentActions.Invoking(() => Decide(20, taken: [new PublishSlots.Taken(London(2025, 10, 27, 10, 10), London(2025, 10, 27, 10, 30))]))
            .Should().Throw<BusinessRuleException>().Which.Code.Should().Be("overlapping-slot");

    [Fact]
    public void Slots_are_published_for_the_future() =>
        FluentActions.Invoking(() => Decide(20, now: London(2025, 10, 20, 10)))
            .Should().Throw<BusinessRuleException>().Which.Code.Should().Be("slot-in-past");

    [Fact]
    public void A_retried_publication_starts_only_the_slots_not_yet_started() =>
        Decide(20, existing: new HashSet<Guid> { Ids[0] }).Select(e => e.SlotId).Should().Equal(Ids[1]);
}
