using PersonalTutoring.Allocation.Tutors;

namespace PersonalTutoring.Allocation.Tests.Unit;

/// <summary>The tutor's caseload: one event per tutor per command (docs/adr/0020). The retired one-per-tutee events: Integration/UpcastingTests.</summary>
public sealed class TutorCaseloadSpecs
{
    private static readonly DateTimeOffset Now = new(2025, 10, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2025, 10, 1);

    private static Tutor Fold(params object[] events) => Spec<Tutor>.Given(events).State;

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
}
