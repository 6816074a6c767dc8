using Marten;
using PersonalTutoring.Contact.ContactLogs;

namespace PersonalTutoring.Contact.ReadModels.ContactFacts;

/// <summary>
/// Reads the KPI facts of a set of students for a window of instants (docs/adr/0087): the facts dated in it (a contact
/// that occurred, a reply that fell due, a flag raised, a referral made or closed), and, for the students named in
/// <c>meetingsBefore</c>, their contacts in person or by video before it — the one rule (CO-1's initial meeting) that
/// looks back past the year. One query each, by the indexed student id.
/// </summary>
internal sealed class ContactFactReader(IDocumentStore store)
{
    public async Task<ILookup<string, ContactFact>> InWindowAsync(IReadOnlyCollection<string> students, DateTimeOffset from, DateTimeOffset to,
        IReadOnlyCollection<string> meetingsBefore, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var ids = students.Distinct(StringComparer.Ordinal).ToArray();
        var facts = ids.Length == 0 ? [] : (await session.Query<ContactFact>()
            .Where(f => ids.Contains(f.StudentId)
                && ((f.At >= from && f.At < to) || (f.ReplyDueAt >= from && f.ReplyDueAt < to) || (f.ClosedAt >= from && f.ClosedAt < to)))
            .ToListAsync(ct)).ToList();
        var earlier = meetingsBefore.Distinct(StringComparer.Ordinal).ToArray();
        if (earlier.Length > 0)
            facts.AddRange((await session.Query<ContactFact>()
                    .Where(f => earlier.Contains(f.StudentId) && f.Fact == ContactFactKind.Contact && f.At < from
                        && (f.Kind == ContactKind.IndividualMeeting || f.Kind == ContactKind.GroupMeeting || f.Kind == ContactKind.VideoCall))
                    .ToListAsync(ct)));
        return facts.ToLookup(f => f.StudentId, StringComparer.Ordinal);
    }
}
