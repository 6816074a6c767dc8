namespace PersonalTutoring.Web.Api;

// The pages read the API's JSON answers (its published contract, docs/adr/0052) into these records: only the fields a
// screen shows. Enums are read as their names, as the API writes them.

public sealed record StudentProfile(string StudentId, string GivenName, string FamilyName, string Email, string SchoolCode, string ProgrammeCode,
    string Level, int YearOfStudy, DateOnly RegisteredOn, string Status);

public sealed record TutorSummary(string StaffId, string GivenName, string FamilyName, string Email);

public sealed record AlternativeContact(string StaffId, DateOnly From, DateOnly To, string Reason);

public sealed record StudentDetails(StudentProfile Profile, TutorSummary? CurrentTutor, AlternativeContact? AlternativeContact);

public sealed record AwaitedReply(Guid ContactId, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, bool Overdue);

public sealed record TuteeDue(string StudentId, string GivenName, string FamilyName, string? Term, bool NeedsContactThisMonth, bool CheckInDue,
    bool WelcomeContactDue, bool AwayContactDue, IReadOnlyList<AwaitedReply> RepliesAwaited, int OpenSupportFlags,
    IReadOnlyList<Guid> ReferralFollowUpsDue, IReadOnlyList<Guid> ObjectiveReviewsDue);

public sealed record ContactDueView(string StaffId, DateOnly Today, IReadOnlyList<TuteeDue> Tutees);

public sealed record ContactEntry(Guid ContactId, string StaffId, string Kind, string Direction, DateTimeOffset OccurredAt, bool EnquiredAboutProgressAndWellbeing,
    bool? TuteeResponded, DateTimeOffset? ReplyDueAt, DateTimeOffset? RepliedAt);

public sealed record NoteView(Guid NoteId, Guid? ContactId, string AuthorId, string Confidentiality, DateTimeOffset WrittenAt, string? Text, bool Withheld);

public sealed record StudentRecordView(string StudentId, IReadOnlyList<ContactEntry> Contacts, IReadOnlyList<NoteView> Notes);

public sealed record TutorUnavailability(string TutorId, DateOnly From, DateOnly To, string Reason, string AlternativeStaffId);

public sealed record Caseload(string StaffId, string Name, bool PermanentAcademicStaff, bool HasDeanException, bool HasLeft, int Tutees, int Target, int Maximum,
    IReadOnlyList<TutorUnavailability> Unavailability);

public sealed record Caseloads(string SchoolCode, int Tutors, double MedianTutees, int MaximumTutees, IReadOnlyList<Caseload> Caseload);

public sealed record UnallocatedStudent(string StudentId, string Name, string Level, int YearOfStudy, DateOnly RegisteredOn, int DaysSinceRegistration,
    int DeadlineDays, bool DeadlinePassed);

public sealed record Unallocated(string SchoolCode, DateOnly On, int Count, int PastDeadline, IReadOnlyList<UnallocatedStudent> Students);

public sealed record AllocationAsOf(string StudentId, DateOnly AsOf, DateTimeOffset RecordedAt, string? TutorId, DateOnly? Since, DateTimeOffset? AllocationRecordedAt);

public sealed record AllocationChange(long Sequence, string? FromTutorId, string? ToTutorId, DateOnly EffectiveOn, DateTimeOffset RecordedAt, string? Actor,
    string Kind, string Reason, string? OverrideJustification);

public sealed record OpenChangeRequest(string RequestId, string StudentId, string? CurrentTutorId, string? Reason, DateTimeOffset RequestedAt, int AgeDays);

public sealed record Placement(string StudentId, string TutorId, string? PreviousTutorId, bool NewBlock);

public sealed record Unplaced(string StudentId, string Reason);

public sealed record TutorLoad(string StaffId, int Before, int After, int Target, int Maximum);

public sealed record AutoResult(bool DryRun, int InScope, int Kept, IReadOnlyList<Placement> Placements, IReadOnlyList<Unplaced> Unplaced, IReadOnlyList<TutorLoad> Caseloads);

public sealed record HandoverResult(string HandoverId, string FromTutorId, IReadOnlyList<string> ToTutorIds, int TuteeCount);

public sealed record SupportFlagEntry(Guid FlagId, string TermKey, int UnansweredAttempts, DateTimeOffset RaisedAt);

public sealed record ConcernEntry(Guid ConcernId, string Kind, string RoutedTo, string Detail, string RaisedBy, DateTimeOffset RaisedAt, string Status);

public sealed record ReferralEntry(Guid ReferralId, string Service, string Reason, string ReferredBy, DateTimeOffset MadeAt, string Status);

public sealed record SupportTeamItem(string StudentId, string SchoolCode, IReadOnlyList<SupportFlagEntry> OpenFlags, IReadOnlyList<ConcernEntry> Concerns,
    IReadOnlyList<ReferralEntry> Referrals);

public sealed record PendingRoom(Guid MeetingId, string TutorId, string SchoolCode, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Size, string? AccessibilityNeeds,
    DateTimeOffset RequestedAt);

public sealed record NoteReadEntry(string ReadId, string StudentId, Guid NoteId, string ReaderId, IReadOnlyList<string> ReaderRoles, DateTimeOffset ReadAt);

public sealed record TutorMeetingInvitee(string StudentId, string? Name, string Answer, string? Attendance, string? AbsenceReason);

public sealed record TutorMeetingEntry(Guid MeetingId, string Purpose, string Format, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Room, string? OnlineLink,
    string Status, bool AttendanceRecorded, IReadOnlyList<TutorMeetingInvitee> Invitees);

public sealed record TutorMeetingsPage(string TutorId, DateOnly From, DateOnly To, string? Status, int Page, int PageSize, int Total, IReadOnlyList<TutorMeetingEntry> Meetings);
