using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.BuildingBlocks.Privacy;

namespace PersonalTutoring.DataProtection.Erasure;

/// <summary>
/// POST /api/students/{studentId}/erasure-requests/{requestId}/approve and …/refuse: the Dean decides. Approval
/// checks the legal holds again, records the approval, deletes the student's data keys and records the erasure; a
/// retry after a failure between those steps finishes the erasure (the approval is already recorded).
/// </summary>
internal static class DecideErasure
{
    internal sealed record Refusal(string? Reason);

    internal sealed class Validator : AbstractValidator<Refusal>
    {
        public Validator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
    }

    internal sealed record Decided(Guid RequestId, string Status, DateTimeOffset? ErasedAt);

    internal static object[] Approve(StudentPrivacy state, string studentId, Guid requestId, IReadOnlyList<string> holds, string by, DateTimeOffset now)
    {
        var request = state.Request(requestId) ?? throw new NotFoundException($"Erasure request {requestId} does not exist.");
        if (request.Status is ErasureStatus.Approved or ErasureStatus.Done) return [];
        if (request.Status == ErasureStatus.Refused) throw new BusinessRuleException("erasure-refused", "This request was refused; a new request is needed.");
        LegalHolds.RefuseUnder(holds);
        return [new ErasureApproved(studentId, requestId, by, now)];
    }

    internal static object[] Refuse(StudentPrivacy state, string studentId, Guid requestId, string reason, string by, DateTimeOffset now)
    {
        var request = state.Request(requestId) ?? throw new NotFoundException($"Erasure request {requestId} does not exist.");
        if (request.Status == ErasureStatus.Refused) return [];
        if (request.Status != ErasureStatus.AwaitingApproval) throw new BusinessRuleException("erasure-approved", "This request was approved and carried out.");
        return [new ErasureRefused(studentId, requestId, reason.Trim(), by, now)];
    }

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/students/{studentId}/erasure-requests/{requestId:guid}/approve", async (string studentId, Guid requestId, HttpContext http,
                IAllocationQueries students, IStudentErasure erasure, LegalHolds holds, SubjectKeys keys, ISessionFactory sessions, TimeProvider clock,
                CancellationToken ct) =>
            {
                var student = await students.StudentAsync(studentId, ct) ?? throw new NotFoundException($"Student {studentId} does not exist.");
                var now = clock.GetUtcNow();
                await using (var session = sessions.OpenSession())
                {
                    var stream = await session.Events.FetchForWriting<StudentPrivacy>(StudentPrivacy.StreamId(studentId), ct);
                    var inForce = await holds.InForceAsync(stream.State, student, DateOnly.FromDateTime(now.UtcDateTime), ct);
                    stream.AppendDecision(http, Approve(stream.State, studentId, requestId, inForce, http.CurrentUser().Id, now));
                    await session.SaveChangesAsync(ct);
                }
                await using (var session = sessions.OpenSession())
                {
                    var stream = await session.Events.FetchForWriting<StudentPrivacy>(StudentPrivacy.StreamId(studentId), ct);
                    if (stream.State.ErasedAt is { } erasedBefore) return Results.Ok(new Decided(requestId, "Done", erasedBefore));
                    var deleted = await keys.EraseAsync(studentId, ct);
                    // The keys are gone; the e-mails about the student kept outside the events go with them (ADR 0086).
                    await erasure.ForgetAsync(studentId, ct);
                    var erased = new StudentErased(studentId, requestId, deleted, clock.GetUtcNow());
                    stream.AppendOne(erased);
                    await session.SaveChangesAsync(ct);
                    http.Response.SetVersion(stream.ReadVersion + 1);
                    return Results.Ok(new Decided(requestId, "Done", erased.ErasedAt));
                }
            })
            .RequireAuthorization(DataProtectionPolicies.ApproveErasure)
            .WithName("ApproveErasure")
            .WithVersionHeaders()
            .WithSummary("The Dean approves an erasure request: the student's data keys are deleted and their personal text becomes unreadable everywhere.")
            .Produces<Decided>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/api/students/{studentId}/erasure-requests/{requestId:guid}/refuse", async (string studentId, Guid requestId, Refusal refusal, HttpContext http,
                IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                await PrivacyDecisions.DecideAsync(session, http, studentId, $"Erasure request {requestId} does not exist.",
                    state => Refuse(state, studentId, requestId, refusal.Reason!, http.CurrentUser().Id, clock.GetUtcNow()), ct);
                return Results.Ok(new Decided(requestId, "Refused", null));
            })
            .Validate<Refusal>()
            .RequireAuthorization(DataProtectionPolicies.ApproveErasure)
            .WithName("RefuseErasure")
            .WithVersionHeaders()
            .WithSummary("The Dean refuses an erasure request, with the reason given to the student.")
            .Produces<Decided>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
