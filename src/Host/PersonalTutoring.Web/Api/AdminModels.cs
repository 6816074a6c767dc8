using System.Text.Json.Nodes;

namespace PersonalTutoring.Web.Api;

// The API's answers the Admin, data-protection and audit screens read (issue 15): only the fields a screen shows.

public sealed record SchoolEntry(string SchoolCode, string Name, string? College);

public sealed record ApprovalEntry(DateOnly On, string Reference);

/// <summary>A policy version; its terms stay JSON, so a new draft carries every setting the screen does not edit unchanged.</summary>
public sealed record PolicyVersionEntry(int Version, string Stage, JsonObject Terms, string DraftedBy, DateTimeOffset DraftedAt,
    ApprovalEntry? CommitteeApproval, ApprovalEntry? DeanApproval, ApprovalEntry? SharedWithSubCommittee);

public sealed record PolicyVersions(string SchoolCode, string AcademicYear, IReadOnlyList<PolicyVersionEntry> Versions);

public sealed record TermEntry(string Name, DateOnly Start, DateOnly End);

public sealed record SemesterEntry(int Number, DateOnly Start, DateOnly End);

public sealed record DateRangeEntry(DateOnly Start, DateOnly End);

public sealed record CalendarEntry(string? SchoolCode, string AcademicYear, string TimeZone, IReadOnlyList<TermEntry> Terms, IReadOnlyList<SemesterEntry> Semesters,
    DateRangeEntry Welcome, IReadOnlyList<DateOnly> ClosureDays);

public sealed record NotificationEntry(string Id, string Channel, string Recipient, string Subject, string StudentId, DateTimeOffset CreatedAt, string Status,
    int Attempts, DateTimeOffset? DeliveredAt, string? LastError);

public sealed record MessageDeadLetterEntry(Guid Id, string MessageType, string ExceptionType, string ExceptionMessage, DateTimeOffset SentAt, bool Replayable);

public sealed record ProjectionDeadLetterEntry(Guid Id, string ProjectionName, long Sequence, string ExceptionType, string ExceptionMessage, DateTimeOffset DeadLetteredAt);

public sealed record ErasureRequestEntry(Guid RequestId, string Ground, string Detail, string RequestedBy, DateTimeOffset RequestedAt, string Status,
    string? DecidedBy, DateTimeOffset? DecidedAt, string? RefusalReason);

public sealed record LegalHoldEntry(Guid HoldId, string Kind, string Reason, DateOnly? Until, string PlacedBy, DateTimeOffset PlacedAt, string? LiftedBy, DateTimeOffset? LiftedAt);

public sealed record PrivacyRecord(string StudentId, DateTimeOffset? ErasedAt, IReadOnlyList<ErasureRequestEntry> Requests, IReadOnlyList<LegalHoldEntry> Holds,
    IReadOnlyList<string> HoldsInForce);

public sealed record BrokenLinkEntry(long Sequence, string? StreamKey, string Kind, string Detail);

public sealed record CheckpointEntry(long Sequence, DateTimeOffset SealedAt, bool Signed, bool Matches);

public sealed record ChainVerificationEntry(long From, long EventsChecked, long? LastSequence, long SealedTo, bool Intact, BrokenLinkEntry? FirstBroken,
    IReadOnlyList<CheckpointEntry> Checkpoints, double Seconds);

public sealed record ErasureRequestListing(Guid RequestId, string StudentId, string? SchoolCode, string Ground, string RequestedBy, DateTimeOffset RequestedAt, string Status,
    string? DecidedBy, DateTimeOffset? DecidedAt);

public sealed record ErasureRequestsPage(string? Status, string? School, int Page, int PageSize, int Total, IReadOnlyList<ErasureRequestListing> Requests);
