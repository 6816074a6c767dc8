using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Marten;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Allocation.Students;
using PersonalTutoring.Allocation.Tutors;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using Wolverine.Marten;

namespace PersonalTutoring.Allocation.Allocations.Allocating;

/// <summary>POST /api/allocations: allocate, or reallocate (the previous allocation ends the same day). AL-1, AL-7, AL-10.</summary>
internal static class AllocateTutor
{
    [BuildingBlocks.Http.ContractName("TutorAllocationRequest")]
    internal sealed record Request(string? StudentId, string? TutorId, string? Reason, DateOnly? EffectiveOn, string? OverrideJustification);

    [BuildingBlocks.Http.ContractName("TutorAllocationResult")]
    internal sealed record Response(string StudentId, string TutorId, string? PreviousTutorId, DateOnly EffectiveOn, bool Changed, string? OverrideJustification);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.StudentId).NotEmpty().MaximumLength(40);
            RuleFor(r => r.TutorId).NotEmpty().MaximumLength(40);
            RuleFor(r => r.Reason).NotEmpty().MaximumLength(1000);
            RuleFor(r => r.EffectiveOn).InclusiveBetween(new DateOnly(2000, 1, 1), new DateOnly(2100, 12, 31));
            RuleFor(r => r.OverrideJustification).MaximumLength(2000);
        }
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/allocations", async (Request request, HttpContext http, IDocumentSession session, IMartenOutbox outbox, PolicyLookup policies, TimeProvider clock, CancellationToken ct) =>
            {
                var user = http.CurrentUser();
                var student = await session.Events.FetchForWriting<Student>(Student.StreamId(request.StudentId!), ct);
                if (!student.Exists) throw new NotFoundException($"Student {request.StudentId} is not known.");
                var record = student.State.Record!;
                ResourceAccess.DemandSchool(user, record.SchoolCode, "allocate tutors", Roles.Admin);

                var to = await session.Events.FetchForWriting<Tutor>(Tutor.StreamId(request.TutorId!), ct);
                var from = student.State.CurrentTutorId is { } previous ? await session.Events.FetchForWriting<Tutor>(Tutor.StreamId(previous), ct) : null;
                var now = clock.GetUtcNow();
                var effectiveOn = request.EffectiveOn ?? Dates.UkDate(now);
                var policy = await policies.InForceAsync(record.SchoolCode, effectiveOn, record.Level, ct);
                var terms = new AllocationTerms(student.State.CurrentTutorId is null ? Students.AllocationKind.Allocation : Students.AllocationKind.Reallocation,
                    request.Reason!.Trim(), effectiveOn, request.OverrideJustification, ResourceAccess.InSchool(user, record.SchoolCode));

                var changes = new ChangeSet();
                var allocated = Allocator.Stage(changes, new StudentSlot(request.StudentId!, student.State, StreamRef.Of(student)),
                    new TutorSlot(request.TutorId!, to.State, StreamRef.Of(to)), from is null ? null : new TutorSlot(student.State.CurrentTutorId!, from.State, StreamRef.Of(from)),
                    policy, terms, now, user.Id);
                await changes.CommitAsync(session, outbox, ct);
                return Results.Ok(new Response(request.StudentId!, request.TutorId!, allocated?.PreviousTutorId,
                    allocated?.EffectiveOn ?? student.State.CurrentFrom ?? effectiveOn, allocated is not null, allocated?.OverrideJustification));
            })
            .Validate<Request>()
            .RequireAuthorization(AllocationPolicies.Manage)
            .WithName("PostAllocation")
            .WithSummary("Allocates a tutor to a student, or reallocates; refused past the policy's hard maximum unless a Senior Tutor overrides.")
            .WithDescription("Makes `tutorId` the student's personal tutor from `effectiveOn` (default today), ending any current allocation. "
                + "Both must be in the same school; a tutor at the policy's hard maximum is refused (422) unless a Senior Tutor gives an "
                + "`overrideJustification`. Allocating the current tutor again changes nothing (`changed: false`). Tutee, tutors and Registry are "
                + "notified, and the change appears in the feed.")
            .WithExamples(
                request: new { studentId = "2025123456", tutorId = "s104233", reason = "Initial allocation", effectiveOn = "2025-10-01" },
                response: new { studentId = "2025123456", tutorId = "s104233", previousTutorId = (string?)null, effectiveOn = "2025-10-01", changed = true, overrideJustification = (string?)null })
            .Produces<Response>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
