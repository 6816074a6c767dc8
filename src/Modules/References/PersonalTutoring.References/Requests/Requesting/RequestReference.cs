using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Contracts;
using Wolverine.Marten;

namespace PersonalTutoring.References.Requests.Requesting;

/// <summary>
/// POST /api/students/{studentId}/reference-requests: a tutee asks for a reference (RE-1). It goes to their tutor today,
/// or, in the final year, to the previous tutor they name (RE-5), who keeps access to this request only.
/// </summary>
internal static class RequestReference
{
    internal sealed record Request(ReferenceKind? Kind, string? Recipient, DateOnly? Deadline, string? Purpose, ReferenceConsent? Consent, string? PreviousTutorId);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Kind).NotNull();
            RuleFor(r => r.Recipient).NotEmpty().MaximumLength(500);
            RuleFor(r => r.Deadline).NotNull();
            RuleFor(r => r.Purpose).NotEmpty().MaximumLength(4000);
            RuleFor(r => r.Consent).NotNull().WithMessage("Say whether health and personal circumstances may be mentioned (both may be false).");
            RuleFor(r => r.PreviousTutorId).NotEmpty().MaximumLength(100).When(r => r.PreviousTutorId is not null);
        }
    }

    /// <summary>
    /// The final year of the student's programme as the school's policy lays out its years: the last year of its tutor
    /// blocks. With no blocks a tutor is kept across all years, so the tutor today is the one who knew the tutee.
    /// </summary>
    internal static bool IsFinalYear(TutoringPolicy policy, int yearOfStudy) =>
        policy.AllocationBlocks.Count > 0 && yearOfStudy >= policy.AllocationBlocks.Max(b => b.ToYear);

    internal static object[] Decide(ReferenceRequest state, Guid requestId, StudentProfile student, IReadOnlyList<TutorAssignment> assignments, bool finalYear,
        Request r, DateTimeOffset now)
    {
        if (state.Requested) return []; // a retry of the same request
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (r.Deadline!.Value <= today)
            throw new BusinessRuleException("deadline-passed", "The deadline must be after today.");
        var current = assignments.Where(a => a.CoversDate(today)).Select(a => a.TutorId).FirstOrDefault();
        var tutor = current;
        var previous = false;
        if (r.PreviousTutorId is { } named && named != current)
        {
            if (!finalYear)
                throw new BusinessRuleException("previous-tutor-final-year-only", "Only a final-year student may send the request to a previous tutor; it goes to your tutor.");
            if (!assignments.Any(a => a.TutorId == named && a.To is { } to && to <= today))
                throw new BusinessRuleException("not-a-previous-tutor", $"{named} has not been your personal tutor.");
            (tutor, previous) = (named, true);
        }
        if (tutor is null)
            throw new BusinessRuleException("no-tutor", "You have no personal tutor today to send the request to.");
        return
        [
            new ReferenceRequested(requestId, student.StudentId, student.SchoolCode, r.Kind!.Value, r.Recipient!.Trim(), r.Deadline.Value, r.Purpose!.Trim(),
                r.Consent!, tutor, previous, now),
        ];
    }

    internal sealed record Requested(Guid RequestId, string TutorId, bool PreviousTutor);

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/students/{studentId}/reference-requests", async (string studentId, Request request, HttpContext http, IAllocationQueries allocation,
                ITutoringPolicies policies, TimeProvider clock, IDocumentSession session, IMartenOutbox outbox, Reminders.ReminderSettings reminders, CancellationToken ct) =>
            {
                var now = clock.GetUtcNow();
                var student = await allocation.StudentAsync(studentId, ct) ?? throw ResourceAccess.NotVisible(studentId);
                var assignments = await allocation.AssignmentsAsync(studentId, ct);
                var policy = await policies.InForceAsync(student.SchoolCode, DateOnly.FromDateTime(now.UtcDateTime), student.Level, ct);
                var requestId = http.NewId("reference-request");
                var stream = await session.Events.FetchForWriting<ReferenceRequest>(ReferenceRequest.StreamId(requestId), ct);
                var events = Decide(stream.State, requestId, student, assignments, IsFinalYear(policy, student.YearOfStudy), request, now);
                stream.AppendDecision(http, events);
                // The reminders commit with the request or not at all (Wolverine's outbox in the same transaction).
                if (events.Length > 0) await Reminders.DeadlineReminders.ScheduleAsync(outbox, session, requestId, request.Deadline!.Value, reminders.DaysBefore, now);
                await session.SaveChangesAsync(ct);
                var requested = await session.LoadAsync<ReadModels.ReferenceRequestView>(requestId.ToString(), ct);
                return Results.Created($"/api/reference-requests/{requestId}", new Requested(requestId, requested!.TutorId, requested.PreviousTutor));
            })
            .RequireStudent(StudentRelation.Self, "ask for a reference")
            .Validate<Request>()
            .RequireAuthorization(ReferencesPolicies.Request)
            .WithName("RequestReference")
            .WithSummary("A tutee asks their tutor (or, in the final year, a previous tutor they name) for a reference.")
            .Produces<Requested>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
