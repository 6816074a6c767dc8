using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.Contact.ReadModels.StudentRecords;

namespace PersonalTutoring.Contact.ReadModels.ContactFacts;

/// <summary>What a <see cref="ContactFact"/> records.</summary>
internal enum ContactFactKind { Contact, SupportFlag, Referral }

/// <summary>
/// One dated fact of a student's tutoring record that the KPI figures count (docs/adr/0087): a contact (with its reply
/// clock), a support flag raised as unresponsive (CO-5) or a referral (CO-10). Only the fields the compliance rules
/// and the figures read, each with its own instant, so "in the year up to the KPI date" and "recorded by the known-on
/// date" are date ranges on small rows instead of a walk through every contact of the student's career. No text.
/// </summary>
/// <param name="Id">The contact's, flag's or referral's id.</param>
/// <param name="At">When the contact occurred, the flag was raised or the referral made.</param>
/// <param name="RecordedAt">When the contact was recorded (the flag's and referral's own instant otherwise).</param>
internal sealed record ContactFact(
    string Id, string StudentId, ContactFactKind Fact, DateTimeOffset At, DateTimeOffset RecordedAt,
    ContactKind Kind = default, ContactDirection Direction = default, bool EnquiredAboutProgressAndWellbeing = false, bool? TuteeResponded = null,
    DateTimeOffset? ReplyDueAt = null, DateTimeOffset? RepliedAt = null, DateTimeOffset? ClosedAt = null)
{
    /// <summary>The contact as the compliance rules read it (who recorded it and why it was late are not needed).</summary>
    public ContactEntry ToEntry() => new(Guid.Parse(Id), "", "", Kind, Direction, At, EnquiredAboutProgressAndWellbeing, TuteeResponded, null, RecordedAt,
        ReplyDueAt, RepliedAt, null);
}
