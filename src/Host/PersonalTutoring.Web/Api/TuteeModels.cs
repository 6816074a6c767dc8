namespace PersonalTutoring.Web.Api;

// The API's answers the tutee's screens read (Meetings, References, Allocation, Contact, Governance): only what they show.

public sealed record SlotListing(Guid SlotId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Capacity, int FreePlaces, string? Room, string? OnlineLink,
    bool OnClosureDay, bool Cancelled, string? CancelReason, Guid? YourBookingId, IReadOnlyList<SlotBookingEntry>? Bookings);

public sealed record SlotBookingEntry(Guid BookingId, string StudentId, string? Agenda, string Status, string? Attendance = null, string? AbsenceReason = null);

public sealed record StudentBooking(Guid BookingId, Guid SlotId, string TutorId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Room, string? OnlineLink,
    string? Agenda, string Status, string? CancelReason);

public sealed record ReferenceRequestSummary(string RequestId, string StudentId, string Kind, string? Recipient, DateOnly Deadline, string? Purpose, string TutorId,
    bool PreviousTutor, string Status, DateTimeOffset RequestedAt, DateTimeOffset? AcceptedAt, string? DeclineReason, IReadOnlyList<IssuedReference>? Issued);

public sealed record IssuedReference(int Version, DateTimeOffset IssuedAt);

public sealed record TutorChangeRequest(string RequestId, string StudentId, string SchoolCode, string? CurrentTutorId, string? Reason, string RequestedBy,
    DateTimeOffset RequestedAt, string Status, string? NewTutorId, string? Rationale, string? DecidedBy, DateTimeOffset? DecidedAt);

public sealed record MeetingWindow(string Name, DateOnly From, DateOnly To, string Kind);

public sealed record GuideContent(string Description, string HowToContactTutor, string HowToRequestChangeOrEscalate, string OfficeHoursPolicy,
    IReadOnlyList<MeetingWindow> MeetingSchedule);

public sealed record PublishedGuide(string SchoolCode, string AcademicYear, int Version, bool IsCurrent, DateTimeOffset PublishedAt, GuideContent Guide);

public sealed record Consent(Guid ConsentId, string RecordedBy, string Scope, DateOnly? Until, DateTimeOffset GivenAt, string? RevokedBy, DateTimeOffset? RevokedAt);

public sealed record PublishedSlots(Guid SeriesId, IReadOnlyList<PublishedSlotEntry> Slots, IReadOnlyList<DateOnly> SkippedClosureDays);

public sealed record PublishedSlotEntry(Guid SlotId, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

// The referee's drafting screen (References, issue 13): the evidence the API offers and the draft.

public sealed record TutorPeriod(string StudentId, string TutorId, DateOnly From, DateOnly? To);

public sealed record EvidenceContact(string StudentId, string StaffId, DateTimeOffset OccurredAt, string Kind, string Direction, bool EnquiredAboutProgressAndWellbeing);

public sealed record EvidenceObjective(string Text, DateOnly ReviewOn, DateTimeOffset SetAt, string? Outcome);

public sealed record EvidenceConcern(string Kind, string Detail, DateTimeOffset RaisedAt, string Status);

public sealed record EvidenceMeeting(string StudentId, string TutorId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool AtClinic, bool Group, bool Late);

public sealed record EvidenceAcademicRecord(string? ResultsSummary, decimal? AttendancePercentage, string? PortfolioStatus);

public sealed record ReferenceConsentView(bool Health, bool PersonalCircumstances);

public sealed record ReferenceEvidence(Guid RequestId, string StudentId, ReferenceConsentView Consent, IReadOnlyList<TutorPeriod> TutorPeriods,
    IReadOnlyList<EvidenceContact> Contacts, IReadOnlyList<EvidenceObjective> Objectives, IReadOnlyList<string> SupportAccessed,
    IReadOnlyList<EvidenceConcern> ConcernsAuthorRaised, EvidenceAcademicRecord? AcademicRecord, DateTimeOffset? AcademicRecordReceivedAt,
    IReadOnlyList<EvidenceMeeting> MeetingsAttended);

public sealed record ReferenceDraft(Guid RequestId, string Text, long Version);
