using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.SchoolPolicies.ReadModels;

namespace PersonalTutoring.Governance.SchoolPolicies.Approving;

/// <summary>The GO-3 approval cycle, in order: School Education Committee, then the Dean, then shared with the sub-committee.</summary>
internal enum ApprovalStep { Committee, Dean, Shared }

/// <summary>
/// POST …/policies/{academicYear}/versions/{n}/committee-approval | dean-approval | shared: records one step of
/// the approval cycle with its date and minute reference. Admin and Dean.
/// </summary>
internal static class RecordApproval
{
    internal sealed record Request(DateOnly? On, string? Reference);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.On).NotNull();
            RuleFor(r => r.Reference).NotEmpty().MaximumLength(200);
        }
    }

    /// <summary>
    /// Recording the same step again with the same date and reference decides nothing (a retry); anything else
    /// out of order is refused. Approvals apply to the latest version only: an older one has been superseded.
    /// </summary>
    internal static object[] Decide(SchoolPolicy state, string schoolCode, string academicYear, int version, ApprovalStep step,
        DateOnly on, string reference, string by, DateOnly today, DateTimeOffset now)
    {
        var v = state.Versions.FirstOrDefault(x => x.Number == version)
            ?? throw new NotFoundException($"Version {version} of {schoolCode}'s {academicYear} policy does not exist.");
        var recorded = step switch { ApprovalStep.Committee => v.Committee, ApprovalStep.Dean => v.Dean, _ => v.Shared };
        if (recorded is not null)
            return recorded == new ApprovalRecord(on, reference)
                ? []
                : throw new BusinessRuleException("policy-step-already-recorded", $"Version {version} already has this step, recorded on {recorded.On:yyyy-MM-dd} ({recorded.Reference}).");
        var needed = step switch { ApprovalStep.Committee => PolicyStage.Draft, ApprovalStep.Dean => PolicyStage.CommitteeApproved, _ => PolicyStage.DeanApproved };
        if (v.Stage != needed)
            throw new BusinessRuleException("policy-approval-out-of-order",
                $"This step needs the version to be {needed}; version {version} is {v.Stage}.",
                new Dictionary<string, object?> { ["stage"] = v.Stage.ToString() });
        if (step != ApprovalStep.Shared && state.Latest!.Number != version)
            throw new BusinessRuleException("policy-version-superseded", $"Version {version} was superseded by version {state.Latest.Number}; approve that instead.");
        if (on > today)
            throw new BusinessRuleException("approval-date-in-future", $"{on:yyyy-MM-dd} is after today ({today:yyyy-MM-dd}); record a step once it has happened.");
        var previous = step switch { ApprovalStep.Dean => v.Committee, ApprovalStep.Shared => v.Dean, _ => null };
        if (previous is not null && on < previous.On)
            throw new BusinessRuleException("approval-date-before-previous-step", $"{on:yyyy-MM-dd} is before the previous step ({previous.On:yyyy-MM-dd}).");
        return step switch
        {
            ApprovalStep.Committee => [new PolicyApprovedByCommittee(schoolCode, academicYear, version, on, reference, by, now)],
            ApprovalStep.Dean => [new PolicyApprovedByDean(schoolCode, academicYear, version, on, reference, by, now)],
            _ => [new PolicySharedWithSubCommittee(schoolCode, academicYear, version, on, reference, by, now)],
        };
    }

    internal static void Map(IEndpointRouteBuilder app)
    {
        MapStep(app, "committee-approval", ApprovalStep.Committee, "RecordPolicyCommitteeApproval", "Records that the School Education Committee approved a policy version (GO-3 step 1).");
        MapStep(app, "dean-approval", ApprovalStep.Dean, "RecordPolicyDeanApproval", "Records that the Dean approved a policy version, which puts it in force (GO-3 step 2).");
        MapStep(app, "shared", ApprovalStep.Shared, "RecordPolicyShared", "Records that an approved policy version was shared with the sub-committee (GO-3 step 3).");
    }

    private static void MapStep(IEndpointRouteBuilder app, string path, ApprovalStep step, string name, string summary) =>
        app.MapPost($"/api/schools/{{schoolCode}}/policies/{{academicYear}}/versions/{{version:int}}/{path}", async (
                string schoolCode, string academicYear, int version, Request request, HttpContext http, IDocumentSession session,
                TimeProvider clock, CancellationToken ct) =>
            {
                var year = GovernanceAccess.Year(academicYear).ToString();
                var stream = SchoolPolicy.StreamId(schoolCode, year);
                var current = await session.Events.FetchForWriting<SchoolPolicy>(stream, ct);
                if (!current.Exists) throw new NotFoundException($"{schoolCode} has no policy for {year}.");
                var events = Decide(current.State, schoolCode, year, version, step, request.On!.Value, request.Reference!.Trim(),
                    http.CurrentUser().Id, GovernanceAccess.Today(clock), clock.GetUtcNow());
                current.AppendDecision(http, events);
                await session.SaveChangesAsync(ct);
                return Results.Ok(await PolicyVersionsView.LoadAsync(session, schoolCode, year, ct));
            })
            .Validate<Request>()
            .RequireAuthorization(GovernancePolicies.ApprovePolicies)
            .WithName(name)
            .WithVersionHeaders()
            .WithSummary(summary)
            .Produces<PolicyVersionsView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
