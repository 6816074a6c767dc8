using System.Runtime.CompilerServices;
using Marten;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.ReadModels.Figures;

/// <summary>
/// <see cref="IAllocationFigures"/> from the student facts (docs/adr/0065). Every fact recorded after the known-on date
/// is ignored, so a backdated entry made later never moves an answer given "as known then". The figures are judged on
/// the KPI date <c>on</c>; the record (level, status) is the one recorded by that date:
/// <list type="bullet">
/// <item>tutees per tutor: students not withdrawn or graduated whose allocation (as known) covers the KPI date;</item>
/// <item>AL-4, as ADR 0044: the year's intake (registered in the year, not visiting), in time when the first allocation
/// was recorded within the policy's deadline; pending until the deadline; not counted if they left before it;</item>
/// <item>AL-6: of the students allocated at any time from the start of the year to the KPI date, those who asked for a
/// change of tutor in that period.</item>
/// </list>
/// The students read are those who can count in the year (<see cref="KpiYears"/>, docs/adr/0089), by index: a KPI date in
/// the year known on a date from the year's start on, the questions the KPI answers ask. An earlier known-on date (a year
/// asked about as known before it began) or a KPI date before the year reads every student of the school, as before.
/// </summary>
internal sealed class AllocationFigures(IDocumentStore store, PolicyLookup policies) : IAllocationFigures
{
    public async Task<IReadOnlyList<AllocationYearFigures>> YearFiguresAsync(string? schoolCode, AcademicYear year, DateOnly on, DateOnly knownOn, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var inYear = InYear(year, on, knownOn);
        return await FiguresAsync(QueryableExtensions.ToAsyncEnumerable(Students(session, schoolCode, inYear ? year.StartYear : null, inYear ? year.StartYear : null), ct),
            schoolCode, year, on, knownOn, ct);
    }

    /// <summary>
    /// One read for both (docs/adr/0091): the year's and the year before's students (the histories'; the figures take the
    /// year's of them, the same rows as their own read), or every student of the school when the figures read them all (a
    /// question outside the year; the histories take theirs of them), streamed school by school.
    /// </summary>
    public async Task<IReadOnlyList<AllocationYearFigures>> YearAsync(string? schoolCode, AcademicYear year, DateOnly on, DateOnly knownOn,
        Func<string, IReadOnlyList<StudentHistory>, CancellationToken, Task> eachSchool, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await FiguresAsync(SchoolBySchoolAsync(session, schoolCode, year, InYear(year, on, knownOn), eachSchool, ct), schoolCode, year, on, knownOn, ct);
    }

    /// <summary>
    /// The school's students read once, as <see cref="YearAsync"/> reads them for a day of the year, and each day's figures
    /// worked out over them (docs/adr/0099, 0101): the rows a day of the year reads, as known on any date from the year's
    /// start on, do not depend on the day or the known-on date.
    /// </summary>
    public async Task<(IReadOnlyList<IReadOnlyList<AllocationYearFigures>> Figures, IReadOnlyList<StudentHistory> Histories)> DaysAsync(string schoolCode,
        AcademicYear year, IReadOnlyList<DateOnly> days, DateOnly? knownOn, CancellationToken ct)
    {
        if (days.Where(day => !InYear(year, day, knownOn ?? day)).Select(day => (DateOnly?)day).FirstOrDefault() is { } outside)
            throw new ArgumentOutOfRangeException(nameof(days), outside, $"Every day must be in {year}, and known on a date from its start on.");
        await using var session = store.QuerySession();
        IReadOnlyList<StudentHistory> histories = [];
        var students = new List<KpiStudent>();
        await foreach (var student in SchoolBySchoolAsync(session, schoolCode, year, inYear: true, (_, read, _) =>
        {
            histories = read;
            return Task.CompletedTask;
        }, ct))
            students.Add(student);
        var deadlines = new Dictionary<(string, DateOnly, CohortLevel), int>();
        var figures = new List<IReadOnlyList<AllocationYearFigures>>(days.Count);
        foreach (var day in days)
            figures.Add(await FiguresAsync(AsyncEnumerable.ToAsyncEnumerable(students), schoolCode, year, day, knownOn ?? day, ct, deadlines));
        return (figures, histories);
    }

    /// <summary>The students <see cref="SchoolBySchoolAsync"/> hands over for the school, and those of the year before, by the same index.</summary>
    public async Task<IReadOnlyList<string>> YearStudentIdsAsync(string schoolCode, AcademicYear year, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await Students(session, schoolCode, year.StartYear - 1, year.StartYear).Select(s => s.StudentId).ToListAsync(ct);
    }

    /// <summary>The ledger of the student rows (docs/adr/0098): a school's key of the year covers every row the year reads for it.</summary>
    public async Task<IReadOnlyList<string?>> YearChangesAsync(IReadOnlyList<string> schools, AcademicYear year, DateOnly on, DateOnly knownOn, CancellationToken ct)
    {
        if (!InYear(year, on, knownOn)) return [.. schools.Select(_ => (string?)null)];
        return await ReadModelChanges.MarksAsync(store, KpiStudentProjection.ProjectionName,
            [.. schools.Select(s => (IReadOnlyList<string>)[KpiStudentProjection.YearKey(s, year.StartYear)])], ct);
    }

