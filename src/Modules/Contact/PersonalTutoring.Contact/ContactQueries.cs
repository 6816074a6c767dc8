using PersonalTutoring.BuildingBlocks.Documents;
using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.Contact.Contracts;
using PersonalTutoring.Contact.ReadModels.StudentRecords;

namespace PersonalTutoring.Contact;

/// <summary>What other modules may ask of Contact: contact points, never note text.</summary>
internal sealed class ContactQueries(DocumentReader documents) : IContactQueries
{
    public async Task<IReadOnlyList<ContactPoint>> ContactsOfAsync(string studentId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var record = await documents.LoadAsync<StudentRecord>(ContactLog.StreamId(studentId), ct);
        return record?.Contacts.Where(c => c.OccurredAt >= from && c.OccurredAt <= to).OrderBy(c => c.OccurredAt)
            .Select(c => new ContactPoint(studentId, c.StaffId, c.OccurredAt, c.Kind.ToString(), c.Direction.ToString(), c.EnquiredAboutProgressAndWellbeing)).ToList() ?? [];
    }
}
