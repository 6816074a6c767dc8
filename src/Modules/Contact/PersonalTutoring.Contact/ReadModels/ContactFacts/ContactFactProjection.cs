using JasperFx.Events;
using Marten;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Contact.ContactLogs;

namespace PersonalTutoring.Contact.ReadModels.ContactFacts;

/// <summary>
/// The KPI facts of the tutoring records (docs/adr/0087): one <see cref="ContactFact"/> per contact, support flag and
/// referral, keyed by its own id, so a reply or a closure updates its fact without knowing the year. Async (the
/// daemon): no command reads it, and the KPI answer already waits on Allocation's async student facts. Deterministic
/// (event data only), so a rebuild gives the same rows; every fact keeps its instants, so an answer "as of" a date is a
/// filter, never a replay.
/// </summary>
internal sealed class ContactFactProjection : FoldProjection<ContactFact>
{
    public const string ProjectionName = "contact-kpi-facts";

    public override string Name => ProjectionName;

    public override IReadOnlyCollection<Type> EventTypes =>
        [typeof(ContactRecorded), typeof(ReplyAwaited), typeof(ReplyGiven), typeof(SupportFlagRaised), typeof(ReferralMade), typeof(ReferralClosed)];

    protected override IEnumerable<string> Identities(IEvent e) => e.Data switch
    {
        ContactRecorded x => [Key(x.ContactId)],
        ReplyAwaited x => [Key(x.ContactId)],
        ReplyGiven x => [Key(x.AwaitedContactId)],
        SupportFlagRaised x => [Key(x.FlagId)],
        ReferralMade x => [Key(x.ReferralId)],
        ReferralClosed x => [Key(x.ReferralId)],
        _ => [],
    };

    // As the student record: a reply or closure whose contact or referral is unknown changes nothing.
    protected override ContactFact? Evolve(ContactFact? current, string id, IEvent e) => e.Data switch
    {
        ContactRecorded x => new ContactFact(id, x.StudentId, ContactFactKind.Contact, x.OccurredAt, x.RecordedAt, x.Kind, x.Direction,
            x.EnquiredAboutProgressAndWellbeing, x.TuteeResponded),
        ReplyAwaited x => current is null ? null : current with { ReplyDueAt = x.DueAt },
        ReplyGiven x => current is null ? null : current with { RepliedAt = x.RepliedAt },
        SupportFlagRaised x => new ContactFact(id, x.StudentId, ContactFactKind.SupportFlag, x.RaisedAt, x.RaisedAt),
        ReferralMade x => new ContactFact(id, x.StudentId, ContactFactKind.Referral, x.MadeAt, x.MadeAt),
        ReferralClosed x => current is null ? null : current with { ClosedAt = x.ClosedAt },
        _ => current,
    };

    public static string Key(Guid id) => id.ToString("D");

    /// <summary>Computed indexes: the figures ask by student and by the instants that fall in a year.</summary>
    public static void Register(StoreOptions options)
    {
        options.Schema.For<ContactFact>().DatabaseSchemaName(ContactModule.Schema).Identity(f => f.Id)
            .Index(f => f.StudentId)
            .Index(f => f.At);
        options.AddFold(new ContactFactProjection());
    }
}
