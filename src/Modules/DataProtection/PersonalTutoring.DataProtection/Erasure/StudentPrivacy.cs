using Marten;
using Microsoft.AspNetCore.Http;
using PersonalTutoring.BuildingBlocks.Http;
using JasperFx.Events;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Privacy;

namespace PersonalTutoring.DataProtection.Erasure;

internal enum ErasureStatus { AwaitingApproval, Approved, Refused, Done }

internal sealed record ErasureRequest(Guid RequestId, ErasureGround Ground, string Detail, string RequestedBy, DateTimeOffset RequestedAt,
    ErasureStatus Status, string? DecidedBy, DateTimeOffset? DecidedAt, string? RefusalReason);

internal sealed record LegalHold(Guid HoldId, HoldKind Kind, string Reason, DateOnly? Until, string PlacedBy, DateTimeOffset PlacedAt, string? LiftedBy, DateTimeOffset? LiftedAt)
{
    public bool InForceOn(DateOnly date) => LiftedAt is null && (Until is null || date <= Until);
}

/// <summary>A record withheld from the student's access, until lifted.</summary>
internal sealed record Withholding(Guid WithholdingId, string RecordKind, string RecordId, AccessExemption Exemption, string Reason, string WithheldBy, DateTimeOffset WithheldAt,
    string? LiftedBy, DateTimeOffset? LiftedAt)
{
    public bool InForce => LiftedAt is null;
}

/// <summary>One subject-access export, as the record keeps it (its content is not kept: it is produced again on demand).</summary>
internal sealed record ExportEntry(Guid ExportId, string Format, int Records, int Withheld, string ExportedBy, ReadPurpose Purpose, DateTimeOffset ExportedAt);

/// <summary>A student's data-protection record (stream <c>data-protection-{studentId}</c>): erasure requests, legal holds, the erasure.</summary>
internal sealed record StudentPrivacy : IWriteModel<StudentPrivacy>
{
    public string Id { get; init; } = "";

    public IReadOnlyList<ErasureRequest> Requests { get; init; } = [];

    public IReadOnlyList<LegalHold> Holds { get; init; } = [];

    public DateTimeOffset? ErasedAt { get; init; }

    public IReadOnlyList<Withholding> Withholdings { get; init; } = [];

    public IReadOnlyList<ExportEntry> Exports { get; init; } = [];

    /// <summary>The kinds of record the retention schedule erased.</summary>
    public IReadOnlyList<string> KindsErased { get; init; } = [];

    /// <summary>Whether a record is withheld from the student now, and why.</summary>
    public Withholding? WithheldNow(string kind, string id) => Withholdings.FirstOrDefault(w => w.InForce && w.RecordKind == kind && w.RecordId == id);

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
        RecordWithheld e => this with { Withholdings = [.. Withholdings, new(e.WithholdingId, e.RecordKind, e.RecordId, e.Exemption, e.Reason, e.WithheldBy, e.WithheldAt, null, null)] },
        WithholdingLifted e => this with { Withholdings = Withholdings.Select(w => w.WithholdingId == e.WithholdingId ? w with { LiftedBy = e.LiftedBy, LiftedAt = e.LiftedAt } : w).ToList() },
        SubjectAccessExported e => this with { Exports = [.. Exports, new(e.ExportId, e.Format, e.Records, e.Withheld, e.ExportedBy, e.Purpose, e.ExportedAt)] },
        RetentionApplied e => this with { KindsErased = [.. KindsErased, .. e.Kinds], ErasedAt = e.WholeRecord ? e.AppliedAt : ErasedAt },
        _ => this,
    };

    private StudentPrivacy WithRequest(Guid id, Func<ErasureRequest, ErasureRequest> change) =>
        this with { Requests = Requests.Select(r => r.RequestId == id ? change(r) : r).ToList() };
}

/// <summary>
/// A decision on a student's data-protection record, appended and saved. <c>missing</c>: the 404's detail when the
/// decision needs a record that exists (a lift, a refusal); null when the decision may start one (a request, a hold).
/// </summary>
internal static class PrivacyDecisions
{
    public static async Task DecideAsync(IDocumentSession session, HttpContext http, string studentId, string? missing,
        Func<StudentPrivacy, Task<object[]>> decide, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<StudentPrivacy>(StudentPrivacy.StreamId(studentId), ct);
        if (missing is not null && !stream.Exists) throw new NotFoundException(missing);
        stream.AppendDecision(http, await decide(stream.State));
        await session.SaveChangesAsync(ct);
    }

    public static Task DecideAsync(IDocumentSession session, HttpContext http, string studentId, string? missing, Func<StudentPrivacy, object[]> decide, CancellationToken ct) =>
        DecideAsync(session, http, studentId, missing, state => Task.FromResult(decide(state)), ct);
}
