using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.Queries;
using PersonalTutoring.Allocation.ReadModels.Kpi;
using PersonalTutoring.Allocation.ReadModels.StudentViews;
using PersonalTutoring.Allocation.ReadModels.TutorViews;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.ReadModels;

internal sealed record UnallocatedStudent(string StudentId, string Name, CohortLevel Level, int YearOfStudy, DateOnly RegisteredOn, int DaysSinceRegistration, int DeadlineDays, bool DeadlinePassed);

/// <summary>Studying students with no tutor today, and the AL-4 KPI over an academic year's intake (<see cref="Kpi"/>).</summary>
internal sealed record Unallocated(string SchoolCode, DateOnly On, int Count, int PastDeadline, AllocationKpi Kpi, IReadOnlyList<UnallocatedStudent> Students);

internal sealed record Caseload(string StaffId, string Name, bool PermanentAcademicStaff, bool HasDeanException, bool HasLeft, int Tutees, int Target, int Maximum,
    IReadOnlyList<TutorUnavailability> Unavailability);

internal sealed record Caseloads(string SchoolCode, int Tutors, double MedianTutees, int MaximumTutees, IReadOnlyList<Caseload> Caseload);

/// <summary>A tutee on the date asked about: year and status on that date, since when (effective) and when that allocation was recorded.</summary>
internal sealed record Tutee(string StudentId, string Name, int YearOfStudy, StudentStatus Status, bool StudentRouteVisa, DateOnly Since, DateTimeOffset? AllocationRecordedAt);

/// <summary>School-level reads for Senior Tutors and oversight roles (AL-4, AL-7), and a tutor's caseload at an instant.</summary>
internal static class SchoolReads
{
    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/schools/{schoolCode}/unallocated", async (string schoolCode, string? academicYear, IQuerySession session, SubjectKeys keys, PolicyLookup policies,
                TimeProvider clock, CancellationToken ct) =>
            {
                var today = Dates.UkDate(clock.GetUtcNow());
                var year = AcademicYear.Containing(today);
                if (academicYear is not null && !AcademicYear.TryParse(academicYear, out year))
                    throw RequestValidationException.For("academicYear", "An academic year is written like 2025-26.");
                await keys.WarmAsync(session, s => s.Record.SchoolCode == schoolCode && !s.Record.VisitingStudyAbroad, ct);
                var all = (await session.Query<StudentView>().Where(s => s.Record.SchoolCode == schoolCode && !s.Record.VisitingStudyAbroad)
                    .OrderBy(s => s.StudentId).ToListAsync(ct)).ToList();
                var deadlines = new Dictionary<(DateOnly, CohortLevel), int>();
                async Task<int> DeadlineAsync(DateOnly on, CohortLevel level) => deadlines.TryGetValue((on, level), out var days) ? days
                    : deadlines[(on, level)] = (await policies.InForceAsync(schoolCode, on, level, ct)).AllocationDeadlineDays;

                var rows = new List<UnallocatedStudent>();
                foreach (var s in all.Where(s => s.CurrentTutorId is null && s.Record.Status == StudentStatus.Studying))
                {
                    var days = today.DayNumber - s.Record.RegisteredOn.DayNumber;
                    var deadline = await DeadlineAsync(today, s.Record.Level);
                    rows.Add(new UnallocatedStudent(s.StudentId, s.Record.Name, s.Record.Level, s.Record.YearOfStudy,
                        s.Record.RegisteredOn, days, deadline, days > deadline));
                }

                var intake = all.Where(s => AcademicYear.Containing(s.Record.RegisteredOn) == year).ToList();
                var judged = new List<IntakeStudent>();
                foreach (var s in intake) judged.Add(new IntakeStudent(s, await DeadlineAsync(s.Record.RegisteredOn, s.Record.Level)));
                return Results.Ok(new Unallocated(schoolCode, today, rows.Count, rows.Count(r => r.DeadlinePassed), AllocationKpiRules.Compute(year, judged, today), rows));
            })
            .RequireAuthorization(AllocationPolicies.ReadSchool)
            .RequireSchool("read unallocated students", AllocationPolicies.SchoolWideReaders)
            .WithName("GetUnallocatedStudents")
            .WithSummary("Studying students with no tutor, days since registration and the policy's deadline; the AL-4 KPI (% of an academic year's intake, per cohort, whose allocation was not recorded within the deadline; ?academicYear=2025-26, default the current one).")
            .Produces<Unallocated>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        app.MapGet("/api/schools/{schoolCode}/caseloads", async (string schoolCode, IQuerySession session, PolicyLookup policies, TimeProvider clock, CancellationToken ct) =>
            {
                var today = Dates.UkDate(clock.GetUtcNow());
                var policy = await policies.InForceAsync(schoolCode, today, null, ct);
                var tutors = await session.Query<TutorView>().Where(t => t.Details.SchoolCode == schoolCode).OrderBy(t => t.StaffId).ToListAsync(ct);
                var rows = tutors.Select(t => new Caseload(t.StaffId, $"{t.Details.GivenName} {t.Details.FamilyName}", t.Details.PermanentAcademicStaff, t.HasDeanException,
                    t.HasLeft, t.Caseload, t.Details.TargetUnder(policy), t.Details.MaximumUnder(policy), t.Unavailability.Where(u => u.To >= today).ToList())).ToList();
                var active = rows.Where(r => !r.HasLeft).Select(r => r.Tutees).Order().ToList();
                return Results.Ok(new Caseloads(schoolCode, active.Count, Median(active), active.DefaultIfEmpty(0).Max(), rows));
            })
            .RequireAuthorization(AllocationPolicies.ReadSchool)
            .RequireSchool("read caseloads", AllocationPolicies.SchoolWideReaders)
            .WithName("GetSchoolCaseloads")
            .WithSummary("Tutors of a school with caseload, target, maximum and unavailability; number of tutors, median and maximum (AL-7).")
            .Produces<Caseloads>()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        app.MapGet("/api/tutors/{staffId}/tutees", async (string staffId, AsOfDate? asOf, RecordedAt? recordedAt, IQuerySession session, TimeProvider clock,
                CancellationToken ct) =>
            {
                var date = AsOfReads.DateOf(asOf, recordedAt, clock.GetUtcNow());
                var tutees = await AsOfReads.TuteesAsync(session, staffId, date, recordedAt, ct);
                return Results.Ok(tutees.Select(s =>
                {
                    var period = s.Periods.Last(p => p.TutorId == staffId && p.From <= date);
                    return new Tutee(s.StudentId, s.Record.Name, s.YearOn(date), s.StatusOn(date), s.Record.StudentRouteVisa,
                        period.From, period.RecordedAt);
                }).ToList());
            })
            .RequireAuthorization(AllocationPolicies.ReadSchool)
            .RequireTutor("read another tutor's tutees", AllocationPolicies.SchoolWideReaders, selfMay: true)
            .WithName("GetTutorTutees")
            .WithSummary("A tutor's tutees on a date (?asOf=, effective dates; default today) as known at an instant (?recordedAt=; default now), with the year, status and visa flag on that date; tutors see only their own.")
            .Produces<IReadOnlyList<Tutee>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static double Median(IReadOnlyList<int> sorted) =>
        sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2.0;
}
