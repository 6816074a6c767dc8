namespace PersonalTutoring.Contact.Contracts;

/// <summary>A contact point between a tutor and a tutee, as other modules and reports see it (no note text, ever).</summary>
public sealed record ContactPoint(string StudentId, string StaffId, DateTimeOffset OccurredAt, string Kind, string Direction, bool EnquiredAboutProgressAndWellbeing);

/// <summary>An objective set with a tutee and, once reviewed, its outcome (Met, PartlyMet, NotMet).</summary>
public sealed record ObjectivePoint(string Text, DateOnly ReviewOn, DateTimeOffset SetAt, string? Outcome);

/// <summary>A concern a tutor raised about a tutee, with its detail (the tutor wrote it) and how far it got.</summary>
public sealed record ConcernPoint(string Kind, string Detail, DateTimeOffset RaisedAt, string Status);

/// <summary>
/// What a referee may draw on from a tutee's tutoring record (References, issue 13 item 2): objectives and outcomes;
/// referrals made with the tutee's consent only as the services they accessed, never why; concerns only those the
/// referee raised. No note text, ever.
/// </summary>
public sealed record RefereeEvidence(IReadOnlyList<ObjectivePoint> Objectives, IReadOnlyList<string> SupportAccessed, IReadOnlyList<ConcernPoint> ConcernsRaisedByReferee);

/// <summary>What the Contact module tells others: the contact points of a student (for KPI reports and engagement panels).</summary>
public interface IContactQueries
{
    Task<IReadOnlyList<ContactPoint>> ContactsOfAsync(string studentId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    /// <summary>The part of a tutee's record the referee <paramref name="refereeId"/> may draw on (see <see cref="RefereeEvidence"/>).</summary>
    Task<RefereeEvidence> RefereeEvidenceAsync(string studentId, string refereeId, CancellationToken ct);
}
