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

/// <summary>POST /api/students/{studentId}/legal-holds and …/{holdId}/lift: records that must be kept, and when they no longer must.</summary>
internal static class LegalHoldSlices
{
    internal sealed record Request(HoldKind? Kind, string? Reason, DateOnly? Until);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Kind).NotNull().IsInEnum();
            RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
            RuleFor(r => r.Until).Must(d => d is null || d.Value.Year is >= 2000 and <= 2200).WithMessage("until is a date between 2000 and 2200.");
        }
    }

    internal sealed record Placed(Guid HoldId);

    internal static object[] Place(StudentPrivacy state, string studentId, Guid holdId, Request r, string by, DateTimeOffset now) =>
        state.Holds.Any(h => h.HoldId == holdId) ? [] : [new LegalHoldPlaced(studentId, holdId, r.Kind!.Value, r.Reason!.Trim(), r.Until, by, now)];

    internal static object[] Lift(StudentPrivacy state, string studentId, Guid holdId, string by, DateTimeOffset now)
    {
        var hold = state.Holds.FirstOrDefault(h => h.HoldId == holdId) ?? throw new NotFoundException($"Legal hold {holdId} does not exist.");
        return hold.LiftedAt is null ? [new LegalHoldLifted(studentId, holdId, by, now)] : [];
    }

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/students/{studentId}/legal-holds", async (string studentId, Request request, HttpContext http, IAllocationQueries students,
                IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                _ = await students.StudentAsync(studentId, ct) ?? throw new NotFoundException($"Student {studentId} does not exist.");
                var holdId = http.NewId("legal-hold");
                await PrivacyDecisions.DecideAsync(session, http, studentId, missing: null,
                    state => Place(state, studentId, holdId, request, http.CurrentUser().Id, clock.GetUtcNow()), ct);
                return Results.Created($"/api/students/{studentId}/data-protection", new Placed(holdId));
            })
            .Validate<Request>()
            .RequireAuthorization(DataProtectionPolicies.ManageHolds)
            .WithName("PlaceLegalHold")
            .WithVersionHeaders()
            .WithSummary("Places a legal hold on a student's records (fitness to practise, visa reporting, a legal claim): erasure is refused while it is in force.")
            .Produces<Placed>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/api/students/{studentId}/legal-holds/{holdId:guid}/lift", async (string studentId, Guid holdId, HttpContext http,
                IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                await PrivacyDecisions.DecideAsync(session, http, studentId, $"Legal hold {holdId} does not exist.",
                    state => Lift(state, studentId, holdId, http.CurrentUser().Id, clock.GetUtcNow()), ct);
                return Results.NoContent();
            })
            .RequireAuthorization(DataProtectionPolicies.ManageHolds)
            .WithName("LiftLegalHold")
            .WithVersionHeaders()
            .WithSummary("Lifts a legal hold; the hold stays in the record with who lifted it and when.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
