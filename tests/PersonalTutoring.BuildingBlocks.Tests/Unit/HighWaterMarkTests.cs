using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.BuildingBlocks.Tests.Unit;

/// <summary>The gap rule without a database: a gap is passed only when proven dead, never on a timer.</summary>
public sealed class HighWaterMarkTests
{
    private static HighWaterMark NewMark() => new(null!, new EventStoreOptions());

    [Fact]
    public void Contiguous_sequences_advance_to_the_last()
    {
        NewMark().Advance(0, xmin: 100, xmax: 100, [1, 2, 3]).Should().Be(3);
    }

    [Fact]
    public void A_gap_first_seen_stops_the_mark_below_it()
    {
        NewMark().Advance(0, xmin: 90, xmax: 100, [1, 2, 4, 5]).Should().Be(2);
    }

    [Fact]
    public void A_gap_stays_closed_while_transactions_older_than_its_sighting_may_still_commit()
    {
        var mark = NewMark();
        mark.Advance(0, xmin: 90, xmax: 100, [1, 2, 4, 5]);

        mark.Advance(2, xmin: 99, xmax: 120, [4, 5, 6]).Should().Be(2, "xmin 99 < 100: the writer of 3 may still be running");
    }

    [Fact]
    public void A_gap_still_invisible_once_every_older_transaction_ended_is_dead_and_passed()
    {
        var mark = NewMark();
        mark.Advance(0, xmin: 90, xmax: 100, [1, 2, 4, 5]);

        mark.Advance(2, xmin: 100, xmax: 130, [4, 5, 6]).Should().Be(6);
    }

    [Fact]
    public void A_late_commit_filling_the_gap_is_delivered_in_order()
    {
        var mark = NewMark();
        mark.Advance(0, xmin: 90, xmax: 100, [1, 2, 4]);

        mark.Advance(2, xmin: 95, xmax: 101, [3, 4]).Should().Be(4);
    }

    [Fact]
    public void A_new_gap_beyond_a_dead_one_needs_its_own_sighting()
    {
        var mark = NewMark();
        mark.Advance(0, xmin: 90, xmax: 100, [1, 3]);      // gap at 2 sighted with X = 100, up to 3

        mark.Advance(1, xmin: 100, xmax: 140, [3, 5]).Should().Be(3, "2 is dead, but 4 was first seen only now");
        mark.Advance(3, xmin: 139, xmax: 150, [5]).Should().Be(3);
        mark.Advance(3, xmin: 140, xmax: 150, [5]).Should().Be(5);
    }

    [Fact]
    public void Trailing_in_flight_sequences_are_not_gaps()
    {
        NewMark().Advance(5, xmin: 10, xmax: 20, []).Should().Be(5);
    }
}