    /// <summary>
    /// The students <see cref="YearAsync"/> reads, by school: yields those the figures count over and hands each school's
    /// histories (<see cref="KpiStudent.CanCountIn"/> the year or the year before) to <paramref name="eachSchool"/> once its
    /// last row is read; a school asked for gets its call even with none.
    /// </summary>
    private static async IAsyncEnumerable<KpiStudent> SchoolBySchoolAsync(IQuerySession session, string? schoolCode, AcademicYear year, bool inYear,
        Func<string, IReadOnlyList<StudentHistory>, CancellationToken, Task> eachSchool, [EnumeratorCancellation] CancellationToken ct)
    {
        var (before, first) = (year.StartYear - 1, year.StartYear);
        var school = new List<KpiStudent>();
        string? current = null;
        await foreach (var student in QueryableExtensions.ToAsyncEnumerable(Students(session, schoolCode, inYear ? before : null, inYear ? first : null)
            .OrderBy(s => s.SchoolCode), ct))
        {
            if (student.SchoolCode != current && school.Count > 0)
            {
                await eachSchool(current!, KpiStudent.Histories(school), ct);
                school.Clear();
            }
            current = student.SchoolCode;
            if (student.CanCountIn(before, first)) school.Add(student);
            if (!inYear || student.CanCountIn(first, first)) yield return student;
        }
        if (school.Count > 0 || schoolCode is not null) await eachSchool(schoolCode ?? current!, KpiStudent.Histories(school), ct);
    }

    /// <summary>The figures over the students read (those of the school when one is asked for; the rest count nothing).</summary>
    /// <param name="deadlines">The allocation deadlines looked up so far, by school, registration date and level (any day's).</param>
    private async Task<IReadOnlyList<AllocationYearFigures>> FiguresAsync(IAsyncEnumerable<KpiStudent> facts, string? schoolCode, AcademicYear year, DateOnly on,
        DateOnly knownOn, CancellationToken ct, Dictionary<(string, DateOnly, CohortLevel), int>? deadlines = null)
    {
        var (kpiDate, asOf) = (on, knownOn);
        deadlines ??= [];
        var rows = new Dictionary<(string School, CohortLevel Level), Row>();
        await foreach (var student in facts)
        {
            if (student.RecordKnownOn(kpiDate < asOf ? kpiDate : asOf) is not { } record || (schoolCode is not null && record.SchoolCode != schoolCode)) continue;
            var row = rows.TryGetValue((record.SchoolCode, record.Level), out var r) ? r : rows[(record.SchoolCode, record.Level)] = new Row();
            var periods = student.PeriodsKnownOn(asOf);
            if (!record.Status.HasLeft() && periods.FirstOrDefault(p => p.From <= kpiDate && (p.To is null || kpiDate < p.To)) is { TutorId: { } tutor })
                row.TuteesPerTutor[tutor] = row.TuteesPerTutor.GetValueOrDefault(tutor) + 1;
            if (periods.Any(p => p.From <= kpiDate && (p.To is null || p.To > year.DefaultStart)))
            {
                row.Tutees++;
                if (student.ChangeRequestedOn.Any(d => d >= year.DefaultStart && d <= kpiDate)) row.Requesting++;
            }
            if (!record.Visiting && record.RegisteredOn >= year.DefaultStart && record.RegisteredOn <= kpiDate)
            {
                var key = (record.SchoolCode, record.RegisteredOn, record.Level);
                if (!deadlines.TryGetValue(key, out var days))
                    deadlines[key] = days = (await policies.InForceAsync(record.SchoolCode, record.RegisteredOn, record.Level, ct)).AllocationDeadlineDays;
                Judge(student, record.RegisteredOn.AddDays(days), asOf, kpiDate, row);
            }
        }
        return rows.OrderBy(kv => kv.Key.School, StringComparer.Ordinal).ThenBy(kv => kv.Key.Level)
            .Select(kv => new AllocationYearFigures(kv.Key.School, kv.Key.Level, kv.Value.TuteesPerTutor, kv.Value.Intake, kv.Value.Pending, kv.Value.Late,
                kv.Value.Tutees, kv.Value.Requesting))
            .ToList();
    }

    /// <summary>The question is about a date in the year as known on a date from its start on: the year's students suffice.</summary>
    internal static bool InYear(AcademicYear year, DateOnly on, DateOnly knownOn) =>
        on >= year.DefaultStart && on <= year.DefaultEnd && knownOn >= year.DefaultStart;

    /// <summary>
    /// The school's (null: every school's) students who can count in a year from <paramref name="from"/> to
    /// <paramref name="to"/> (start years; null: every student), by index: <see cref="KpiStudent.CanCountIn"/> in SQL.
    /// </summary>
    internal static async Task<IReadOnlyList<KpiStudent>> StudentsAsync(IQuerySession session, string? schoolCode, int? from, int? to, CancellationToken ct) =>
        await Students(session, schoolCode, from, to).ToListAsync(ct);

    private static IQueryable<KpiStudent> Students(IQuerySession session, string? schoolCode, int? from, int? to)
    {
        var query = session.Query<KpiStudent>().AsQueryable();
        if (schoolCode is not null) query = query.Where(s => s.SchoolCode == schoolCode);
        if (from is { } first && to is { } last) query = query.Where(s => s.LastYear >= first && s.FirstYear <= last);
        return query;
    }

    private static void Judge(KpiStudent student, DateOnly deadline, DateOnly asOf, DateOnly kpiDate, Row row)
    {
        var first = student.Allocations.FirstOrDefault(a => a.TutorId is not null && a.RecordedOn <= asOf);
        if (first is not null)
        {
            row.Intake++;
            if (first.RecordedOn > deadline) row.Late++;
            return;
        }
        if (student.Records.Any(r => r.Status.HasLeft() && r.RecordedOn <= deadline && r.RecordedOn <= asOf)) return;
        row.Intake++;
        if (kpiDate > deadline) row.Late++;
        else row.Pending++;
    }

    private sealed class Row
    {
        public Dictionary<string, int> TuteesPerTutor { get; } = new(StringComparer.Ordinal);
        public int Intake, Pending, Late, Tutees, Requesting;
    }
}
