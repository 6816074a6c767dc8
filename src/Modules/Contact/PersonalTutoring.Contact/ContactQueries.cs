using PersonalTutoring.BuildingBlocks.Privacy;
using Marten;
using PersonalTutoring.Contact.ContactLogs;
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

    public async Task<RefereeEvidence> RefereeEvidenceAsync(string studentId, string refereeId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<StudentRecord>(studentId, ct) is not { } record) return new RefereeEvidence([], [], []);
        return new RefereeEvidence(
            [.. record.Objectives.OrderBy(o => o.SetAt).Select(o => new ObjectivePoint(o.Text.Text, o.ReviewOn, o.SetAt, o.Outcome?.ToString()))],
            // A referral shared on a breach ground was never the tutee's choice: it is not theirs to have mentioned.
            [.. record.Referrals.Where(r => r.ConsentId is not null && r.BreachGround is null).Select(r => r.Service.ToString()).Distinct()],
            [.. record.Concerns.Where(c => c.RaisedBy == refereeId).OrderBy(c => c.RaisedAt).Select(c => new ConcernPoint(c.Kind.ToString(), c.Detail.Text, c.RaisedAt, c.Status.ToString()))]);
    }

    public async Task<IReadOnlyList<string>> OpenConcernKindsAsync(string studentId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var record = await session.LoadAsync<StudentRecord>(studentId, ct);
        return record?.Concerns.Where(c => c.Status != Progress.Closed).Select(c => c.Kind.ToString()).Distinct().ToList() ?? [];
    }
}
