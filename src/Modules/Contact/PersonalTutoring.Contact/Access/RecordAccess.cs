using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.Contact.ContactLogs;

namespace PersonalTutoring.Contact.Access;

/// <summary>
/// Who may open a student's tutoring record and read which note's text (CO-6, CO-7). Relations come from
/// <see cref="ResourceAccess"/> (today's tutor, stand-in, Senior Tutor of the school); sharing with the Support Team
/// comes from the record's referrals and consents. Pure, so every rule has a unit test.
/// </summary>
internal static class RecordAccess
{
    private const StudentRelation Tutoring = StudentRelation.CurrentTutor | StudentRelation.AlternativeContact | StudentRelation.SeniorTutorOfSchool;

    /// <summary>
    /// What the Support Team may see through referrals: a breach justification shares everything until the referral is
    /// closed; consent shares its scope while it is neither revoked nor past its end date. Null: nothing is shared.
    /// </summary>
    public static ConsentScope? SupportTeamScope(IEnumerable<ReferralFacts> referrals, IReadOnlyDictionary<Guid, ConsentFacts> consents, DateOnly today)
    {
        ConsentScope? widest = null;
        foreach (var referral in referrals.Where(r => r.Service == ReferralService.SupportTeam))
        {
            ConsentScope? scope = referral.Breach && referral.Progress != Progress.Closed ? ConsentScope.AllNotes
                : referral.ConsentId is { } id && consents.TryGetValue(id, out var consent) && consent.ActiveOn(today) ? consent.Scope
                : null;
            if (scope is not null && (widest is null || scope > widest)) widest = scope;
        }
        return widest;
    }

    private static bool IsSupportTeam(StudentAccess a) => a.User.IsIn(Roles.SupportTeam);

    /// <summary>Tutors, stand-ins and the school's Senior Tutors; the Dean, admins and auditors (who never see text); the Support Team only through sharing.</summary>
    public static bool CanOpenRecord(StudentAccess a, ConsentScope? shared) =>
        a.Is(Tutoring | StudentRelation.UniversityWide) || a.User.IsIn(Roles.Auditor) || (IsSupportTeam(a) && shared is not null);

    /// <summary>
    /// Standard notes: today's tutor, stand-in and the school's Senior Tutors. Confidential notes: the author and the tutor
    /// the student had when it was written, while each still stands towards the student — a disclosure made to one tutor
    /// does not pass to the next at a handover (AL-8: the new tutor gets the full history and the standard notes).
    /// </summary>
    public static bool CanReadText(StudentAccess a, NoteFacts note, ConsentScope? shared)
    {
        if (a.User.IsIn(Roles.Auditor)) return false; // auditors never see note text, whatever else they are
        var author = note.AuthorId == a.User.Id && a.Is(Tutoring);
        return note.Confidentiality switch
        {
            Confidentiality.Standard => a.Is(Tutoring) || (IsSupportTeam(a) && shared is not null),
            _ => (a.Is(StudentRelation.CurrentTutor) && note.TutorIds.Contains(a.User.Id)) || author || (IsSupportTeam(a) && shared == ConsentScope.AllNotes),
        };
    }

    /// <summary>A correction comes from the note's author or the current tutor, and only from someone who may read the note.</summary>
    public static bool CanAmend(StudentAccess a, NoteFacts note, ConsentScope? shared) =>
        CanReadText(a, note, shared) && (note.AuthorId == a.User.Id || a.Is(StudentRelation.CurrentTutor));
}
