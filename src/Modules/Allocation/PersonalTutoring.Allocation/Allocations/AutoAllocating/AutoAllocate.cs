using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.Allocations.AutoAllocating;

/// <summary>POST /api/allocations/auto: plan (and unless <c>dryRun</c>, apply) allocations for a school (AL-1, AL-4, AL-7, AL-8).</summary>
internal static class AutoAllocate
{
    internal sealed record Request(string? SchoolCode, CohortLevel? Level, int? YearOfStudy, bool? DryRun);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.SchoolCode).NotEmpty().Matches("^[A-Z0-9][A-Z0-9-]{1,15}$");
            RuleFor(r => r.YearOfStudy).InclusiveBetween(0, 10);
            RuleFor(r => r.DryRun).NotNull();
        }
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/allocations/auto", async (Request request, AutoAllocation auto, AllocationRunMetrics metrics, CancellationToken ct) =>
                Results.Ok(await metrics.MeasureAsync(request.DryRun!.Value,
                    () => auto.RunAsync(new AutoScope(request.SchoolCode!, request.Level, request.YearOfStudy), request.DryRun!.Value, ct))))
            .RequireBodyResource<Request>((request, _, user) =>
            {
                if (!string.IsNullOrWhiteSpace(request.SchoolCode)) ResourceAccess.DemandSchool(user, request.SchoolCode, "auto-allocate", Roles.Admin);
                return Task.CompletedTask;
            })
            .Validate<Request>()
            .RequireAuthorization(AllocationPolicies.Manage)
            .WithName("PostAutoAllocation")
            .WithSummary("Allocates every studying, unallocated student in scope, balancing caseloads and keeping continuity; dryRun writes nothing.")
            .Produces<AutoResult>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
