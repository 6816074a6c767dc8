using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.DataProtection.Erasure;

/// <summary>
/// POST /api/students/{studentId}/erasure-requests: an Admin records a request to erase a student's personal data,
/// with its UK GDPR ground. Refused (422, with every reason) while a legal hold is in force; nothing is erased until
/// the Dean approves.
/// </summary>
internal static class RequestErasure
{
    internal sealed record Request(ErasureGround? Ground, string? Detail);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Ground).NotNull().IsInEnum();
            RuleFor(r => r.Detail).NotEmpty().MaximumLength(2000);
        }
    }

    internal sealed record Requested(Guid RequestId);

    internal static object[] Decide(StudentPrivacy state, string studentId, string schoolCode, Guid requestId, Request r, IReadOnlyList<string> holds, string by, DateTimeOffset now)
    {
        if (state.Request(requestId) is not null) return [];
        if (state.ErasedAt is { } erased) throw new BusinessRuleException("already-erased", $"The student's personal data was erased on {erased:yyyy-MM-dd}.");
        if (state.Requests.Any(x => x.Status is ErasureStatus.AwaitingApproval or ErasureStatus.Approved))
            throw new BusinessRuleException("erasure-already-requested", "An erasure request for this student is already awaiting the Dean.");
        LegalHolds.RefuseUnder(holds);
        return [new ErasureRequested(studentId, requestId, r.Ground!.Value, r.Detail!.Trim(), by, now, schoolCode)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/students/{studentId}/erasure-requests", async (string studentId, Request request, HttpContext http, IAllocationQueries students,
                LegalHolds holds, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                var student = await students.StudentAsync(studentId, ct) ?? throw new NotFoundException($"Student {studentId} does not exist.");
                var requestId = http.NewId("erasure-request");
                var now = clock.GetUtcNow();
                await PrivacyDecisions.DecideAsync(session, http, studentId, missing: null, async state =>
                    Decide(state, studentId, student.SchoolCode, requestId, request, await holds.InForceAsync(state, student, DateOnly.FromDateTime(now.UtcDateTime), ct), http.CurrentUser().Id, now), ct);
                return Results.Created($"/api/students/{studentId}/data-protection", new Requested(requestId));
            })
            .Validate<Request>()
            .RequireAuthorization(DataProtectionPolicies.RequestErasure)
            .WithName("RequestErasure")
            .WithVersionHeaders()
            .WithSummary("Records a request to erase a student's personal data with its UK GDPR ground; refused while a legal hold is in force.")
            .Produces<Requested>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
