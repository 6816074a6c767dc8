using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.Contact.ContactLogs.Recording;
using PersonalTutoring.Contact.Shared;
using static PersonalTutoring.TestKit.HandWorkedCalendar;

namespace PersonalTutoring.Contact.Tests.Unit;

public sealed class RecordContactSpecs
{
    private static readonly DateTimeOffset Now = London(2025, 11, 20, 12);
    private static readonly Guid C1 = Guid.NewGuid(), C2 = Guid.NewGuid(), C3 = Guid.NewGuid(), Note = Guid.NewGuid(), Flag = Guid.NewGuid();
    private static readonly RecordContact.Actor Tom = new("t-tom", "t-tom", "MED", ["t-tom"]);
    private static readonly TermWindow AutumnWindow = new("2025-26/Autumn", London(2025, 9, 29, 0), London(2025, 12, 13, 0));

    private static RecordContact.Request Request(ContactDirection direction, DateTimeOffset at, bool? responded = true, string? lateReason = null,
        RecordContact.NoteRequest? note = null) => new(ContactKind.Email, direction, at, false, responded, note, lateReason);

    private static RecordContact.Rules Rules(DateTimeOffset? due = null) => new(due, AutumnWindow, 3);

    private static ContactRecorded Attempt(Guid id, DateTimeOffset at) =>
        new("s1", id, "MED", "t-tom", "t-tom", ContactKind.Email, ContactDirection.TutorInitiated, at, false, false, null, at);

    [Fact]
    public void A_contact_in_the_future_is_refused() =>
        Spec<ContactLog>.Given()
            .When(s => RecordContact.Decide(s, "s1", Request(ContactDirection.TutorInitiated, Now.AddMinutes(1)), new(C1, Note, Flag), Tom, Rules(), Now))
            .ThenRefused("contact-in-future");

    [Fact]
    public void A_contact_more_than_60_days_back_needs_a_reason() =>
        Spec<ContactLog>.Given()
            .When(s => RecordContact.Decide(s, "s1", Request(ContactDirection.TutorInitiated, Now.AddDays(-61)), new(C1, Note, Flag), Tom, Rules(), Now))
            .ThenRefused("late-record-needs-reason");

    [Fact]
    public void A_late_contact_with_a_reason_is_recorded_with_it() =>
        Spec<ContactLog>.Given()
            .When(s => RecordContact.Decide(s, "s1", Request(ContactDirection.TutorInitiated, Now.AddDays(-61), true, " paper log "), new(C1, Note, Flag), Tom, Rules(), Now))
            .Then(new ContactRecorded("s1", C1, "MED", "t-tom", "t-tom", ContactKind.Email, ContactDirection.TutorInitiated, Now.AddDays(-61), false, true, "paper log", Now));

    [Fact]
    public void A_note_is_written_beside_its_contact() =>
        Spec<ContactLog>.Given()
            .When(s => RecordContact.Decide(s, "s1", Request(ContactDirection.TutorInitiated, Now, true, null, new(" Discussed exams ", Confidentiality.Confidential)),
                new(C1, Note, Flag), Tom, Rules(), Now))
            .Then(new ContactRecorded("s1", C1, "MED", "t-tom", "t-tom", ContactKind.Email, ContactDirection.TutorInitiated, Now, false, true, null, Now),
                new NoteWritten("s1", Note, C1, "t-tom", ["t-tom"], PersonalText.Of("s1", PersonalTutoring.DataProtection.Contracts.SubjectRecordKinds.ConfidentialNote, "Discussed exams"), Confidentiality.Confidential, Now));

    [Fact]
    public void CO11_a_tutee_initiated_contact_opens_a_reply_clock_with_the_calendar_due_time()
    {
        var due = London(2025, 11, 25, 12);
        Spec<ContactLog>.Given()
            .When(s => RecordContact.Decide(s, "s1", Request(ContactDirection.TuteeInitiated, Now, null), new(C1, Note, Flag), Tom, Rules(due), Now))
            .Then(new ContactRecorded("s1", C1, "MED", "t-tom", "t-tom", ContactKind.Email, ContactDirection.TuteeInitiated, Now, false, true, null, Now),
                new ReplyAwaited("s1", C1, "MED", "t-tom", Now, due));
    }

    [Fact]
    public void CO11_the_tutors_next_contact_closes_the_clock_late_if_after_the_due_time()
    {
        var received = London(2025, 11, 10);
        Spec<ContactLog>.Given(
                new ContactRecorded("s1", C1, "MED", "t-tom", "t-tom", ContactKind.Email, ContactDirection.TuteeInitiated, received, false, true, null, received),
                new ReplyAwaited("s1", C1, "MED", "t-tom", received, London(2025, 11, 13)))
            .When(s => RecordContact.Decide(s, "s1", Request(ContactDirection.TutorInitiated, Now), new(C2, Note, Flag), Tom, Rules(), Now))
            .Then(new ContactRecorded("s1", C2, "MED", "t-tom", "t-tom", ContactKind.Email, ContactDirection.TutorInitiated, Now, false, true, null, Now),
                new ReplyGiven("s1", C1, C2, Now, false));
    }

    [Fact]
    public void CO5_the_third_unanswered_attempt_in_a_term_flags_the_tutee_to_the_support_team() =>
        Spec<ContactLog>.Given(Attempt(C1, London(2025, 10, 6)), Attempt(C2, London(2025, 10, 20)))
            .When(s => RecordContact.Decide(s, "s1", Request(ContactDirection.TutorInitiated, Now, false), new(C3, Note, Flag), Tom, Rules(), Now))
            .Then(new ContactRecorded("s1", C3, "MED", "t-tom", "t-tom", ContactKind.Email, ContactDirection.TutorInitiated, Now, false, false, null, Now),
                new SupportFlagRaised("s1", Flag, "MED", "2025-26/Autumn", 3, Now));

    [Fact]
    public void CO5_attempts_before_the_term_do_not_count_towards_its_threshold() =>
        Spec<ContactLog>.Given(Attempt(C1, London(2025, 9, 20)), Attempt(C2, London(2025, 10, 20)))
            .When(s => RecordContact.Decide(s, "s1", Request(ContactDirection.TutorInitiated, Now, false), new(C3, Note, Flag), Tom, Rules(), Now))
            .Then(new ContactRecorded("s1", C3, "MED", "t-tom", "t-tom", ContactKind.Email, ContactDirection.TutorInitiated, Now, false, false, null, Now));

    [Fact]
    public void CO5_a_term_is_flagged_once() =>
        Spec<ContactLog>.Given(Attempt(C1, London(2025, 10, 6)), Attempt(C2, London(2025, 10, 20)),
                new SupportFlagRaised("s1", Flag, "MED", "2025-26/Autumn", 3, Now))
            .When(s => RecordContact.Decide(s, "s1", Request(ContactDirection.TutorInitiated, Now, false), new(C3, Note, Guid.NewGuid()), Tom, Rules(), Now))
            .Then(new ContactRecorded("s1", C3, "MED", "t-tom", "t-tom", ContactKind.Email, ContactDirection.TutorInitiated, Now, false, false, null, Now));
}
