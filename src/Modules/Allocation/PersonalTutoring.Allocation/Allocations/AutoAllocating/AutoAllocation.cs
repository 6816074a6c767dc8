using Marten;
using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.Allocation.Allocations.Allocating;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.ReadModels.StudentViews;
using PersonalTutoring.Allocation.ReadModels.TutorViews;
using PersonalTutoring.Allocation.Students;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Contracts;
using Wolverine.Marten;

namespace PersonalTutoring.Allocation.Allocations.AutoAllocating;

internal sealed record AutoScope(string SchoolCode, CohortLevel? Level, int? YearOfStudy);

internal sealed record TutorLoad(string StaffId, int Before, int After, int Target, int Maximum);

internal sealed record AutoResult(bool DryRun, int InScope, int Kept, IReadOnlyList<Placement> Placements, IReadOnlyList<Unplaced> Unplaced, IReadOnlyList<TutorLoad> Caseloads);

/// <summary>
/// Reads the school's students and tutors from the inline views (exactly at their streams' versions), plans, and
/// applies the plan in one transaction. Every placement still passes <see cref="AllocationRules"/>; a stream that
/// moved since it was read makes the whole run a 409, so a run is all or nothing. Scoped: it works in the
/// request's session.
/// </summary>
internal sealed class AutoAllocation(IDocumentSession session, IMartenOutbox outbox, ISchoolDirectory schools, PolicyLookup policies, TimeProvider clock,
    IEventMetadataProvider metadata, SubjectKeys keys)
{
    /// <param name="effectiveOn">When each placement takes effect (default: today). Only the demo seed back-dates,
    /// to give its students the allocation history a real university would have; never later than today.</param>
    public async Task<AutoResult> RunAsync(AutoScope scope, bool dryRun, CancellationToken ct, EventMetadata? meta = null, Func<StudentView, DateOnly>? effectiveOn = null)
    {
        if (await schools.FindAsync(scope.SchoolCode, ct) is null)
            throw new BusinessRuleException("unknown-school", $"School {scope.SchoolCode} is not registered.");
        var now = clock.GetUtcNow();
        var today = Dates.UkDate(now);
        var policy = await policies.InForceAsync(scope.SchoolCode, today, scope.Level, ct);
        // The inline projections start from the views this command read instead of loading them again.
        session.UseIdentityMapFor<StudentView>();
        session.UseIdentityMapFor<TutorView>();
        meta?.StampOn(session);
        await keys.WarmAsync(session, s => s.Record.SchoolCode == scope.SchoolCode, ct);
        var students = (await session.Query<StudentView>().Where(s => s.Record.SchoolCode == scope.SchoolCode).OrderBy(s => s.StudentId).ToListAsync(ct))
            .Where(s => s.Record is { Status: StudentStatus.Studying, VisitingStudyAbroad: false })
            .Where(s => (scope.Level is null || s.Record.Level == scope.Level) && (scope.YearOfStudy is null || s.Record.YearOfStudy == scope.YearOfStudy))
            .ToDictionary(s => s.StudentId, StringComparer.Ordinal);
        var tutors = (await session.Query<TutorView>().Where(t => t.Details.SchoolCode == scope.SchoolCode).OrderBy(t => t.StaffId).ToListAsync(ct))
            .ToDictionary(t => t.StaffId, StringComparer.Ordinal);
        var blocks = new Dictionary<CohortLevel, IReadOnlyList<YearBlock>>();
        foreach (var level in students.Values.Select(s => s.Record.Level).Distinct())
            blocks[level] = (await policies.InForceAsync(scope.SchoolCode, today, level, ct)).AllocationBlocks;

        var input = new PlanInput(
            [.. students.Values.Select(s => new PlanStudent(s.StudentId, s.Record.Level, s.Record.YearOfStudy, s.CurrentTutorId, s.AllocatedInYear))],
            [.. tutors.Values.Select(t => PlanTutorOf(t, policy, today))],
            blocks);
        var plan = AllocationPlanner.Plan(input);
        var loads = Loads(tutors.Values, plan, policy);
        if (!dryRun && plan.Placements.Count > 0)
        {
            var slots = tutors.Values.ToDictionary(t => t.StaffId, t => new TutorSlot(t.StaffId, t.ToWriteModel(), t.ToStream()), StringComparer.Ordinal);
            // The plan freed every mover's place before placing anyone; so does the staging, or a tutor who is full
            // until their own tutees move on would refuse a placement the plan counted on.
            foreach (var p in plan.Placements.Where(p => p.PreviousTutorId is not null && slots.ContainsKey(p.PreviousTutorId)))
                slots[p.PreviousTutorId!].State = slots[p.PreviousTutorId!].State with { Tutees = slots[p.PreviousTutorId!].State.Tutees.Remove(p.StudentId) };
            var changes = new ChangeSet();
            var actor = (meta ?? metadata.Current).UserName;
            foreach (var p in plan.Placements)
            {
                var s = students[p.StudentId];
                var terms = new AllocationTerms(p.NewBlock ? AllocationKind.NewBlock : AllocationKind.AutoAllocation,
                    p.NewBlock ? $"New allocation block from year {s.Record.YearOfStudy}" : "Automatic allocation",
                    effectiveOn?.Invoke(s) is { } on && on < today ? on : today);
                Allocator.Stage(changes, new StudentSlot(s.StudentId, s.ToWriteModel(), s.ToStream()), slots[p.TutorId],
                    p.PreviousTutorId is { } prev ? slots.GetValueOrDefault(prev) : null, policy, terms, now, actor);
            }
            await changes.CommitAsync(session, outbox, ct);
        }
        return new AutoResult(dryRun, students.Count, plan.Kept.Count, plan.Placements, plan.Unplaced, loads);
    }

    public static PlanTutor PlanTutorOf(TutorView t, TutoringPolicy policy, DateOnly today) =>
        new(t.StaffId, t.Caseload, t.Details.TargetUnder(policy), t.Details.MaximumUnder(policy),
            !t.HasLeft && t.ToWriteModel().MayTutor && t.UnavailableOn(today) is null);

    private static List<TutorLoad> Loads(IEnumerable<TutorView> tutors, Plan plan, TutoringPolicy policy)
    {
        var gained = plan.Placements.GroupBy(p => p.TutorId).ToDictionary(g => g.Key, g => g.Count());
        var lost = plan.Placements.Where(p => p.PreviousTutorId is not null).GroupBy(p => p.PreviousTutorId!).ToDictionary(g => g.Key, g => g.Count());
        return [.. tutors.OrderBy(t => t.StaffId, StringComparer.Ordinal).Select(t => new TutorLoad(t.StaffId, t.Caseload,
            t.Caseload + gained.GetValueOrDefault(t.StaffId) - lost.GetValueOrDefault(t.StaffId), t.Details.TargetUnder(policy), t.Details.MaximumUnder(policy)))];
    }
}
