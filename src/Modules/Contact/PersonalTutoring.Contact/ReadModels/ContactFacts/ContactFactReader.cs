using Marten;
using PersonalTutoring.Contact.ContactLogs;

namespace PersonalTutoring.Contact.ReadModels.ContactFacts;

/// <summary>
/// Reads the KPI facts of a set of students for some academic years (docs/adr/0087): their rows of those years by key,
/// and, for the students named in <c>meetingsBefore</c>, their contacts in person or by video in earlier years — the
/// one rule (CO-1's initial meeting) that looks back past the year. One round trip each.
/// </summary>
internal sealed class ContactFactReader(IDocumentStore store)
{
    private static readonly ContactKind[] Meetings = [ContactKind.IndividualMeeting, ContactKind.GroupMeeting, ContactKind.VideoCall];

    public async Task<ILookup<string, ContactYear>> YearsAsync(IReadOnlyCollection<string> students, IReadOnlyCollection<int> years,
        IReadOnlyCollection<string> meetingsBefore, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var keys = students.Distinct(StringComparer.Ordinal).SelectMany(s => years.Select(y => ContactYear.Key(s, y))).ToArray();
        var rows = keys.Length == 0 ? [] : (await session.LoadManyAsync<ContactYear>(ct, keys)).ToList();
        var earlier = meetingsBefore.Distinct(StringComparer.Ordinal).ToArray();
        var first = years.Min();
        if (earlier.Length > 0)
            rows.AddRange((await session.Query<ContactYear>().Where(y => earlier.Contains(y.StudentId) && y.StartYear < first).ToListAsync(ct))
                .Select(y => y with { Contacts = [.. y.Contacts.Where(c => Meetings.Contains(c.Kind))], FlagsRaised = [], ReferralsMade = [], ReferralsClosed = [] }));
        return rows.ToLookup(r => r.StudentId, StringComparer.Ordinal);
    }
}
