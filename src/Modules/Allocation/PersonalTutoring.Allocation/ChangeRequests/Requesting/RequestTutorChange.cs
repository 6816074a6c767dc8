using PersonalTutoring.BuildingBlocks.Privacy;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.Students;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Allocation.ChangeRequests.Requesting;

/// <summary>POST /api/students/{studentId}/tutor-change-requests: a tutee, or staff on their behalf, asks for a different tutor (AL-6).</summary>
internal static class RequestTutorChange
{
    internal sealed record Request(string? Reason);

    internal sealed record Response(string RequestId, string StudentId, string Status);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(4000);
    }

    /// <summary>Who may ask on a student's behalf: the student, their tutor, the school's Senior Tutor, support staff, admins.</summary>
    public const StudentRelation MayRequest = StudentRelation.Self | StudentRelation.CurrentTutor | StudentRelation.SeniorTutorOfSchool
        | StudentRelation.UniversityWide | StudentRelation.Oversight;

    internal static object[] Decide(Student student, string requestId, string studentId, string reason, string requestedBy, DateTimeOffset now)
    {
        if (!student.Exists) throw new NotFoundException($"Student {studentId} is not known.");
        if (student.Record!.Status.HasLeft())
            throw new BusinessRuleException("student-not-current", $"Student {studentId} is {student.Record.Status}.");
        return [new TutorChangeRequested(requestId, studentId, student.Record.SchoolCode, student.CurrentTutorId,
            PersonalText.Of(studentId, DataProtection.Contracts.SubjectRecordKinds.ChangeRequest, reason.Trim()), requestedBy, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/students/{studentId}/tutor-change-requests", async (string studentId, Request request, HttpContext http, IDocumentSession session,
                TimeProvider clock, CancellationToken ct) =>
            {
                var user = http.CurrentUser();
                // Read, not written: the request is a stream of its own.
                var student = await session.Events.AggregateStreamAsync<Student>(Student.StreamId(studentId), token: ct) ?? Student.Initial;
                var now = clock.GetUtcNow();
                var requestId = Guid.CreateVersion7(now).ToString("N");
                var events = Decide(student, requestId, studentId, request.Reason!, user.Id, now);
                session.Events.StartStream<ChangeRequest>(ChangeRequest.StreamId(requestId), events);
                await session.SaveChangesAsync(ct);
                return Results.Created($"/api/students/{studentId}/tutor-change-requests", new Response(requestId, studentId, "Open"));
            })
            .Validate<Request>()
            .RequireAuthorization(AllocationPolicies.RequestChange)
            .RequireStudent(MayRequest, "request a change of tutor")
            .WithName("PostTutorChangeRequest")
            .WithSummary("Asks for a change of personal tutor; a Senior Tutor of the school decides.")
            .Produces<Response>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
