using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.DataProtection.Retention;

/// <summary>
/// POST /api/data-protection/retention-runs: an Admin runs the schedule now, or previews it (a dry run erases nothing
/// and is not recorded). GET …: the recorded runs' reports, newest first, for Admin, the Dean and Auditors.
/// </summary>
internal static class RetentionSlices
{
    internal sealed record Request(bool? DryRun, DateOnly? AsOf);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.AsOf).Must(d => d is null || d.Value.Year is >= 2000 and <= 2200).WithMessage("asOf is a date between 2000 and 2200.");
    }

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/data-protection/retention-runs", async (Request request, HttpContext http, RetentionSchedule schedule, TimeProvider clock, CancellationToken ct) =>
            {
                var now = clock.GetUtcNow();
                var today = DateOnly.FromDateTime(now.UtcDateTime);
                // Erasing ahead of time would be erasure without a ground: only a dry run may look at a later day.
                if (request.AsOf is { } later && later > today && request.DryRun != true)
                    throw new BusinessRuleException("retention-in-the-future", "Only a dry run may apply the schedule as of a later day.");
                var report = await schedule.RunAsync(request.AsOf ?? today, http.CurrentUser().Id, request.DryRun == true, now, ct);
                return Results.Ok(report);
            })
            .Validate<Request>()
            .RequireAuthorization(DataProtectionPolicies.RunRetention)
            .WithName("RunRetentionSchedule")
            .WithSummary("Applies the retention schedule now (or previews it with dryRun): the report names every student whose periods passed, what was erased, and who is under a legal hold.")
            .Produces<RetentionReport>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapGet("/api/data-protection/retention-runs", async (RetentionRuns runs, CancellationToken ct) => Results.Ok(await runs.RecentAsync(100, ct)))
            .RequireAuthorization(DataProtectionPolicies.Read)
            .WithName("GetRetentionRuns")
            .WithSummary("The last 100 recorded retention runs, newest first, each with its report.")
            .Produces<IReadOnlyList<RetentionReport>>();
    }
}
