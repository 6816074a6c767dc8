using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.ReadModels.History;
using PersonalTutoring.Allocation.ReadModels.TutorViews;
using PersonalTutoring.Allocation.Students;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Allocation.ReadModels.StudentViews;

internal sealed record TutorSummary(string StaffId, string GivenName, string FamilyName, string Email);

internal sealed record AlternativeContact(string StaffId, DateOnly From, DateOnly To, string Reason);

internal sealed record StudentDetails(StudentProfile Profile, TutorSummary? CurrentTutor, AlternativeContact? AlternativeContact, long Version);

/// <summary>
/// The tutor on <see cref="AsOf"/> as the system knew it at <see cref="RecordedAt"/> (docs/adr/0041): <see cref="Since"/>
/// is when that allocation took effect, <see cref="AllocationRecordedAt"/> when it was recorded.
/// </summary>
internal sealed record AllocationAsOf(string StudentId, DateOnly AsOf, DateTimeOffset RecordedAt, string? TutorId, DateOnly? Since,
    DateTimeOffset? AllocationRecordedAt, long StreamVersion);

/// <summary>GET endpoints over one student: profile and tutor, the tutor at an instant (replayed), the history.</summary>
internal static class StudentReads
{
    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/students/{studentId}", async (string studentId, HttpContext http, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
            {
                var student = await session.LoadAsync<StudentView>(studentId, ct) ?? throw new NotFoundException($"Student {studentId} is not known.");
                TutorSummary? tutor = null;
                AlternativeContact? alternative = null;
                if (student.CurrentTutorId is { } tutorId && await session.LoadAsync<TutorView>(tutorId, ct) is { } t)
                {
                    tutor = new TutorSummary(t.StaffId, t.Details.GivenName, t.Details.FamilyName, t.Details.Email);
                    if (t.UnavailableOn(Dates.UkDate(clock.GetUtcNow())) is { } away)
                        alternative = new AlternativeContact(away.AlternativeStaffId, away.From, away.To, away.Reason);
                }
                http.Response.SetVersion(student.Version);
                return Results.Ok(new StudentDetails(student.ToProfile(), tutor, alternative, student.Version));
            })
            .RequireAuthorization(AllocationPolicies.ReadStudent)
            .RequireStudent(AllocationPolicies.StudentReaders, "read the profile")
            .WithName("GetStudent")
            .WithVersionHeaders()
            .WithSummary("A student's profile, current tutor and, while the tutor is away, the alternative contact.")
            .Produces<StudentDetails>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/students/{studentId}/allocation", async (string studentId, AsOfDate? asOf, RecordedAt? recordedAt, IQuerySession session, TimeProvider clock,
                CancellationToken ct) =>
            {
                var now = clock.GetUtcNow();
                var view = await AsOfReads.StudentAsync(session, studentId, recordedAt, ct);
                var date = AsOfReads.DateOf(asOf, recordedAt, now);
                var period = view?.Periods.LastOrDefault(p => date >= p.From && (p.To is null || date < p.To));
                return Results.Ok(new AllocationAsOf(studentId, date, recordedAt?.Instant ?? now, period?.TutorId, period?.From, period?.RecordedAt, view?.Version ?? 0));
            })
            .RequireAuthorization(AllocationPolicies.ReadStudent)
            .RequireStudent(AllocationPolicies.StudentReaders, "read the allocation")
            .WithName("GetStudentAllocationAsOf")
            .WithSummary("The student's tutor on a date (?asOf=yyyy-MM-dd, effective dates; default today), as the system knew it at an instant (?recordedAt=, only events recorded by then; default now) (AL-13).")
            .Produces<AllocationAsOf>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/students/{studentId}/allocation-history", async (string studentId, IQuerySession session, CancellationToken ct) =>
            {
                var history = await session.LoadAsync<AllocationHistory>(studentId, ct);
                return Results.Ok(history?.Changes ?? []);
            })
            .RequireAuthorization(AllocationPolicies.ReadStudent)
            .RequireStudent(AllocationPolicies.StudentReaders, "read the allocation history")
            .WithName("GetStudentAllocationHistory")
            .WithSummary("Every allocation change in order: from, to, effective date, recorded at, actor, reason, sequence.")
            .WithDescription("The student's allocation history oldest first, as an auditor reads it: each change with the tutor before and after, "
                + "the effective date, when and by whom it was recorded, the reason and any override. Built in the background: a change made a "
                + "moment ago may take a second to appear.")
            .WithExamples(response: new[]
            {
                new
                {
                    sequence = 1042, fromTutorId = (string?)null, toTutorId = "s104233", effectiveOn = "2025-10-01", recordedAt = "2025-10-01T09:00:00+00:00",
                    actor = "st-med", kind = "Allocation", reason = "Initial allocation", overrideJustification = (string?)null,
                },
            })
            .Produces<IReadOnlyList<AllocationChange>>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
