using System.Text.Json;
using PersonalTutoring.Allocation.Tutors;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Allocation.Tests.Unit;

/// <summary>The tutor's caseload: one event per tutor per command, and the retired one-per-tutee events still read (docs/adr/0020).</summary>
public sealed class TutorCaseloadSpecs
{
    private static readonly DateTimeOffset Now = new(2025, 10, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2025, 10, 1);

    private static Tutor Fold(params object[] events) =>
        EventStore.Fold<Tutor>(events.Select((e, i) => new StoredEvent(i + 1, Guid.NewGuid(), "tutor-t1", i + 1, e, "x", Now, null, null, null, null)));

    [Fact]
    public void Tutees_join_and_leave_the_caseload_as_sets()
    {
        var tutor = Fold(
            new TutorRegistered("t1", new TutorDetails("T", "One", "t1@x.test", "MED", true, null), Now),
            new TuteesAssigned("t1", [new("s1", Today), new("s2", Today), new("s3", Today)], Now),
            new TuteesReleased("t1", [new("s2", Today)], Now),
            new TuteesAssigned("t1", [new("s4", Today), new("s1", Today)], Now));

        tutor.Tutees.Should().BeEquivalentTo(["s1", "s3", "s4"]);
    }

    [Fact]
    public void Events_stored_one_per_tutee_before_the_change_are_read_as_the_new_shape()
    {
        var types = new EventTypeRegistry();
        TutorEvents.Register(types);
        var assigned = JsonSerializer.Serialize(new TuteeAssigned("t1", "s1", Today, Now), EventJson.Options);
        var released = JsonSerializer.Serialize(new TuteeReleased("t1", "s1", Today, Now), EventJson.Options);

        types.Deserialize("allocation.tutee_assigned", assigned).Should().BeEquivalentTo(new TuteesAssigned("t1", [new("s1", Today)], Now));
        types.Deserialize("allocation.tutee_released", released).Should().BeEquivalentTo(new TuteesReleased("t1", [new("s1", Today)], Now));
        types.AliasFor(typeof(TuteesAssigned)).Should().Be("allocation.tutees_assigned");
    }
}
