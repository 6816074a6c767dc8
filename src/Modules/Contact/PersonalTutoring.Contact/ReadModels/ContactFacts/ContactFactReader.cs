using Marten;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Contact.ContactLogs;

namespace PersonalTutoring.Contact.ReadModels.ContactFacts;

/// <summary>
/// Reads the KPI facts of a set of students for some academic years (docs/adr/0087): their rows of those years by key,
/// and, for the students who need them, their contacts in person or by video in earlier years — the one rule (CO-1's
/// initial meeting) that looks back past the year. Two separate reads, so the rows of the years may be read before the
/// students who need the earlier meetings are known (docs/adr/0095).
/// </summary>
internal sealed class ContactFactReader(IDocumentStore store)
{
    private static readonly ContactKind[] Meetings = [ContactKind.IndividualMeeting, ContactKind.GroupMeeting, ContactKind.VideoCall];

    /// <summary>Fewer keys than this are read by one statement, however many <c>parts</c> are asked for.</summary>
    private const int KeysPerPart = 500;

    /// <summary>The students' rows of the years, by key, in up to <paramref name="parts"/> statements at once (docs/adr/0095).</summary>
    public async Task<IReadOnlyList<ContactYear>> RowsAsync(IReadOnlyCollection<string> students, IReadOnlyCollection<int> years, int parts, CancellationToken ct)
    {
        var keys = students.Distinct(StringComparer.Ordinal).SelectMany(s => years.Select(y => ContactYear.Key(s, y))).ToArray();
        if (keys.Length == 0) return [];
        var size = Math.Max(KeysPerPart, (keys.Length + parts - 1) / parts);
        return [.. (await Task.WhenAll(keys.Chunk(size).Select(async chunk =>
        {
            await using var session = store.QuerySession();
            return await session.LoadManyAsync<ContactYear>(ct, chunk);
        }))).SelectMany(rows => rows)];
    }

    /// <summary>
    /// For each day of <paramref name="startYear"/>'s, a text that changes whenever a row of an earlier year, or a fact of
    /// that year's rows dated up to the day, changes (docs/adr/0102): what a school's figures as of that day may read,
    /// whichever its students.
    /// </summary>
    public Task<IReadOnlyList<string>> ChangesThroughAsync(int startYear, IReadOnlyList<DateOnly> days, CancellationToken ct) =>
        ReadModelChanges.MarksThroughAsync(store, ContactYearProjection.ProjectionName, [.. days.Select(day => ContactYearProjection.DateKey(startYear, day))], ct);

    /// <summary>The students' contacts in person or by video in the years before <paramref name="first"/>, as rows with only those.</summary>
    public async Task<IReadOnlyList<ContactYear>> MeetingsBeforeAsync(IReadOnlyCollection<string> students, int first, CancellationToken ct)
    {
        var earlier = students.Distinct(StringComparer.Ordinal).ToArray();
        if (earlier.Length == 0) return [];
        await using var session = store.QuerySession();
        return [.. (await session.Query<ContactYear>().Where(y => earlier.Contains(y.StudentId) && y.StartYear < first).ToListAsync(ct))
            .Select(y => y with { Contacts = [.. y.Contacts.Where(c => Meetings.Contains(c.Kind))], FlagsRaised = [], ReferralsMade = [], ReferralsClosed = [] })];
    }
}
