using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten;
using PersonalTutoring.Allocation.ChangeRequests;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.Students;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.ReadModels.Figures;

/// <summary>
/// The student record's KPI-relevant values from the UK date <see cref="RecordedOn"/> on. Only the UK date of a
/// recording instant is ever compared (docs/adr/0065), so the date is kept, not the instant.
/// </summary>
internal sealed record RecordFact(
    [property: JsonPropertyName("on")] DateOnly RecordedOn,
    [property: JsonPropertyName("s")] string SchoolCode,
    [property: JsonPropertyName("l")] CohortLevel Level,
    [property: JsonPropertyName("reg")] DateOnly RegisteredOn,
    [property: JsonPropertyName("st")] StudentStatus Status,
    [property: JsonPropertyName("vis"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Visiting = false);

/// <summary>An allocation (tutor) or its end (no tutor) effective on a date, recorded on a UK date.</summary>
internal sealed record AllocationFact(
    [property: JsonPropertyName("t"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TutorId,
    [property: JsonPropertyName("eff")] DateOnly EffectiveOn,
    [property: JsonPropertyName("on")] DateOnly RecordedOn);

/// <summary>
/// What the student view's profile has beyond the last <see cref="RecordFact"/> (which holds the current school, level,
/// registration date, status and visiting flag): the rest of the profile of the KPI path's histories, without the name
/// and address.
/// </summary>
internal sealed record CurrentRecord(
    [property: JsonPropertyName("p")] string ProgrammeCode,
    [property: JsonPropertyName("y")] int YearOfStudy,
    [property: JsonPropertyName("visa"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool StudentRouteVisa = false);

/// <summary>
/// One student's facts for the KPI answer (docs/adr/0065, 0089): every value carries the UK date it was recorded on, so
/// "as the system knew it on a date" is a filter, not a replay. <see cref="FirstYear"/>..<see cref="LastYear"/> are the
/// academic years (start years) the student can count in, worked out from the facts (<see cref="KpiYears"/>), so the
/// answer for a year reads, by index, only the students of that year, not every student the school ever had.
/// With <see cref="Current"/>, the records and the allocations from <see cref="ViewFrom"/> give the student view's profile
/// (without name and address), statuses and tutor periods: the histories the KPI path reads. Short JSON, no text.
/// </summary>
internal sealed record KpiStudent(
    string StudentId,
    string SchoolCode,
    int FirstYear,
    int LastYear,
    [property: JsonPropertyName("r")] IReadOnlyList<RecordFact> Records,
    [property: JsonPropertyName("a")] IReadOnlyList<AllocationFact> Allocations,
    [property: JsonPropertyName("q")] IReadOnlyList<DateOnly> ChangeRequestedOn,
    [property: JsonPropertyName("now"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CurrentRecord? Current = null,
    [property: JsonPropertyName("vf"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int ViewFrom = 0)
{
    /// <summary>The record as known at the end of <paramref name="known"/>; null before registration was recorded.</summary>
    public RecordFact? RecordKnownOn(DateOnly known) => Records.LastOrDefault(r => r.RecordedOn <= known);

    /// <summary>The allocation periods [From, To) as known at the end of <paramref name="known"/>, in the order recorded.</summary>
    public IReadOnlyList<(string TutorId, DateOnly From, DateOnly? To)> PeriodsKnownOn(DateOnly known) =>
        Periods(Allocations.Where(a => a.RecordedOn <= known));

    /// <summary>Whether the student can count in one of the years <paramref name="from"/>..<paramref name="to"/> (start years).</summary>
    public bool CanCountIn(int from, int to) => LastYear >= from && FirstYear <= to;

    /// <summary>The histories of the students read (those with a current record).</summary>
    public static IReadOnlyList<StudentHistory> Histories(IEnumerable<KpiStudent> students) => [.. students.Select(s => s.ToHistory()).OfType<StudentHistory>()];

    /// <summary>The student view's history: its profile without the name and address, its statuses and tutor periods.</summary>
    public StudentHistory? ToHistory()
    {
        if (Current is not { } c || Records.Count == 0) return null;
        var r = Records[^1];
        var profile = new StudentProfile(StudentId, "", "", "", SchoolCode, c.ProgrammeCode, r.Level, c.YearOfStudy, r.RegisteredOn, r.Status, c.StudentRouteVisa, r.Visiting);
        return new StudentHistory(profile, Statuses(), [.. Periods(Allocations.Skip(ViewFrom)).Select(p => new TutorAssignment(StudentId, p.TutorId, p.From, p.To))]);
    }

    /// <summary>
    /// The student view's status periods: a registration starts them (the records start again with it too), every change of
    /// status recorded ends the open one on its UK date, and one that never started is dropped. Every change of status is a
    /// record here, so the records give them all.
    /// </summary>
    private List<StudentStatusPeriod> Statuses()
    {
        var statuses = new List<StudentStatusPeriod>();
        for (var i = 0; i < Records.Count; i++)
        {
            if (i > 0 && Records[i].Status == Records[i - 1].Status) continue;
            var from = Records[i].RecordedOn;
            for (var j = 0; j < statuses.Count; j++)
                if (statuses[j].To is null) statuses[j] = statuses[j] with { To = from };
            statuses.RemoveAll(p => p.To <= p.From);
            statuses.Add(new StudentStatusPeriod(Records[i].Status, from, null));
        }
        return statuses;
    }

    private static List<(string TutorId, DateOnly From, DateOnly? To)> Periods(IEnumerable<AllocationFact> facts)
    {
        var periods = new List<(string TutorId, DateOnly From, DateOnly? To)>();
        foreach (var fact in facts)
        {
            // As the student view does: a new allocation or an end closes the open period the day before it takes effect.
            for (var i = 0; i < periods.Count; i++)
                if (periods[i].To is null) periods[i] = periods[i] with { To = fact.EffectiveOn };
            periods.RemoveAll(p => p.To <= p.From);
            if (fact.TutorId is { } tutor) periods.Add((tutor, fact.EffectiveOn, null));
        }
        return periods;
    }
}

/// <summary>
/// The academic years a student can count in (docs/adr/0089), for any KPI date in the year and any known-on date from the
/// year's start on. A superset is safe (a student read needlessly counts nothing, as before); a year left out must be
/// one where no figure can count the student:
/// <list type="bullet">
/// <item>from: the year of the earliest recording of the record (no figure counts a student whose record is not yet
/// known on the KPI date) or of the earliest tutor period's start (the histories' periods);</item>
/// <item>to: open while the student has not left or while a tutor period has nothing after it (it may be open as known on
/// a later date); else the latest of: each record's registration year (AL-4's intake), the year each record was recorded
/// in (the status periods of the histories), and for each tutor period the last year it can reach into as known on any date from that year's start —
/// before the next fact is known (recorded) it is open, after that it ends on the next fact's effective date.</item>
/// </list>
/// </summary>
internal static class KpiYears
{
    public const int Open = 9999;

    public static (int First, int Last) Of(IReadOnlyList<RecordFact> records, IReadOnlyList<AllocationFact> allocations)
    {
        var first = Open;
        var last = 0;
        foreach (var r in records)
        {
            first = Math.Min(first, Year(r.RecordedOn));
            last = Math.Max(last, Math.Max(Year(r.RegisteredOn), Year(r.RecordedOn)));
        }
        if (records.Count > 0 && !records[^1].Status.HasLeft()) last = Open;
        for (var i = 0; i < allocations.Count; i++)
        {
            if (allocations[i].TutorId is null) continue;
            first = Math.Min(first, Year(allocations[i].EffectiveOn));
            if (i == allocations.Count - 1) return (first, Open);
            // Open until the first later fact is recorded, then ends no later than the latest later effective date.
            DateOnly? known = null, ends = null;
            for (var j = i + 1; j < allocations.Count; j++)
            {
                known = known is { } k && k <= allocations[j].RecordedOn ? k : allocations[j].RecordedOn;
                ends = ends is { } e && e >= allocations[j].EffectiveOn ? e : allocations[j].EffectiveOn;
            }
            var reach = known!.Value > ends!.Value ? known.Value : ends.Value;
            // Counts in a year whose start is before the reach: the year of the day before it.
            last = Math.Max(last, Year(reach.AddDays(-1)));
        }
        return (first, last);
    }

    private static int Year(DateOnly date) => AcademicYear.Containing(date).StartYear;
}

/// <summary>
/// Async: only the KPI answer reads it. Multi-stream: change requests live on their own streams. Indexed by school and
/// by the last year a student counts in, so a school's year or the university's is read by index (docs/adr/0089).
/// </summary>
internal sealed class KpiStudentProjection : FoldProjection<KpiStudent>
{
    public override string Name => ProjectionName;

    public override IReadOnlyCollection<Type> EventTypes =>
        [typeof(StudentRegistered), typeof(StudentRecordChanged), typeof(TutorAllocated), typeof(AllocationEnded), typeof(TutorChangeRequested)];

    /// <summary>The change ledger's name for <see cref="ChangeKeys"/> (docs/adr/0098).</summary>
    public const string ProjectionName = "allocation-kpi-students";

    public override bool KeepsChanges => true;

    /// <summary>
    /// A student row is read for every school it has a record in (the university's answer counts a student in the school
    /// of their record on the date) and every year it can count in or hand a history over for (the year after the last,
    /// <see cref="AllocationFigures"/>): "{school}/{year}" for each, the open-ended years up to next year's (later years'
    /// questions cannot be asked yet; a later change draws their keys then).
    /// </summary>
    protected override IEnumerable<string> ChangeKeys(KpiStudent student) => YearKeys(student, AcademicYear.Containing(DateOnly.FromDateTime(DateTime.UtcNow)).StartYear + 1);

    internal static IEnumerable<string> YearKeys(KpiStudent student, int until)
    {
        var last = Math.Min(student.LastYear + 1, until);
        foreach (var school in student.Records.Select(r => r.SchoolCode).Append(student.SchoolCode).Distinct(StringComparer.Ordinal))
            for (var year = student.FirstYear; year <= last; year++)
                yield return YearKey(school, year);
    }

    public static string YearKey(string schoolCode, int year) => $"{schoolCode}/{year}";

    public static void Register(StoreOptions options)
    {
        options.Schema.For<KpiStudent>().DatabaseSchemaName(AllocationModule.Schema).Identity(v => v.StudentId)
            .Index(v => v.SchoolCode).Index(v => v.LastYear);
        options.AddFold(new KpiStudentProjection());
    }

    protected override IEnumerable<string> Identities(IEvent e) => e.Data switch
    {
        StudentRegistered r => [r.StudentId],
        StudentRecordChanged c => [c.StudentId],
        TutorAllocated a => [a.StudentId],
        AllocationEnded x => [x.StudentId],
        TutorChangeRequested q => [q.StudentId],
        _ => [],
    };

    protected override KpiStudent? Evolve(KpiStudent? current, string id, IEvent e) => WithYears((current, e.Data) switch
    {
        // A registration starts the view again (its statuses and periods), as the student view does; the facts keep their history.
        (_, StudentRegistered r) => new KpiStudent(r.StudentId, r.Record.SchoolCode, 0, 0, [Fact(r.Record, r.RecordedAt)], current?.Allocations ?? [],
            current?.ChangeRequestedOn ?? [], Now(r.Record), current?.Allocations.Count ?? 0),
        ({ } f, StudentRecordChanged c) => (Changed(f.Records[^1], c.Record)
            ? f with { SchoolCode = c.Record.SchoolCode, Records = [.. f.Records, Fact(c.Record, c.RecordedAt)] }
            : f) with
        {
            Current = f.Current is null ? null : Now(c.Record),
        },
        ({ } f, TutorAllocated a) => f with { Allocations = [.. f.Allocations, new AllocationFact(a.TutorId, a.EffectiveOn, Dates.UkDate(a.AllocatedAt))] },
        ({ } f, AllocationEnded x) => f with { Allocations = [.. f.Allocations, new AllocationFact(null, x.EffectiveOn, Dates.UkDate(x.EndedAt))] },
        (_, TutorChangeRequested q) => (current ?? new KpiStudent(q.StudentId, q.SchoolCode, 0, 0, [], [], [])) with
        {
            ChangeRequestedOn = [.. current?.ChangeRequestedOn ?? [], Dates.UkDate(q.RequestedAt)],
        },
        _ => current,
    });

    private static KpiStudent? WithYears(KpiStudent? student)
    {
        if (student is null) return null;
        var (first, last) = KpiYears.Of(student.Records, student.Allocations);
        return student.FirstYear == first && student.LastYear == last ? student : student with { FirstYear = first, LastYear = last };
    }

    private static RecordFact Fact(StudentRecord r, DateTimeOffset at) => new(Dates.UkDate(at), r.SchoolCode, r.Level, r.RegisteredOn, r.Status, r.VisitingStudyAbroad);

    private static CurrentRecord Now(StudentRecord r) => new(r.ProgrammeCode, r.YearOfStudy, r.StudentRouteVisa);

    private static bool Changed(RecordFact last, StudentRecord r) =>
        last.SchoolCode != r.SchoolCode || last.Level != r.Level || last.RegisteredOn != r.RegisteredOn || last.Status != r.Status || last.Visiting != r.VisitingStudyAbroad;
}
