using System.Collections.Immutable;
using JasperFx.Events;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Contact.ContactLogs;

internal sealed record NoteFacts(string AuthorId, Confidentiality Confidentiality, IReadOnlyCollection<string> TutorIds);

internal sealed record ConsentFacts(ConsentScope Scope, DateOnly? Until, bool Revoked)
{
    public bool ActiveOn(DateOnly date) => !Revoked && (Until is null || date <= Until);
}

internal enum Progress { Open, Acknowledged, Closed }

internal sealed record ReferralFacts(ReferralService Service, Guid? ConsentId, bool Breach, Progress Progress);

internal sealed record ConcernFacts(ConcernRoute RoutedTo, Progress Progress);

internal sealed record OpenReply(Guid ContactId, DateTimeOffset ReceivedAt, DateTimeOffset DueAt);

/// <summary>
/// The write model of a student's tutoring record (stream <c>contact-{studentId}</c>): only what the decisions need.
/// </summary>
internal sealed record ContactLog(
    ImmutableHashSet<Guid> Contacts,
    ImmutableDictionary<Guid, NoteFacts> Notes,
    ImmutableList<OpenReply> OpenReplies,
    ImmutableList<DateTimeOffset> UnansweredAttempts,
    ImmutableDictionary<Guid, bool> Flags,
    ImmutableHashSet<string> FlaggedTerms,
    ImmutableDictionary<Guid, ConsentFacts> Consents,
    ImmutableDictionary<Guid, ReferralFacts> Referrals,
    ImmutableDictionary<Guid, ConcernFacts> Concerns,
    ImmutableDictionary<Guid, bool> Objectives) : IWriteModel<ContactLog>
{
    /// <summary>The stream key, <c>contact-{studentId}</c> (Marten sets it after folding).</summary>
    public string Id { get; init; } = "";

    public static ContactLog Initial => new([], ImmutableDictionary<Guid, NoteFacts>.Empty, [], [], ImmutableDictionary<Guid, bool>.Empty,
        ImmutableHashSet.Create<string>(StringComparer.Ordinal), ImmutableDictionary<Guid, ConsentFacts>.Empty,
        ImmutableDictionary<Guid, ReferralFacts>.Empty, ImmutableDictionary<Guid, ConcernFacts>.Empty, ImmutableDictionary<Guid, bool>.Empty);

    public static string StreamId(string studentId) => $"contact-{studentId}";

    public static string NoteReadsStreamId(string studentId) => $"note-reads-{studentId}";

    public ContactLog Evolve(IEvent @event) => @event.Data switch
    {
        ContactRecorded e => this with
        {
            Contacts = Contacts.Add(e.ContactId),
            UnansweredAttempts = e is { Direction: ContactDirection.TutorInitiated, TuteeResponded: false } ? UnansweredAttempts.Add(e.OccurredAt) : UnansweredAttempts,
        },
        ReplyAwaited e => this with { OpenReplies = OpenReplies.Add(new OpenReply(e.ContactId, e.ReceivedAt, e.DueAt)) },
        ReplyGiven e => this with { OpenReplies = OpenReplies.RemoveAll(r => r.ContactId == e.AwaitedContactId) },
        NoteWritten e => this with { Notes = Notes.SetItem(e.NoteId, new NoteFacts(e.AuthorId, e.Confidentiality, e.TutorIds)) },
        SupportFlagRaised e => this with { Flags = Flags.SetItem(e.FlagId, true), FlaggedTerms = FlaggedTerms.Add(e.TermKey) },
        SupportFlagClosed e => this with { Flags = Flags.SetItem(e.FlagId, false) },
        ConsentRecorded e => this with { Consents = Consents.SetItem(e.ConsentId, new ConsentFacts(e.Scope, e.Until, false)) },
        ConsentRevoked e => this with { Consents = Consents.SetItem(e.ConsentId, Consents[e.ConsentId] with { Revoked = true }) },
        ReferralMade e => this with { Referrals = Referrals.SetItem(e.ReferralId, new ReferralFacts(e.Service, e.ConsentId, e.BreachGround is not null, Progress.Open)) },
        ReferralAcknowledged e => this with { Referrals = Referrals.SetItem(e.ReferralId, Referrals[e.ReferralId] with { Progress = Progress.Acknowledged }) },
        ReferralClosed e => this with { Referrals = Referrals.SetItem(e.ReferralId, Referrals[e.ReferralId] with { Progress = Progress.Closed }) },
        ConcernRaised e => this with { Concerns = Concerns.SetItem(e.ConcernId, new ConcernFacts(e.RoutedTo, Progress.Open)) },
        ConcernAcknowledged e => this with { Concerns = Concerns.SetItem(e.ConcernId, Concerns[e.ConcernId] with { Progress = Progress.Acknowledged }) },
        ConcernResolved e => this with { Concerns = Concerns.SetItem(e.ConcernId, Concerns[e.ConcernId] with { Progress = Progress.Closed }) },
        ObjectiveSet e => this with { Objectives = Objectives.SetItem(e.ObjectiveId, false) },
        ObjectiveReviewed e => this with { Objectives = Objectives.SetItem(e.ObjectiveId, true) },
        _ => this,
    };
}
