using Marten;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.ReadModels.Figures;
using PersonalTutoring.Allocation.ReadModels.StudentViews;
using PersonalTutoring.Allocation.ReadModels.TutorViews;
using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.Queries;

/// <summary>The Contracts queries, answered from the inline student and tutor views. A singleton: a short query session per call.</summary>
internal sealed class AllocationQueries(IDocumentStore store, SubjectKeys keys) : IAllocationQueries, ILeavers
{
    public async Task<IReadOnlyList<Leaver>> LeaversAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        await keys.WarmAsync(session, v => v.Record.Status == StudentStatus.Withdrawn || v.Record.Status == StudentStatus.Graduated, ct);
        var left = await session.Query<StudentView>()
            .Where(v => v.Record.Status == StudentStatus.Withdrawn || v.Record.Status == StudentStatus.Graduated).ToListAsync(ct);
        // The current status has left; its period's start is the day they left (the registration day for a student first recorded as left).
        return [.. left.Select(v => new Leaver(v.StudentId, v.Record.SchoolCode, v.Statuses.LastOrDefault(p => p.Status.HasLeft())?.From ?? v.Record.RegisteredOn))];
    }

    public async Task<StudentProfile?> StudentAsync(string studentId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return (await session.LoadAsync<StudentView>(studentId, ct))?.ToProfile();
    }

    public async Task<IReadOnlyList<TutorAssignment>> AssignmentsAsync(string studentId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return (await session.LoadAsync<StudentView>(studentId, ct))?.Assignments() ?? [];
    }

    public async Task<IReadOnlyList<StudentStatusPeriod>> StatusHistoryAsync(string studentId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return (await session.LoadAsync<StudentView>(studentId, ct))?.Statuses ?? [];
    }

    public async Task<IReadOnlyList<StudentProfile>> TuteesOfAsync(string tutorId, DateOnly date, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return (await TuteeViewsAsync(session, tutorId, date, ct)).Select(s => s.ToProfile()).ToList();
    }

    public async Task<IReadOnlyList<StudentHistory>> TuteeHistoriesAsync(string tutorId, DateOnly date, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return [.. (await TuteeViewsAsync(session, tutorId, date, ct))
            .Select(s => s.ToHistory())];
    }

    public async Task<IReadOnlyList<StudentProfile>> StudentsInSchoolAsync(string schoolCode, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        await keys.WarmAsync(session, s => s.Record.SchoolCode == schoolCode, ct);
        return (await session.Query<StudentView>().Where(s => s.Record.SchoolCode == schoolCode).OrderBy(s => s.StudentId).ToListAsync(ct))
            .Select(s => s.ToProfile()).ToList();
    }

    public async Task<IReadOnlyList<StudentHistory>> HistoriesInSchoolAsync(string schoolCode, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        await keys.WarmAsync(session, s => s.Record.SchoolCode == schoolCode, ct);
        return (await session.Query<StudentView>().Where(s => s.Record.SchoolCode == schoolCode).OrderBy(s => s.StudentId).ToListAsync(ct))
            .Select(s => s.ToHistory()).ToList();
    }

    /// <summary>
    /// From the KPI facts (docs/adr/0089): the school's students of the year and of the year before, by index, no names, no
    /// keys to warm. The year before's leavers too: Contact's facts of a year include the end of the year before (a reply
    /// due in August to a July message, a July referral closed in the autumn; docs/adr/0087), and a student who graduates
    /// in July counts in Allocation's figures only up to July.
    /// </summary>
    public async Task<IReadOnlyList<StudentHistory>> YearHistoriesInSchoolAsync(string schoolCode, AcademicYear year, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return KpiStudent.Histories(await AllocationFigures.StudentsAsync(session, schoolCode, year.StartYear - 1, year.StartYear, ct));
    }

    public async Task<IReadOnlyList<SchoolTutee>> TuteesInSchoolAsync(string schoolCode, DateOnly date, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        await keys.WarmAsync(session, s => s.Record.SchoolCode == schoolCode, ct);
        var students = await session.Query<StudentView>().Where(s => s.Record.SchoolCode == schoolCode).OrderBy(s => s.StudentId).ToListAsync(ct);
        return [.. students.Select(s => (Student: s, Tutor: s.TutorsOn(date).LastOrDefault())).Where(x => x.Tutor is not null).Select(x => new SchoolTutee(x.Student.ToProfile(), x.Tutor!))];
    }

    public async Task<string?> TutorSchoolAsync(string tutorId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return (await session.LoadAsync<TutorView>(tutorId, ct))?.Details.SchoolCode;
    }

    public async Task<IReadOnlyList<TutorUnavailability>> UnavailabilityAsync(string tutorId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return (await session.LoadAsync<TutorView>(tutorId, ct))?.Unavailability.Where(u => u.From <= to && u.To >= from).ToList() ?? [];
    }

    /// <summary>Students any of whose periods is with the tutor, narrowed to those covering the date.</summary>
    public static async Task<IReadOnlyList<StudentView>> TuteeViewsAsync(IQuerySession session, string tutorId, DateOnly date, CancellationToken ct) =>
        (await session.Query<StudentView>().Where(s => s.TutorIds.Contains(tutorId)).OrderBy(s => s.StudentId).ToListAsync(ct))
            .Where(s => s.TutorsOn(date).Contains(tutorId)).ToList();
}
