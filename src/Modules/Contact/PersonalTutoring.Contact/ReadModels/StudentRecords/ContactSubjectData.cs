using Marten;
using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.DataProtection.Contracts;

namespace PersonalTutoring.Contact.ReadModels.StudentRecords;

/// <summary>
/// What Contact holds about a student (issue 16 item 3): contacts, every note with its amendments (confidential ones
/// included, as UK GDPR Art. 15 requires), consents, referrals, concerns, objectives, support flags, and the confidential
/// note reads logged before reads joined the personal-data read log.
/// </summary>
internal sealed class ContactSubjectData(IDocumentStore store) : ISubjectDataSource
{
    public string Module => "Contact";

    public async Task<IReadOnlyList<SubjectRecord>> RecordsOfAsync(string studentId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var record = await session.LoadAsync<StudentRecord>(studentId, ct);
        // The student's own note-reads stream (found by its key), not a search of every event for the student's id.
        var earlierReads = (await session.Events.FetchStreamAsync(ContactLog.NoteReadsStreamId(studentId), token: ct)).Select(e => e.Data).OfType<ConfidentialNoteRead>().ToList();
        if (record is null && earlierReads.Count == 0) return [];
        record ??= StudentRecord.Empty(studentId, "");
        static string Id(Guid id) => id.ToString();
        return
        [
            .. record.Contacts.Select(c => new SubjectRecord(SubjectRecordKinds.Contact, Id(c.ContactId), c.OccurredAt, c)),
            .. record.Notes.Select(n => new SubjectRecord(
                n.Confidentiality == Confidentiality.Confidential ? SubjectRecordKinds.ConfidentialNote : SubjectRecordKinds.StandardNote, Id(n.NoteId), n.WrittenAt, n)),
            .. record.Consents.Select(c => new SubjectRecord(SubjectRecordKinds.Consent, Id(c.ConsentId), c.GivenAt, c)),
            .. record.Referrals.Select(r => new SubjectRecord(SubjectRecordKinds.Referral, Id(r.ReferralId), r.MadeAt, r)),
            .. record.Concerns.Select(c => new SubjectRecord(SubjectRecordKinds.Concern, Id(c.ConcernId), c.RaisedAt, c)),
            .. record.Objectives.Select(o => new SubjectRecord(SubjectRecordKinds.Objective, Id(o.ObjectiveId), o.SetAt, o)),
            .. record.SupportFlags.Select(f => new SubjectRecord(SubjectRecordKinds.SupportFlag, Id(f.FlagId), f.RaisedAt, f)),
            .. earlierReads.OrderBy(r => r.ReadAt).Select(r => new SubjectRecord(SubjectRecordKinds.PersonalDataRead, $"{r.NoteId}/{r.ReaderId}/{r.ReadAt:O}", r.ReadAt,
                new { RecordKind = SubjectRecordKinds.ConfidentialNote, RecordId = Id(r.NoteId), r.ReaderId, r.ReaderRoles, r.ReadAt })),
        ];
    }
}
