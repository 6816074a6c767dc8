using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.DataProtection.Contracts;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Marten;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Contact.Shared;

namespace PersonalTutoring.Contact.ContactLogs.Referrals;

/// <summary>A referral's lifecycle: Made → Acknowledged → Closed with an outcome (CO-10).</summary>
internal static class ProgressReferral
{
    internal sealed record CloseRequest(string? Outcome);

    internal sealed class Validator : AbstractValidator<CloseRequest>
    {
        public Validator() => RuleFor(r => r.Outcome).NotEmpty().MaximumLength(4000);
    }

    /// <summary>The Support Team handles its own referrals; for other services the tutor records what the service said.</summary>
    internal static void DemandHandler(StudentAccess access, ReferralFacts referral)
    {
        if (referral.Service == ReferralService.SupportTeam && access.User.IsIn(Roles.SupportTeam)) return;
        access.Demand(MakeReferral.MayRefer, "progress referrals");
    }

    internal static object[] Acknowledge(ContactLog state, StudentAccess access, Guid referralId, DateTimeOffset now)
    {
        var referral = state.Referrals.Demand(referralId, "referral");
        DemandHandler(access, referral);
        return HandlingLifecycle.Referral.Acknowledge(referral.Progress, () => new ReferralAcknowledged(access.Student.StudentId, referralId, access.User.Id, now));
    }

    internal static object[] Close(ContactLog state, StudentAccess access, Guid referralId, CloseRequest r, DateTimeOffset now)
    {
        var referral = state.Referrals.Demand(referralId, "referral");
        DemandHandler(access, referral);
        return HandlingLifecycle.Referral.Close(referral.Progress, () => new ReferralClosed(access.Student.StudentId, referralId, access.User.Id,
            PersonalText.Of(access.Student.StudentId, SubjectRecordKinds.Referral, r.Outcome!.Trim()), now));
    }

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/students/{studentId}/referrals/{referralId:guid}/acknowledge", async (string studentId, Guid referralId, HttpContext http,
                StudentContext context, IDocumentSession session, CancellationToken ct) =>
            {
                var access = http.StudentAccess();
                await ContactLogWrites.DecideAndAppendAsync(session, http, studentId, s => Acknowledge(s, access, referralId, context.Clock.GetUtcNow()), ct);
                return Results.NoContent();
            })
            .RequireAuthorization(ContactPolicies.HandleReferrals)
            .RequireStudent(StudentRelation.Any, "progress referrals")
            .WithName("AcknowledgeReferral")
            .WithVersionHeaders()
            .WithSummary("Records that the service acknowledged a referral.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/api/students/{studentId}/referrals/{referralId:guid}/close", async (string studentId, Guid referralId, CloseRequest request, HttpContext http,
                StudentContext context, IDocumentSession session, CancellationToken ct) =>
            {
                var access = http.StudentAccess();
                await ContactLogWrites.DecideAndAppendAsync(session, http, studentId, s => Close(s, access, referralId, request, context.Clock.GetUtcNow()), ct);
                return Results.NoContent();
            })
            .Validate<CloseRequest>()
            .RequireAuthorization(ContactPolicies.HandleReferrals)
            .RequireStudent(StudentRelation.Any, "progress referrals")
            .WithName("CloseReferral")
            .WithVersionHeaders()
            .WithSummary("Closes an acknowledged referral with its outcome.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
