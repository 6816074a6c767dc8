using Marten;
using PersonalTutoring.DataProtection.Contracts;
using PersonalTutoring.DataProtection.Erasure;
using PersonalTutoring.DataProtection.ReadLog;

namespace PersonalTutoring.DataProtection.SubjectAccess;

/// <summary>What Data protection holds about a student: their data-protection record and every logged read of their personal data.</summary>
internal sealed class DataProtectionSubjectData(IDocumentStore store) : ISubjectDataSource
{
    public string Module => "DataProtection";

    public async Task<IReadOnlyList<SubjectRecord>> RecordsOfAsync(string studentId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var privacy = await session.Events.AggregateStreamAsync<StudentPrivacy>(StudentPrivacy.StreamId(studentId), token: ct);
        var reads = await session.Query<PersonalDataReadEntry>().Where(r => r.StudentId == studentId).OrderBy(r => r.ReadAt).ToListAsync(ct);
        return
        [
            .. privacy is null ? [] : new[] { new SubjectRecord(SubjectRecordKinds.DataProtection, studentId, null,
                new { privacy.Requests, privacy.Holds, privacy.ErasedAt, privacy.Withholdings, privacy.Exports }) },
            .. reads.Select(r => new SubjectRecord(SubjectRecordKinds.PersonalDataRead, r.ReadId, r.ReadAt, r)),
        ];
    }
}
