using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Allocation.Allocations;
using PersonalTutoring.Allocation.Allocations.Allocating;
using PersonalTutoring.Allocation.Notifications;
using PersonalTutoring.Allocation.Students;
using PersonalTutoring.Allocation.Tutors;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using Wolverine.Marten;

namespace PersonalTutoring.Allocation.ChangeRequests.Deciding;

/// <summary>POST /api/tutor-change-requests/{id}/decision: the school's Senior Tutor approves (reallocating) or declines, with a rationale (AL-6).</summary>
internal static class DecideTutorChange
{
    internal sealed record Request(ChangeOutcome? Outcome, string? NewTutorId, string? Rationale);

    internal sealed record Response(string RequestId, ChangeOutcome Outcome, string? NewTutorId);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Outcome).NotNull();
            RuleFor(r => r.NewTutorId).NotEmpty().When(r => r.Outcome == ChangeOutcome.Approved).WithMessage("An approval names the new tutor.");
            RuleFor(r => r.NewTutorId).Empty().When(r => r.Outcome == ChangeOutcome.Declined).WithMessage("A declined request names no new tutor.");
            RuleFor(r => r.Rationale).NotEmpty().MaximumLength(4000);
        }
    }

    internal static object[] Decide(ChangeRequest state, string requestId, Request r, string decidedBy, DateTimeOffset now)
    {
        if (!state.Exists) throw new NotFoundException($"Change request {requestId} is not known.");
        if (state.Outcome is { } outcome)
            throw new BusinessRuleException("already-decided", $"The request was already {outcome.ToString().ToLowerInvariant()}.");
        return [new TutorChangeDecided(requestId, state.StudentId, r.Outcome!.Value, r.NewTutorId?.Trim(), r.Rationale!.Trim(), decidedBy, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/tutor-change-requests/{requestId}/decision", async (string requestId, Request request, HttpContext http, IDocumentSession session,
                IMartenOutbox outbox, PolicyLookup policies, TimeProvider clock, CancellationToken ct) =>
            {
                var user = http.CurrentUser();
                var current = await session.Events.FetchForWriting<ChangeRequest>(ChangeRequest.StreamId(requestId), ct);
                if (!current.Exists) throw new NotFoundException($"Change request {requestId} is not known.");
                var now = clock.GetUtcNow();
                var decided = Decide(current.State, requestId, request, user.Id, now);
                if (http.Request.ExpectedVersion() is { } expected && expected != current.ReadVersion)
                    throw new StaleVersionException(current.Key!, expected, current.ReadVersion);
                var changes = new ChangeSet().Append(StreamRef.Of(current), decided);
                var student = await session.Events.FetchForWriting<Student>(Student.StreamId(current.State.StudentId), ct);
                if (request.Outcome == ChangeOutcome.Approved)
                {
                    var record = student.State.Record!;
                    if (student.State.CurrentTutorId == request.NewTutorId!.Trim())
                        throw new BusinessRuleException("same-tutor", "An approval moves the student to a different tutor than their current one.");
                    var today = Dates.UkDate(now);
                    var to = await session.Events.FetchForWriting<Tutor>(Tutor.StreamId(request.NewTutorId!.Trim()), ct);
                    var from = student.State.CurrentTutorId is { } previous ? await session.Events.FetchForWriting<Tutor>(Tutor.StreamId(previous), ct) : null;
                    var policy = await policies.InForceAsync(record.SchoolCode, today, record.Level, ct);
                    Allocator.Stage(changes, new StudentSlot(current.State.StudentId, student.State, StreamRef.Of(student)), new TutorSlot(request.NewTutorId.Trim(), to.State, StreamRef.Of(to)),
                        from is null ? null : new TutorSlot(student.State.CurrentTutorId!, from.State, StreamRef.Of(from)), policy,
                        new AllocationTerms(AllocationKind.ChangeRequest, $"Change request approved: {request.Rationale!.Trim()}", today), now, user.Id);
                }
                if (student.State.Record is { IsErased: false } r)
                    changes.Notify([Notices.Email(current.State.StudentId, r.Email.Text, $"Your request to change personal tutor: {request.Outcome}",
                        $"Dear {r.Name},\n\nYour request to change personal tutor was {request.Outcome!.Value.ToString().ToLowerInvariant()}.\n\n{request.Rationale!.Trim()}\n", now)]);
                await changes.CommitAsync(session, outbox, ct);
                return Results.Ok(new Response(requestId, request.Outcome!.Value, request.NewTutorId?.Trim()));
            })
            .Validate<Request>()
            .RequireAuthorization(AllocationPolicies.DecideChange)
            .RequireResource(async (http, user) =>
            {
                var requestId = http.RouteValue("requestId");
                var request = await http.RequestServices.GetRequiredService<IQuerySession>().Events
                    .AggregateStreamAsync<ChangeRequest>(ChangeRequest.StreamId(requestId), token: http.RequestAborted);
                if (request is not { Exists: true }) throw new NotFoundException($"Change request {requestId} is not known.");
                if (!ResourceAccess.InSchool(user, request.SchoolCode)) // only the school's own Senior Tutors decide
                    throw new ForbiddenException($"You may not decide tutor change requests for school {request.SchoolCode}.");
            })
            .WithName("PostTutorChangeDecision")
            .WithVersionHeaders()
            .WithSummary("Approves (reallocating to the new tutor) or declines a change request, with the rationale the student sees.")
            .Produces<Response>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
