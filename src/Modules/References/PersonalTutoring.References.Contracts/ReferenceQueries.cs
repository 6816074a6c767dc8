namespace PersonalTutoring.References.Contracts;

/// <summary>
/// A reference request as other modules see it: that it exists, for whom, by when and how far it got; never its
/// purpose, concern or text (the Dean's view, RE-2).
/// </summary>
public sealed record ReferenceSummary(Guid RequestId, string StudentId, string TutorId, string Kind, string Status, DateOnly Deadline, int IssuedVersions);

/// <summary>What the References module tells others: a student's reference requests.</summary>
public interface IReferenceQueries
{
    Task<IReadOnlyList<ReferenceSummary>> RequestsOfAsync(string studentId, CancellationToken ct);
}
