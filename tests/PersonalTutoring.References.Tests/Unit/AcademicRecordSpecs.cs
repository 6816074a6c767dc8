using PersonalTutoring.Contact.Contracts;
using PersonalTutoring.References.AcademicRecords;

namespace PersonalTutoring.References.Tests.Unit;

/// <summary>Issue 13 item 2: the academic record is upserted whole; the same record decides nothing.</summary>
public sealed class AcademicRecordSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 1, 12, 10, 0, 0, TimeSpan.Zero);

    private static PutAcademicRecord.Request Record(decimal attendance = 90m) => new([new("2024-25", "Progress")], "Good", attendance, "Complete");

    private static AcademicFacts Facts(decimal attendance = 90m) => new([new("2024-25", "Progress")], "Good", attendance, "Complete");

    [Fact]
    public void The_first_record_is_received() =>
        Spec<AcademicRecordStream>.Given().When(s => PutAcademicRecord.Decide(s, "s1", Record(), Now)).Then(new AcademicRecordReceived("s1", Facts(), Now));

    [Fact]
    public void The_same_record_again_appends_nothing_even_as_a_new_list() =>
        Spec<AcademicRecordStream>.Given(new AcademicRecordReceived("s1", Facts(), Now)).When(s => PutAcademicRecord.Decide(s, "s1", Record(), Now)).ThenNothing();

    [Fact]
    public void A_changed_record_is_received_whole() =>
        Spec<AcademicRecordStream>.Given(new AcademicRecordReceived("s1", Facts(), Now)).When(s => PutAcademicRecord.Decide(s, "s1", Record(75m), Now))
            .Then(new AcademicRecordReceived("s1", Facts(75m), Now));

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    public void Support_accessed_is_offered_only_when_the_tutee_allowed_health_or_circumstances(bool health, bool circumstances, bool shown) =>
        DraftingEvidence.SupportToShow(new([], ["Counselling"], []), health, circumstances).Should().HaveCount(shown ? 1 : 0);
}
