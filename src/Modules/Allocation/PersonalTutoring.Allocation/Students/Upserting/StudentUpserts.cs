using Marten;
using PersonalTutoring.Allocation.Allocations;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.Notifications;
using PersonalTutoring.Allocation.ReadModels.StudentViews;
using PersonalTutoring.Allocation.ReadModels.TutorViews;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Contracts;
using Wolverine.Marten;

namespace PersonalTutoring.Allocation.Students.Upserting;

internal sealed record UpsertOutcome(bool Created, long Version, StudentProfile Profile);

internal enum RowOutcome { Created, Updated, Unchanged }

/// <summary>
/// Applies student records, one (from the stream itself, honouring If-Match) or many (from the inline view, in one
/// transaction). An allocation that ends because the student left also releases the tutee and notifies (AL-5).
/// Scoped: it works in the request's session.
/// </summary>
internal sealed class StudentUpserts(IDocumentSession session, IMartenOutbox outbox, ISchoolDirectory schools, TimeProvider clock, IEventMetadataProvider metadata)
{
    public async Task<UpsertOutcome> UpsertOneAsync(string studentId, StudentRecord record, long? expectedVersion, CancellationToken ct)
    {
        if (await schools.FindAsync(record.SchoolCode, ct) is null)
            throw new BusinessRuleException("unknown-school", $"School {record.SchoolCode} is not registered.");
        var current = await session.Events.FetchForWriting<Student>(Student.StreamId(studentId), ct);
        var stream = StreamRef.Of(current);
        record = record.Keeping(current.State.Record);
        var changes = new ChangeSet();
        var outcome = await StageAsync(changes, studentId, current.State, stream, record, ct);
        // If-Match names the version the client read; a retried PUT that decides nothing is not a conflict.
        if (expectedVersion is { } expected && expected != stream.Version && !changes.IsEmpty)
            throw new StaleVersionException(stream.Key, expected, stream.Version);
        await changes.CommitAsync(session, outbox, ct);
        var version = changes.VersionAfter(stream);
        var profile = new StudentView(studentId, record, version, null, null, [], [], []).ToProfile();
        return new UpsertOutcome(outcome == RowOutcome.Created, version, profile);
    }

    /// <summary>Rows already shape-checked and with unique ids; rows naming unknown schools come back as rejected.</summary>
    public async Task<(Dictionary<int, RowOutcome> Applied, Dictionary<int, string> UnknownSchool)> UpsertManyAsync(
        IReadOnlyList<(int Index, string StudentId, StudentRecord Record)> rows, CancellationToken ct, EventMetadata? meta = null)
    {
        var unknown = new Dictionary<int, string>();
        var known = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var code in rows.Select(r => r.Record.SchoolCode).Distinct())
            known[code] = await schools.FindAsync(code, ct) is not null;
        meta?.StampOn(session);
        // The inline projection starts from the views read here instead of loading them again.
        session.UseIdentityMapFor<StudentView>();
        var views = (await session.LoadManyAsync<StudentView>(ct, rows.Select(r => r.StudentId).ToArray())).ToDictionary(v => v.StudentId, StringComparer.Ordinal);
        var changes = new ChangeSet();
        var applied = new Dictionary<int, RowOutcome>();
        var tutorCache = new Dictionary<string, TutorView?>(StringComparer.Ordinal);
        foreach (var (index, studentId, record) in rows)
        {
            if (!known[record.SchoolCode])
            {
                unknown[index] = $"School {record.SchoolCode} is not registered.";
                continue;
            }
            var view = views.GetValueOrDefault(studentId);
            applied[index] = await StageAsync(changes, studentId, view?.ToWriteModel() ?? Student.Initial, view?.ToStream() ?? new StreamRef(Student.StreamId(studentId), 0),
                record, ct, tutorCache, meta);
        }
        await changes.CommitAsync(session, outbox, ct);
        return (applied, unknown);
    }

    private async Task<RowOutcome> StageAsync(ChangeSet changes, string studentId, Student state, StreamRef stream, StudentRecord record, CancellationToken ct,
        Dictionary<string, TutorView?>? tutorCache = null, EventMetadata? meta = null)
    {
        var now = clock.GetUtcNow();
        record = record.Keeping(state.Record);
        var events = UpsertStudent.Decide(state, studentId, record, Dates.UkDate(now), now);
        if (events.Length == 0) return RowOutcome.Unchanged;
        changes.Append(stream, events);
        foreach (var ended in events.OfType<AllocationEnded>())
        {
            tutorCache ??= [];
            if (!tutorCache.TryGetValue(ended.TutorId, out var tutor))
                tutorCache[ended.TutorId] = tutor = await session.LoadAsync<TutorView>(ended.TutorId, ct);
            if (tutor is null) continue;
            changes.Release(ended.TutorId, tutor.ToStream(), studentId, ended.EffectiveOn, now);
            var by = (meta ?? metadata.Current).UserName;
            changes.Notify(Notices.ForChange(Notices.ToIntegration(ended, by), Notices.Of(studentId, record), null, Notices.Of(tutor.StaffId, tutor.Details)));
        }
        return state.Exists ? RowOutcome.Updated : RowOutcome.Created;
    }
}
