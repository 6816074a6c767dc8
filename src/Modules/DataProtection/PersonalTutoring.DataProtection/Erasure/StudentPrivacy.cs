using JasperFx.Events;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.DataProtection.Erasure;

internal enum ErasureStatus { AwaitingApproval, Approved, Refused, Done }

internal sealed record ErasureRequest(Guid RequestId, ErasureGround Ground, string Detail, string RequestedBy, DateTimeOffset RequestedAt,
    ErasureStatus Status, string? DecidedBy, DateTimeOffset? DecidedAt, string? RefusalReason);

internal sealed record LegalHold(Guid HoldId, HoldKind Kind, string Reason, DateOnly? Until, string PlacedBy, DateTimeOffset PlacedAt, string? LiftedBy, DateTimeOffset? LiftedAt)
{
    public bool InForceOn(DateOnly date) => LiftedAt is null && (Until is null || date <= Until);
}

/// <summary>A student's data-protection record (stream <c>data-protection-{studentId}</c>): erasure requests, legal holds, the erasure.</summary>
internal sealed record StudentPrivacy : IWriteModel<StudentPrivacy>
{
    public string Id { get; init; } = "";

    public IReadOnlyList<ErasureRequest> Requests { get; init; } = [];

    public IReadOnlyList<LegalHold> Holds { get; init; } = [];

    public DateTimeOffset? ErasedAt { get; init; }

    public static StudentPrivacy Initial => new();

    public static string StreamId(string studentId) => $"data-protection-{studentId}";

    public ErasureRequest? Request(Guid id) => Requests.FirstOrDefault(r => r.RequestId == id);

    public StudentPrivacy Evolve(IEvent @event) => @event.Data switch
    {
        ErasureRequested e => this with { Requests = [.. Requests, new(e.RequestId, e.Ground, e.Detail, e.RequestedBy, e.RequestedAt, ErasureStatus.AwaitingApproval, null, null, null)] },
        ErasureApproved e => WithRequest(e.RequestId, r => r with { Status = ErasureStatus.Approved, DecidedBy = e.ApprovedBy, DecidedAt = e.ApprovedAt }),
        ErasureRefused e => WithRequest(e.RequestId, r => r with { Status = ErasureStatus.Refused, DecidedBy = e.RefusedBy, DecidedAt = e.RefusedAt, RefusalReason = e.Reason }),
        StudentErased e => WithRequest(e.RequestId, r => r with { Status = ErasureStatus.Done }) with { ErasedAt = e.ErasedAt },
        LegalHoldPlaced e => this with { Holds = [.. Holds, new(e.HoldId, e.Kind, e.Reason, e.Until, e.PlacedBy, e.PlacedAt, null, null)] },
        LegalHoldLifted e => this with { Holds = Holds.Select(h => h.HoldId == e.HoldId ? h with { LiftedBy = e.LiftedBy, LiftedAt = e.LiftedAt } : h).ToList() },
        _ => this,
    };

    private StudentPrivacy WithRequest(Guid id, Func<ErasureRequest, ErasureRequest> change) =>
        this with { Requests = Requests.Select(r => r.RequestId == id ? change(r) : r).ToList() };
}
