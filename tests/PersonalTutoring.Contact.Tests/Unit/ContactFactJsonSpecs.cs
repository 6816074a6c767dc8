using System.Text.Json;
using FluentAssertions;
using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.Contact.ReadModels.ContactFacts;
using Xunit;

namespace PersonalTutoring.Contact.Tests.Unit;

/// <summary>
/// The KPI facts' stored form (docs/adr/0090): a fact read back is the fact written, to the tick and at the same instant;
/// rows written in the former object form read as they did; a code or enum member outside the tables fails loudly.
/// </summary>
public sealed class ContactFactJsonSpecs
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    private static readonly DateTimeOffset At = new(2025, 10, 1, 9, 30, 15, TimeSpan.FromHours(1));

    public static TheoryData<bool, bool?, bool, bool> Shapes()
    {
        var data = new TheoryData<bool, bool?, bool, bool>();
        foreach (var enquired in new[] { false, true })
            foreach (var responded in new bool?[] { null, false, true })
                foreach (var due in new[] { false, true })
                    foreach (var replied in new[] { false, true })
                        data.Add(enquired, responded, due, replied);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_contact_reads_back_as_written_whatever_its_flags_and_reply_clock(bool enquired, bool? responded, bool due, bool replied)
    {
        foreach (var kind in Enum.GetValues<ContactKind>())
            foreach (var direction in Enum.GetValues<ContactDirection>())
            {
                var fact = new ContactFact(Guid.NewGuid(), kind, direction, At.AddTicks(1), At.AddMinutes(5).AddTicks(7), enquired, responded,
                    due ? At.AddDays(3).AddTicks(3) : null, replied ? At.AddDays(2).AddTicks(-1) : null);

                var read = RoundTrip(fact);

                read.Should().Be(fact, "the instants compare as instants, to the tick");
                read.OccurredAt.UtcTicks.Should().Be(fact.OccurredAt.UtcTicks);
                read.ReplyDueAt?.UtcTicks.Should().Be(fact.ReplyDueAt?.UtcTicks);
            }
    }

    [Fact]
    public void A_contact_is_stored_as_a_short_array_without_an_unset_reply_clock()
    {
        var fact = new ContactFact(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), ContactKind.VideoCall, ContactDirection.TuteeInitiated,
            new DateTimeOffset(2025, 10, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 10, 1, 0, 0, 0, TimeSpan.Zero), true, false);

        JsonSerializer.Serialize(fact, Options).Should().Be($"[\"0f8fad5b-d9cb-469f-a165-70867728950e\",4,1,{fact.OccurredAt.UtcTicks},{fact.RecordedAt.UtcTicks},3]");
    }

    [Fact]
    public void A_row_written_in_the_former_object_form_reads_as_the_same_facts()
    {
        var id = Guid.NewGuid();
        var former = $$"""
            {"id":"{{id}}","studentId":"s1","startYear":2025,
             "contacts":[{"id":"{{id}}","k":"GroupMeeting","d":"TutorInitiated","at":"2025-10-01T09:30:15+01:00","rec":"2025-10-01T10:00:00+01:00","enq":true,"resp":true,"due":"2025-10-06T09:30:15+01:00","rep":"2025-10-02T08:00:00+00:00"},
                         {"id":"{{id}}","k":"Email","d":"TuteeInitiated","at":"2025-10-01T09:30:15+01:00","rec":"2025-10-01T10:00:00+01:00","enq":false}],
             "flagsRaised":[{"id":"{{id}}","at":"2025-11-19T09:00:00+00:00"}],"referralsMade":[],"referralsClosed":[]}
            """;

        var year = JsonSerializer.Deserialize<ContactYear>(former, Options)!;

        year.Contacts.Should().Equal(
            new ContactFact(id, ContactKind.GroupMeeting, ContactDirection.TutorInitiated, At, At.AddSeconds(1785), true, true,
                At.AddDays(5), new DateTimeOffset(2025, 10, 2, 8, 0, 0, TimeSpan.Zero)),
            new ContactFact(id, ContactKind.Email, ContactDirection.TuteeInitiated, At, At.AddSeconds(1785), false, null));
        year.FlagsRaised.Should().Equal(new DatedFact(id, new DateTimeOffset(2025, 11, 19, 9, 0, 0, TimeSpan.Zero)));
        RoundTrip(year).Contacts.Should().Equal(year.Contacts);
    }

    [Fact]
    public void A_dated_fact_reads_back_as_written()
    {
        var fact = new DatedFact(Guid.NewGuid(), At.AddTicks(5));

        JsonSerializer.Deserialize<DatedFact>(JsonSerializer.Serialize(fact, Options), Options).Should().Be(fact);
    }

    [Fact]
    public void An_unknown_kind_code_is_refused_rather_than_read_as_another_kind()
    {
        var stored = $"[\"{Guid.NewGuid()}\",{Enum.GetValues<ContactKind>().Length},0,0,0,0]";

        var read = () => JsonSerializer.Deserialize<ContactFact>(stored, Options);

        read.Should().Throw<JsonException>().WithMessage("*Unknown ContactKind code*");
    }

    private static T RoundTrip<T>(T value) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, Options), Options)!;
}
