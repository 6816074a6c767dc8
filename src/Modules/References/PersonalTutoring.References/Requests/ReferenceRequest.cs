using PersonalTutoring.BuildingBlocks.Privacy;
using System.Collections.Immutable;
using JasperFx.Events;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.References.Requests;

/// <summary>
/// The write model of one reference request (stream <c>reference-{requestId}</c>): only what the decisions need.
/// Init-only properties, not a constructor (JasperFx reads a one-argument constructor as a "create" method).
/// </summary>
internal sealed record ReferenceRequest : IWriteModel<ReferenceRequest>
{
    /// <summary>The stream key (Marten sets it after folding).</summary>
    public string Id { get; init; } = "";

    public bool Requested { get; init; }
    public string StudentId { get; init; } = "";
    public string TutorId { get; init; } = "";
    public string Recipient { get; init; } = "";
    public ReferenceKind Kind { get; init; }
    public IReadOnlyList<string> FormDomains { get; init; } = [];
    public IReadOnlyList<DomainRating> FormAnswers { get; init; } = [];
    public IReadOnlyList<DomainRating>? LastIssuedAnswers { get; init; }
    public RequestStatus Status { get; init; }
    public string? Draft { get; init; }
    public string? LastIssuedText { get; init; }
    public int IssuedVersions { get; init; }
    public ImmutableHashSet<int> Confidential { get; init; } = [];
    public ImmutableHashSet<int> Reminded { get; init; } = [];

    public static ReferenceRequest Initial => new();

    public static string StreamId(Guid requestId) => $"reference-{requestId}";

    public static string ReadsStreamId(Guid requestId) => $"reference-reads-{requestId}";

    public ReferenceRequest Evolve(IEvent @event) => @event.Data switch
    {
        ReferenceRequested e => this with { Requested = true, StudentId = e.StudentId, TutorId = e.TutorId, Recipient = e.Recipient, Kind = e.Kind, Status = RequestStatus.AwaitingTutor },
        ReferenceRequestAccepted => this with { Status = RequestStatus.Accepted },
        ReferenceRequestDeclined => this with { Status = RequestStatus.Declined },
        ReferenceConcernRaised => this with { Status = RequestStatus.WithSupportTeam },
        ReferenceConcernAnswered => this with { Status = RequestStatus.AwaitingTutor },
        ReferenceDraftSaved e => this with { Draft = e.Text.Text },
        ReferenceIssued e => this with { LastIssuedText = e.Text.Text, LastIssuedAnswers = e.FormAnswers, IssuedVersions = e.Version },
        ReferenceDeadlineReminded e => this with { Reminded = Reminded.Add(e.DaysBefore) },
        UkfpoAnswersSaved e => this with { FormDomains = e.DomainKeys, FormAnswers = e.Ratings },
        IssuedReferenceMarkedConfidential e => this with { Confidential = Confidential.Add(e.Version) },
        _ => this,
    };

    /// <summary>Only the tutor the request went to acts on it (the author, RE-1/RE-5).</summary>
    public void DemandAuthor(string userId, string action)
    {
        if (!Requested) throw new NotFoundException($"No reference request {Id}.");
        if (userId != TutorId) throw new ForbiddenException($"Only the tutor this request was sent to may {action}.");
    }

    public void DemandStatus(string action, params RequestStatus[] allowed)
    {
        if (!allowed.Contains(Status))
            throw new BusinessRuleException("request-status", $"A request that is {Status} cannot be {action}.", new Dictionary<string, object?> { ["requestStatus"] = Status.ToString() });
    }
}
