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

namespace PersonalTutoring.Contact.ContactLogs.Concerns;

/// <summary>The concern's recipient acknowledges it, then records the outcome.</summary>
internal static class ProgressConcern
{
    internal sealed record ResolveRequest(string? Outcome);

    internal sealed class Validator : AbstractValidator<ResolveRequest>
    {
        public Validator() => RuleFor(r => r.Outcome).NotEmpty().MaximumLength(4000);
    }

    internal static void DemandRecipient(StudentAccess access, ConcernFacts concern)
    {
        var ok = concern.RoutedTo == ConcernRoute.SupportTeam ? access.User.IsIn(Roles.SupportTeam) : access.Is(StudentRelation.SeniorTutorOfSchool);
        if (!ok) throw new ForbiddenException($"Only the {concern.RoutedTo} handles this concern.");
    }

    internal static object[] Acknowledge(ContactLog state, StudentAccess access, Guid concernId, DateTimeOffset now)
    {
        var concern = state.Concerns.Demand(concernId, "concern");
        DemandRecipient(access, concern);
        return HandlingLifecycle.Concern.Acknowledge(concern.Progress, () => new ConcernAcknowledged(access.Student.StudentId, concernId, access.User.Id, now));
    }

    internal static object[] Resolve(ContactLog state, StudentAccess access, Guid concernId, ResolveRequest r, DateTimeOffset now)
    {
        var concern = state.Concerns.Demand(concernId, "concern");
        DemandRecipient(access, concern);
        return HandlingLifecycle.Concern.Close(concern.Progress, () => new ConcernResolved(access.Student.StudentId, concernId, access.User.Id,
            PersonalText.Of(access.Student.StudentId, SubjectRecordKinds.Concern, r.Outcome!.Trim()), now));
    }

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/students/{studentId}/concerns/{concernId:guid}/acknowledge", async (string studentId, Guid concernId, HttpContext http,
                StudentContext context, IDocumentSession session, CancellationToken ct) =>
            {
                var access = http.StudentAccess();
                await ContactLogWrites.DecideAndAppendAsync(session, http, studentId, s => Acknowledge(s, access, concernId, context.Clock.GetUtcNow()), ct);
                return Results.NoContent();
            })
            .RequireAuthorization(ContactPolicies.HandleConcerns)
            .RequireStudent(StudentRelation.Any, "handle concerns")
            .WithName("AcknowledgeConcern")
            .WithVersionHeaders()
            .WithSummary("The Support Team or Senior Tutor acknowledges a concern routed to them.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/api/students/{studentId}/concerns/{concernId:guid}/resolve", async (string studentId, Guid concernId, ResolveRequest request, HttpContext http,
                StudentContext context, IDocumentSession session, CancellationToken ct) =>
            {
                var access = http.StudentAccess();
                await ContactLogWrites.DecideAndAppendAsync(session, http, studentId, s => Resolve(s, access, concernId, request, context.Clock.GetUtcNow()), ct);
                return Results.NoContent();
            })
            .Validate<ResolveRequest>()
            .RequireAuthorization(ContactPolicies.HandleConcerns)
            .RequireStudent(StudentRelation.Any, "handle concerns")
            .WithName("ResolveConcern")
            .WithVersionHeaders()
            .WithSummary("Records the outcome of an acknowledged concern.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
