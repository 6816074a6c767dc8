using Marten;
using PersonalTutoring.Contact.Contracts;
using PersonalTutoring.Contact.ReadModels.StudentRecords;

namespace PersonalTutoring.Contact;

/// <summary>What other modules may ask of Contact: contact points, never note text. A singleton, so it reads through a short query session of its own.</summary>
internal sealed class ContactQueries(IDocumentStore store) : IContactQueries
{
    public async Task<IReadOnlyList<ContactPoint>> ContactsOfAsync(string studentId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var record = await session.LoadAsync<StudentRecord>(studentId, ct);
        return record?.Contacts.Where(c => c.OccurredAt >= from && c.OccurredAt <= to).OrderBy(c => c.OccurredAt)
            .Select(c => new ContactPoint(studentId, c.StaffId, c.OccurredAt, c.Kind.ToString(), c.Direction.ToString(), c.EnquiredAboutProgressAndWellbeing)).ToList() ?? [];
    }
}
