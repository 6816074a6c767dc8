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

internal sealed record AllocationAsOf(string StudentId, DateTimeOffset AsOf, string? TutorId, DateOnly? Since, long StreamVersion);

/// <summary>GET endpoints over one student: profile and tutor, the tutor at an instant (replayed), the history.</summary>
internal static class StudentReads
{
    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/students/{studentId}", async (string studentId, HttpContext http, ResourceAccess access, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
            {
                await access.ForStudentAsync(http.CurrentUser(), studentId, ct).Demanding(AllocationPolicies.StudentReaders, "read the profile");
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
            .WithName("GetStudent")
            .WithVersionHeaders()
            .WithSummary("A student's profile, current tutor and, while the tutor is away, the alternative contact.")
            .Produces<StudentDetails>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/students/{studentId}/allocation", async (string studentId, DateTimeOffset? asOf, HttpContext http, ResourceAccess access,
                IQuerySession session, TimeProvider clock, CancellationToken ct) =>
            {
                await access.ForStudentAsync(http.CurrentUser(), studentId, ct).Demanding(AllocationPolicies.StudentReaders, "read the allocation");
                var at = asOf ?? clock.GetUtcNow();
                var events = await session.Events.FetchStreamAsync(Student.StreamId(studentId), timestamp: at, token: ct);
                var view = StudentViewProjection.Replay(events);
                var date = Dates.UkDate(at);
                var period = view?.Periods.LastOrDefault(p => date >= p.From && (p.To is null || date < p.To));
                return Results.Ok(new AllocationAsOf(studentId, at, period?.TutorId, period?.From, events.Count == 0 ? 0 : events[^1].Version));
            })
            .RequireAuthorization(AllocationPolicies.ReadStudent)
            .WithName("GetStudentAllocationAsOf")
            .WithSummary("The student's tutor at an instant, replayed from the events recorded up to it (AL-13).")
            .Produces<AllocationAsOf>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/students/{studentId}/allocation-history", async (string studentId, HttpContext http, ResourceAccess access, IQuerySession session, CancellationToken ct) =>
            {
                await access.ForStudentAsync(http.CurrentUser(), studentId, ct).Demanding(AllocationPolicies.StudentReaders, "read the allocation history");
                var history = await session.LoadAsync<AllocationHistory>(studentId, ct);
                return Results.Ok(history?.Changes ?? []);
            })
            .RequireAuthorization(AllocationPolicies.ReadStudent)
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

    public static async Task<StudentAccess> Demanding(this Task<StudentAccess> access, StudentRelation allowed, string action) =>
        (await access).Demand(allowed, action);
}
