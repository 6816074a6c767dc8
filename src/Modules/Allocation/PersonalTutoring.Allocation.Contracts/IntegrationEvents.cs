namespace PersonalTutoring.Allocation.Contracts;

/// <summary>
/// The public shape of allocation changes for integrators (the student-record system, Registry), served in order by
/// <c>GET /api/feed</c>. Mapped from the module's internal events, which may change without breaking this contract.
/// </summary>
public sealed record TutorAllocationChanged(
    string StudentId,
    string SchoolCode,
    string? FromTutorId,
    string? ToTutorId,
    DateOnly EffectiveOn,
    string Kind,
    string Reason,
    DateTimeOffset RecordedAt,
    string? RecordedBy);

/// <summary>One entry of the integration feed: the global sequence number to resume after, and the change.</summary>
public sealed record FeedEntry(long Sequence, string Type, TutorAllocationChanged Change);

/// <summary>A page of the feed. <see cref="Next"/> is the <c>after</c> to ask for next; the page never passes an in-flight gap.</summary>
public sealed record FeedPage(IReadOnlyList<FeedEntry> Entries, long Next);
