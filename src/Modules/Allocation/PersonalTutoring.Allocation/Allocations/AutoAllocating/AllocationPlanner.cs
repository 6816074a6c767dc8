using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.Allocations.AutoAllocating;

/// <summary>A student in scope. <see cref="MustMove"/>: their tutor is leaving (handover), so they need someone else.</summary>
internal sealed record PlanStudent(string StudentId, CohortLevel Level, int YearOfStudy, string? CurrentTutorId, int? AllocatedInYear, bool MustMove = false);

/// <summary>A tutor who could take tutees: <see cref="Available"/> is false when they have left, lack eligibility or are away.</summary>
internal sealed record PlanTutor(string StaffId, int Caseload, int Target, int Maximum, bool Available);

internal sealed record PlanInput(IReadOnlyList<PlanStudent> Students, IReadOnlyList<PlanTutor> Tutors, IReadOnlyDictionary<CohortLevel, IReadOnlyList<YearBlock>> Blocks);

internal sealed record Placement(string StudentId, string TutorId, string? PreviousTutorId, bool NewBlock);

internal sealed record Unplaced(string StudentId, string Reason);

internal sealed record Plan(IReadOnlyList<Placement> Placements, IReadOnlyList<Unplaced> Unplaced, IReadOnlyList<string> Kept);

/// <summary>
/// Auto-allocation as a pure function (docs/adr/0022): the same input always gives the same plan. Students keep
/// their tutor inside an allocation block (AL-8); a student entering a new block, or whose tutor leaves, moves to
/// someone else. Caseloads fill toward each tutor's target first, lowest relative load first, and then toward the
/// tutor's maximum, which is never passed (AL-7).
/// </summary>
/// <remarks>
/// Every student who moves frees their place before anyone is placed, and the caseloads a plan leaves do not depend on
/// the order of student ids (issue 10 item 13): students who must avoid a tutor (their current one) are placed first,
/// grouped by that tutor, then the new ones; within a group students are interchangeable for the loads, so ids only
/// decide who goes where, never how many. A mover who finds no place stays where they are; their place was freed in
/// advance, so the plan is made again with them staying, until every mover it releases is placed.
/// </remarks>
internal static class AllocationPlanner
{
    public const string NoTutorAvailable = "no-tutor-available";
    public const string NoCapacity = "all-tutors-at-maximum";

    public static Plan Plan(PlanInput input)
    {
        var staying = new Dictionary<string, string>(StringComparer.Ordinal); // movers who cannot move, and why
        while (true)
        {
            var (plan, stuck) = Attempt(input, staying);
            if (stuck.Count == 0) return plan;
            foreach (var (id, reason) in stuck) staying[id] = reason;
        }
    }

    private static (Plan Plan, Dictionary<string, string> Stuck) Attempt(PlanInput input, IReadOnlyDictionary<string, string> staying)
    {
        var tutors = input.Tutors.OrderBy(t => t.StaffId, StringComparer.Ordinal)
            .Select(t => new Load(t.StaffId, t.Caseload, Math.Min(Math.Max(t.Target, 1), t.Maximum), t.Maximum, t.Available))
            .ToDictionary(t => t.StaffId, StringComparer.Ordinal);
        var kept = new List<string>();
        var unplaced = new List<Unplaced>();
        var waiting = new List<(PlanStudent Student, bool NewBlock)>();
        foreach (var s in input.Students.OrderBy(s => s.StudentId, StringComparer.Ordinal))
        {
            var newBlock = s.CurrentTutorId is not null && !s.MustMove && s.AllocatedInYear is { } year && !SameBlock(input.Blocks, s.Level, year, s.YearOfStudy);
            if (s.CurrentTutorId is not null && !s.MustMove && !newBlock) kept.Add(s.StudentId);
            else if (staying.TryGetValue(s.StudentId, out var reason)) unplaced.Add(new Unplaced(s.StudentId, reason));
            else
            {
                // Releases first: a tutor whose tutees move on has their places back before anyone is placed.
                if (s.CurrentTutorId is { } current && tutors.TryGetValue(current, out var left)) left.Caseload--;
                waiting.Add((s, newBlock));
            }
        }
        var placements = new List<Placement>();
        var stuck = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = waiting.OrderBy(w => w.Student.CurrentTutorId is null).ThenBy(w => w.Student.CurrentTutorId, StringComparer.Ordinal)
            .ThenBy(w => w.Student.StudentId, StringComparer.Ordinal);
        foreach (var (s, newBlock) in order)
        {
            var best = Best(tutors.Values, exclude: s.CurrentTutorId);
            if (best is null)
            {
                var reason = tutors.Values.Any(t => t.Available && t.StaffId != s.CurrentTutorId) ? NoCapacity : NoTutorAvailable;
                if (s.CurrentTutorId is null) unplaced.Add(new Unplaced(s.StudentId, reason));
                else stuck[s.StudentId] = reason;
                continue;
            }
            best.Caseload++;
            placements.Add(new Placement(s.StudentId, best.StaffId, s.CurrentTutorId, newBlock));
        }
        var byId = StringComparer.Ordinal;
        return (new Plan([.. placements.OrderBy(p => p.StudentId, byId)], [.. unplaced.OrderBy(u => u.StudentId, byId)], kept), stuck);
    }

    public static bool SameBlock(IReadOnlyDictionary<CohortLevel, IReadOnlyList<YearBlock>> blocks, CohortLevel level, int year, int other)
    {
        var list = blocks.GetValueOrDefault(level) ?? [];
        var block = list.FirstOrDefault(b => b.Contains(year)) ?? new YearBlock(year, year);
        return block.Contains(other);
    }

    /// <summary>Below target first (by relative load), then above target (by load over target); ties by staff id.</summary>
    private static Load? Best(IEnumerable<Load> tutors, string? exclude)
    {
        Load? best = null;
        foreach (var t in tutors)
        {
            if (!t.Available || t.Caseload >= t.Maximum || t.StaffId == exclude) continue;
            if (best is null || Compare(t, best) < 0) best = t;
        }
        return best;
    }

    private static int Compare(Load a, Load b)
    {
        var phase = (a.Caseload >= a.Target).CompareTo(b.Caseload >= b.Target);
        if (phase != 0) return phase;
        var relative = a.Caseload >= a.Target
            ? ((long)(a.Caseload - a.Target) * b.Maximum).CompareTo((long)(b.Caseload - b.Target) * a.Maximum)
            : ((long)a.Caseload * b.Target).CompareTo((long)b.Caseload * a.Target);
        return relative != 0 ? relative : string.CompareOrdinal(a.StaffId, b.StaffId);
    }

    private sealed class Load(string staffId, int caseload, int target, int maximum, bool available)
    {
        public string StaffId { get; } = staffId;
        public int Caseload { get; set; } = caseload;
        public int Target { get; } = target;
        public int Maximum { get; } = maximum;
        public bool Available { get; } = available;
    }
}
