using System.Text.Json.Serialization;
using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.Contact.ReadModels.StudentRecords;

namespace PersonalTutoring.Contact.ReadModels.ContactFacts;

/// <summary>
/// A contact as the KPI figures read it (docs/adr/0087): what the compliance rules need and the reply clock, each with
/// its own instant. Stored as a short array (<see cref="ContactFactJson"/>, docs/adr/0090): a student's year holds a few
/// dozen of these and a school's answer reads every one of its students'.
/// </summary>
[JsonConverter(typeof(ContactFactJson.Contacts))]
internal sealed record ContactFact(Guid ContactId, ContactKind Kind, ContactDirection Direction, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt,
    bool EnquiredAboutProgressAndWellbeing, bool? TuteeResponded, DateTimeOffset? ReplyDueAt = null, DateTimeOffset? RepliedAt = null)
{
    /// <summary>The contact as the compliance rules read it (who recorded it and why it was late are not needed).</summary>
    public ContactEntry ToEntry() => new(ContactId, "", "", Kind, Direction, OccurredAt, EnquiredAboutProgressAndWellbeing, TuteeResponded, null, RecordedAt,
        ReplyDueAt, RepliedAt, null);
}

/// <summary>A dated fact with its id: a support flag raised, a referral made or closed; stored as <c>[id, at]</c>.</summary>
[JsonConverter(typeof(ContactFactJson.Dated))]
internal sealed record DatedFact(Guid Id, DateTimeOffset At);

/// <summary>
/// One student's KPI facts for one academic year (docs/adr/0087), keyed <c>{studentId}/{startYear}</c>: the contacts
/// that occurred in the year (and those of its last <see cref="ContactYearProjection.CarriedDays"/> days carried into the next year too, so a
/// reply falling due after 1 August is in the year it is counted in), the support flags raised (CO-5), the referrals
/// made and those closed (CO-10) in it. No text, no staff. One row per student and year: the school's answer reads
/// its students' rows of the year, whatever the history's length.
/// </summary>
internal sealed record ContactYear(string Id, string StudentId, int StartYear, IReadOnlyList<ContactFact> Contacts, IReadOnlyList<DatedFact> FlagsRaised,
    IReadOnlyList<DatedFact> ReferralsMade, IReadOnlyList<DatedFact> ReferralsClosed)
{
    public static string Key(string studentId, int startYear) => $"{studentId}/{startYear}";

    public static ContactYear Empty(string studentId, int startYear) => new(Key(studentId, startYear), studentId, startYear, [], [], [], []);
}
