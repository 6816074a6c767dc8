using PersonalTutoring.Allocation.Allocations.AutoAllocating;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.Tests.Unit;

/// <summary>
/// Property-style tests of the planner: random schools from fixed seeds, each property checked on every one
/// (AL-7 never past the maximum, AL-1 every placeable student placed, AL-8 continuity, determinism).
/// </summary>
public sealed class AllocationPlannerProperties
{
    private static readonly IReadOnlyDictionary<CohortLevel, IReadOnlyList<YearBlock>> Blocks =
        new Dictionary<CohortLevel, IReadOnlyList<YearBlock>> { [CohortLevel.UG] = [new(1, 2), new(3, 3), new(4, 5), new(6, 6)] };

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 40)];

    internal static PlanInput RandomSchool(int seed, int? students = null, int? tutors = null)
    {
        var random = new Random(seed);
        var tutorCount = tutors ?? random.Next(1, 15);
        var maxima = Enumerable.Range(0, tutorCount).Select(_ => random.Next(1, 12)).ToArray();
        var assigned = new int[tutorCount];
        var studentList = Enumerable.Range(0, students ?? random.Next(0, 120)).Select(i =>
        {
            var year = random.Next(1, 7);
            var tutor = random.Next(tutorCount);
            var allocated = random.NextDouble() < 0.5 && assigned[tutor] < maxima[tutor];
            if (allocated) assigned[tutor]++;
            return new PlanStudent($"s{random.Next(100_000):D6}-{i}", CohortLevel.UG, year,
                allocated ? $"t{tutor:D3}" : null, allocated ? Math.Max(1, year - random.Next(0, 2)) : null);
        }).ToList();
        // A caseload counts the students in scope with the tutor plus, sometimes, tutees from elsewhere.
        var tutorList = Enumerable.Range(0, tutorCount).Select(i => new PlanTutor($"t{i:D3}",
            assigned[i] + random.Next(0, maxima[i] - assigned[i] + 1), random.Next(1, maxima[i] + 1), maxima[i], random.NextDouble() > 0.15)).ToList();
        return new PlanInput(studentList, tutorList, Blocks);
    }

    private static Dictionary<string, int> LoadsAfter(PlanInput input, Plan plan)
    {
        var loads = input.Tutors.ToDictionary(t => t.StaffId, t => t.Caseload);
        foreach (var p in plan.Placements)
        {
            loads[p.TutorId]++;
            if (p.PreviousTutorId is { } previous) loads[previous]--;
        }
        return loads;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void No_tutor_ends_above_the_maximum_they_started_within(int seed)
    {
        var input = RandomSchool(seed);
        var loads = LoadsAfter(input, AllocationPlanner.Plan(input));
        foreach (var t in input.Tutors)
            loads[t.StaffId].Should().BeLessThanOrEqualTo(Math.Max(t.Maximum, t.Caseload), "tutor {0} (seed {1})", t.StaffId, seed);
        var gained = AllocationPlanner.Plan(input).Placements.GroupBy(p => p.TutorId);
        foreach (var g in gained)
            loads[g.Key].Should().BeLessThanOrEqualTo(input.Tutors.Single(t => t.StaffId == g.Key).Maximum, "a tutor who gains tutees is within the maximum");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_student_left_unplaced_had_no_tutor_with_room(int seed)
    {
        var input = RandomSchool(seed);
        var plan = AllocationPlanner.Plan(input);
        var loads = LoadsAfter(input, plan);
        var byId = input.Students.ToDictionary(s => s.StudentId);
        foreach (var u in plan.Unplaced)
            input.Tutors.Where(t => t.Available && t.StaffId != byId[u.StudentId].CurrentTutorId)
                .Should().NotContain(t => loads[t.StaffId] < t.Maximum, "student {0} was unplaced (seed {1})", u.StudentId, seed);
        (plan.Placements.Count + plan.Unplaced.Count + plan.Kept.Count).Should().Be(input.Students.Count, "every student is accounted for once");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Students_keep_their_tutor_inside_a_block_and_move_on_entering_a_new_one(int seed)
    {
        var input = RandomSchool(seed);
        var plan = AllocationPlanner.Plan(input);
        var placed = plan.Placements.ToDictionary(p => p.StudentId);
        foreach (var s in input.Students.Where(s => s.CurrentTutorId is not null))
        {
            var sameBlock = AllocationPlanner.SameBlock(Blocks, s.Level, s.AllocatedInYear!.Value, s.YearOfStudy);
            if (sameBlock) plan.Kept.Should().Contain(s.StudentId, "continuity inside a block (seed {0})", seed);
            else if (placed.TryGetValue(s.StudentId, out var p))
            {
                p.NewBlock.Should().BeTrue();
                p.TutorId.Should().NotBe(s.CurrentTutorId, "a new block means a new tutor");
            }
        }
        plan.Placements.Should().NotContain(p => !input.Tutors.Single(t => t.StaffId == p.TutorId).Available, "unavailable tutors receive nobody");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_same_input_gives_the_same_plan_whatever_the_order(int seed)
    {
        var input = RandomSchool(seed);
        var shuffled = input with
        {
            Students = input.Students.Reverse().ToList(),
            Tutors = input.Tutors.Reverse().ToList(),
        };
        var first = AllocationPlanner.Plan(input);
        var again = AllocationPlanner.Plan(shuffled);
        again.Placements.Should().Equal(first.Placements);
        again.Unplaced.Should().Equal(first.Unplaced);
    }

    /// <summary>The same school with its student numbers handed out again at random: who is who changes, nothing else does.</summary>
    private static PlanInput WithShuffledIds(PlanInput input, int seed)
    {
        var ids = input.Students.Select(s => s.StudentId).ToArray();
        new Random(seed * 7919).Shuffle(ids);
        return input with { Students = [.. input.Students.Select((s, i) => s with { StudentId = ids[i] })] };
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Item13_the_caseloads_a_plan_leaves_do_not_depend_on_the_order_of_student_ids(int seed)
    {
        var input = RandomSchool(seed);
        var plan = AllocationPlanner.Plan(input);
        for (var round = 0; round < 5; round++)
        {
            var shuffled = WithShuffledIds(input, seed * 10 + round);
            var again = AllocationPlanner.Plan(shuffled);
            LoadsAfter(shuffled, again).Should().Equal(LoadsAfter(input, plan), "seed {0}, shuffle {1}", seed, round);
            again.Unplaced.Count.Should().Be(plan.Unplaced.Count);
        }
    }

    [Fact]
    public void Item13_students_entering_a_new_block_free_their_places_before_anyone_is_placed()
    {
        // Target 2, maximum 3. t1 has three tutees of whom two enter a new block; four first-years sort before them.
        var input = new PlanInput(
            [
                new PlanStudent("a-new-1", CohortLevel.UG, 1, null, null), new PlanStudent("a-new-2", CohortLevel.UG, 1, null, null),
                new PlanStudent("a-new-3", CohortLevel.UG, 1, null, null), new PlanStudent("a-new-4", CohortLevel.UG, 1, null, null),
                new PlanStudent("z-moving-1", CohortLevel.UG, 3, "t1", 2), new PlanStudent("z-moving-2", CohortLevel.UG, 3, "t1", 2),
                new PlanStudent("z-staying", CohortLevel.UG, 2, "t1", 1),
            ],
            [new PlanTutor("t1", 3, 2, 3, true), new PlanTutor("t2", 0, 2, 3, true), new PlanTutor("t3", 0, 2, 3, true)], Blocks);
        var plan = AllocationPlanner.Plan(input);
        LoadsAfter(input, plan).Values.Order().Should().Equal([2, 2, 3], "seven tutees over three tutors of target 2");
        plan.Unplaced.Should().BeEmpty();
    }

    [Fact]
    public void Item13_a_student_who_cannot_move_keeps_their_place_and_nobody_takes_it()
    {
        // t1 is full; m must leave t1 (new block) and u must leave the departing t0. The only room anywhere is m's own place.
        var input = new PlanInput(
            [new PlanStudent("m", CohortLevel.UG, 3, "t1", 2), new PlanStudent("u", CohortLevel.UG, 1, "t0", 1, MustMove: true)],
            [new PlanTutor("t0", 1, 2, 3, false), new PlanTutor("t1", 3, 2, 3, true)], Blocks);
        var plan = AllocationPlanner.Plan(input);
        LoadsAfter(input, plan)["t1"].Should().BeLessThanOrEqualTo(3, "the hard maximum holds");
        plan.Unplaced.Select(u => u.StudentId).Should().BeEquivalentTo(["m", "u"]);
    }

    [Fact]
    public void Caseloads_fill_toward_the_target_before_going_beyond_it()
    {
        var input = new PlanInput([.. Enumerable.Range(0, 6).Select(i => new PlanStudent($"s{i}", CohortLevel.UG, 1, null, null))],
            [new PlanTutor("a", 0, 2, 5, true), new PlanTutor("b", 1, 2, 5, true), new PlanTutor("c", 0, 2, 5, false)], Blocks);
        var loads = LoadsAfter(input, AllocationPlanner.Plan(input));
        loads["a"].Should().BeInRange(3, 4);
        loads["b"].Should().BeInRange(3, 4);
        (loads["a"] + loads["b"]).Should().Be(7);
        loads["c"].Should().Be(0);
    }
}
