using Marten;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.DataProtection.Erasure;

namespace PersonalTutoring.DataProtection.Retention;

/// <summary>A student whose periods have passed, and what the run did (or, dry, would do) about them.</summary>
internal sealed record RetentionOutcome(string StudentId, DateOnly LeftOn, IReadOnlyList<string> KindsErased, bool WholeRecordErased, IReadOnlyList<string> HeldBecause);

/// <summary>One run's report: when, as of which day, by whom, how many leavers it examined, and every student it touched or had to leave alone.</summary>
internal sealed record RetentionReport(Guid RunId, DateOnly AsOf, bool DryRun, string RanBy, DateTimeOffset RanAt, int LeaversExamined, IReadOnlyList<RetentionOutcome> Outcomes);

/// <summary>
/// Applies the retention schedule to every student who has left (issue 16 item 2, ADR 0085): for each kind of record
/// whose period has passed, the key of that kind is deleted, so its text reads "[erased]" everywhere while every event
/// stays; when the whole record's period has passed, every key of the student goes. A student under a legal hold is
/// left alone and named in the report with the hold. Each student's erasure is an event on their data-protection
/// record; each run is an event on the runs' stream (item 7).
/// </summary>
internal sealed class RetentionSchedule(ILeavers leavers, IAllocationQueries students, IStudentErasure erasure, LegalHolds holds, SubjectKeys keys,
    ISessionFactory sessions, RetentionSettings settings)
{
    public const string RunsStream = "data-protection-retention-runs";

    public async Task<RetentionReport> RunAsync(DateOnly asOf, string ranBy, bool dryRun, DateTimeOffset now, CancellationToken ct)
    {
        var runId = Guid.NewGuid();
        var outcomes = new List<RetentionOutcome>();
        var left = await leavers.LeaversAsync(ct);
        foreach (var leaver in left.OrderBy(l => l.LeftOn).ThenBy(l => l.StudentId, StringComparer.Ordinal))
        {
            // By the dates alone first: most leavers have nothing due, and need no read of their record.
            var passed = RetentionSettings.TextKinds.Where(k => leaver.LeftOn.AddYears(settings.YearsFor(k)) <= asOf).ToList();
            var whole = leaver.LeftOn.AddYears(settings.YearsFor(RetentionSettings.AllocationHistory)) <= asOf;
            if (passed.Count == 0 && !whole) continue;
            await using var session = sessions.OpenSession();
            var stream = await session.Events.FetchForWriting<StudentPrivacy>(StudentPrivacy.StreamId(leaver.StudentId), ct);
            if (stream.State.ErasedAt is not null) continue;
            var due = passed.Where(k => !stream.State.KindsErased.Contains(k)).ToList();
            if (due.Count == 0 && !whole) continue;
            var student = await students.StudentAsync(leaver.StudentId, ct);
            var held = student is null ? [] : await holds.InForceAsync(stream.State, student, asOf, ct);
            if (held.Count > 0)
            {
                outcomes.Add(new RetentionOutcome(leaver.StudentId, leaver.LeftOn, [], false, held));
                continue;
            }
            outcomes.Add(new RetentionOutcome(leaver.StudentId, leaver.LeftOn, due, whole, []));
            if (dryRun) continue;
            var deleted = 0;
            foreach (var kind in due) deleted += await keys.EraseAsync(PersonalSubjects.Of(leaver.StudentId, kind), ct);
            if (whole)
            {
                deleted += await keys.EraseAsync(leaver.StudentId, ct);
                await erasure.ForgetAsync(leaver.StudentId, ct);
            }
            stream.AppendOne(new RetentionApplied(leaver.StudentId, runId, due, whole, deleted, now));
            await session.SaveChangesAsync(ct);
        }
        var report = new RetentionReport(runId, asOf, dryRun, ranBy, now, left.Count, outcomes);
        if (!dryRun) await sessions.AppendToLogAsync(RunsStream, [new RetentionRunCompleted(report)], ct);
        return report;
    }
}
