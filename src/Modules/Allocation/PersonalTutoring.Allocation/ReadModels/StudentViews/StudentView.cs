using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using PersonalTutoring.Allocation.Allocations;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.Students;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.Allocation.ReadModels.StudentViews;

/// <summary>
/// One period with one tutor. <see cref="To"/> is exclusive; null while current. <see cref="RecordedAt"/>: when the
/// allocation that started it was recorded (null in documents written before it was kept).
/// </summary>
internal sealed record AllocationPeriod(string TutorId, DateOnly From, DateOnly? To, DateTimeOffset? RecordedAt = null);

/// <summary>The student's year of study from a date: the UK date the student record said so.</summary>
internal sealed record YearOfStudyFrom(int YearOfStudy, DateOnly From);

/// <summary>
/// A student with their allocation periods and status history. Inline: bulk commands (batch upserts, auto-allocation)
/// decide on it, so it is always exactly at the stream's <see cref="Version"/> (docs/adr/0020). Keyed by the student
/// id (its Marten identity); every append to a student stream is version-checked, so <c>e.Version</c> is exact.
/// <see cref="FirstAllocatedAt"/>: when the first allocation was recorded (its event's <c>AllocatedAt</c>), for the AL-4
/// KPI; <see cref="Years"/>: the year of study over time, for as-of reads. Documents written before these were kept have
/// them after a rebuild of <c>allocation-students</c> (docs/adr/0041).
/// </summary>
internal sealed record StudentView(
    string StudentId,
    StudentRecord Record,
    long Version,
    string? CurrentTutorId,
    int? AllocatedInYear,
    IReadOnlyList<AllocationPeriod> Periods,
    IReadOnlyList<string> TutorIds,
    IReadOnlyList<StudentStatusPeriod> Statuses,
    DateTimeOffset? FirstAllocatedAt = null,
    IReadOnlyList<YearOfStudyFrom>? Years = null)
{
    /// <summary>The student's stream at the version this view shows: bulk commands append at it.</summary>
    public StreamRef ToStream() => new(Student.StreamId(StudentId), Version);

    public Student ToWriteModel() => new(true, Record, CurrentTutorId, CurrentTutorId is null ? null : Periods[^1].From, AllocatedInYear);

    /// <summary>The profile other modules see: the name and address as text, or "[erased]".</summary>
    public StudentProfile ToProfile() => new(StudentId, Record.GivenName.Text, Record.FamilyName.Text, Record.Email.Text, Record.SchoolCode, Record.ProgrammeCode,
        Record.Level, Record.YearOfStudy, Record.RegisteredOn, Record.Status, Record.StudentRouteVisa, Record.VisitingStudyAbroad);

    /// <summary>Every tutor period, oldest first, as other modules see them.</summary>
    public List<TutorAssignment> Assignments() => [.. Periods.Select(p => new TutorAssignment(StudentId, p.TutorId, p.From, p.To))];

    /// <summary>The profile with its statuses and tutor periods: the figures' view of a student.</summary>
    public StudentHistory ToHistory() => new(ToProfile(), Statuses, Assignments());

    public IEnumerable<string> TutorsOn(DateOnly date) =>
        Periods.Where(p => date >= p.From && (p.To is null || date < p.To)).Select(p => p.TutorId);

    public StudentStatus StatusOn(DateOnly date) =>
        Statuses.LastOrDefault(s => s.From <= date)?.Status ?? Record.Status;

    /// <summary>The year of study on a date; before the first record, the first year known.</summary>
    public int YearOn(DateOnly date) =>
        (Years?.LastOrDefault(y => y.From <= date) ?? Years?.FirstOrDefault())?.YearOfStudy ?? Record.YearOfStudy;
}

internal sealed class StudentViewProjection : StreamFoldProjection<StudentView>
{
    public override ProjectionLifecycle Lifecycle => ProjectionLifecycle.Inline;

    public override string Name => "allocation-students";

    public override IReadOnlyCollection<Type> EventTypes =>
        [typeof(StudentRegistered), typeof(StudentRecordChanged), typeof(TutorAllocated), typeof(AllocationEnded)];

    public static void Register(StoreOptions options)
    {
        options.Schema.For<StudentView>().DatabaseSchemaName(AllocationModule.Schema).Identity(v => v.StudentId)
            .Index(v => v.Record.SchoolCode).Index(v => v.CurrentTutorId);
        options.AddFold(new StudentViewProjection());
    }

    /// <summary>The view as it was after the given events: the replay behind as-of queries (AL-13).</summary>
    public static StudentView? Replay(IEnumerable<IEvent> events) => events.Aggregate((StudentView?)null, Apply);

    protected override string DocumentId(IEvent e) => e.Data switch
    {
        StudentRegistered r => r.StudentId,
        StudentRecordChanged c => c.StudentId,
        TutorAllocated a => a.StudentId,
        AllocationEnded x => x.StudentId,
        _ => throw new InvalidOperationException($"Unexpected {e.EventTypeName} in {Name}."),
    };

    protected override StudentView? Evolve(StudentView? current, IEvent e) => Apply(current, e);

    private static StudentView? Apply(StudentView? current, IEvent e) => e.Data switch
    {
        StudentRegistered r => new StudentView(r.StudentId, r.Record, e.Version, null, null, [], [],
            [new StudentStatusPeriod(r.Record.Status, Dates.UkDate(r.RecordedAt), null)], Years: [new YearOfStudyFrom(r.Record.YearOfStudy, Dates.UkDate(r.RecordedAt))]),
        StudentRecordChanged c when current is not null => current with
        {
            Record = c.Record,
            Version = e.Version,
            Statuses = c.Record.Status == current.Record.Status ? current.Statuses : WithStatus(current.Statuses, c.Record.Status, Dates.UkDate(c.RecordedAt)),
            Years = c.Record.YearOfStudy == current.Record.YearOfStudy ? current.Years
                : [.. current.Years ?? [], new YearOfStudyFrom(c.Record.YearOfStudy, Dates.UkDate(c.RecordedAt))],
        },
        TutorAllocated a when current is not null => current with
        {
            Version = e.Version,
            CurrentTutorId = a.TutorId,
            AllocatedInYear = a.YearOfStudy,
            FirstAllocatedAt = current.FirstAllocatedAt ?? a.AllocatedAt,
            Periods = [.. Close(current.Periods, a.EffectiveOn), new AllocationPeriod(a.TutorId, a.EffectiveOn, null, a.AllocatedAt)],
            TutorIds = current.TutorIds.Contains(a.TutorId) ? current.TutorIds : [.. current.TutorIds, a.TutorId],
        },
        AllocationEnded x when current is not null => current with
        {
            Version = e.Version,
            CurrentTutorId = null,
            AllocatedInYear = null,
            Periods = Close(current.Periods, x.EffectiveOn),
        },
        _ => current is null ? null : current with { Version = e.Version },
    };

    /// <summary>Ends the open period the day before <paramref name="on"/>; a period that never started is dropped.</summary>
    private static List<AllocationPeriod> Close(IReadOnlyList<AllocationPeriod> periods, DateOnly on) =>
        periods.Select(p => p.To is null ? p with { To = on } : p).Where(p => p.To > p.From).ToList();

    private static List<StudentStatusPeriod> WithStatus(IReadOnlyList<StudentStatusPeriod> statuses, StudentStatus status, DateOnly from)
    {
        var closed = statuses.Select(s => s.To is null ? s with { To = from } : s).Where(s => s.To > s.From).ToList();
        closed.Add(new StudentStatusPeriod(status, from, null));
        return closed;
    }
}
