using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Marten;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Contact.Shared;

namespace PersonalTutoring.Contact.ContactLogs.SupportFlags;

/// <summary>The Support Team works a CO-5 flag: records its own attempts to reach the tutee, then closes it.</summary>
internal static class SupportFlags
{
    internal sealed record AttemptRequest(ContactKind? Kind, DateTimeOffset? OccurredAt, bool? TuteeResponded);

    internal sealed record CloseRequest(string? Outcome);

    internal sealed class AttemptValidator : AbstractValidator<AttemptRequest>
    {
        public AttemptValidator()
        {
            RuleFor(r => r.Kind).NotNull();
            RuleFor(r => r.OccurredAt).NotNull();
            RuleFor(r => r.TuteeResponded).NotNull();
        }
    }

    internal sealed class CloseValidator : AbstractValidator<CloseRequest>
    {
        public CloseValidator() => RuleFor(r => r.Outcome).NotEmpty().MaximumLength(4000);
    }

    private static void DemandOpen(ContactLog state, Guid flagId)
    {
        if (!state.Flags.Demand(flagId, "support flag"))
            throw new BusinessRuleException("flag-not-open", "The flag is already closed.");
    }

    internal static object[] RecordAttempt(ContactLog state, string studentId, Guid flagId, AttemptRequest r, string staffId, DateTimeOffset now)
    {
        DemandOpen(state, flagId);
        if (r.OccurredAt > now) throw new BusinessRuleException("contact-in-future", "An attempt cannot be recorded before it happens.");
        return [new SupportAttemptRecorded(studentId, flagId, staffId, r.Kind!.Value, r.OccurredAt!.Value, r.TuteeResponded!.Value, now)];
    }

    internal static object[] Close(ContactLog state, string studentId, Guid flagId, CloseRequest r, string closedBy, DateTimeOffset now)
    {
        DemandOpen(state, flagId);
        return [new SupportFlagClosed(studentId, flagId, closedBy, r.Outcome!.Trim(), now)];
    }

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/students/{studentId}/support-flags/{flagId:guid}/attempts", async (string studentId, Guid flagId, AttemptRequest request, HttpContext http,
                StudentContext context, IDocumentSession session, CancellationToken ct) =>
            {
                var user = http.CurrentUser();
                await context.AccessAsync(user, studentId, ct);
                await ContactLogWrites.DecideAndAppendAsync(session, http, studentId, s => RecordAttempt(s, studentId, flagId, request, user.Id, context.Clock.GetUtcNow()), ct);
                return Results.NoContent();
            })
            .Validate<AttemptRequest>()
            .RequireAuthorization(ContactPolicies.SupportTeam)
            .WithName("RecordSupportAttempt")
            .WithVersionHeaders()
            .WithSummary("The Support Team records its own attempt to contact a flagged tutee.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/api/students/{studentId}/support-flags/{flagId:guid}/close", async (string studentId, Guid flagId, CloseRequest request, HttpContext http,
                StudentContext context, IDocumentSession session, CancellationToken ct) =>
            {
                var user = http.CurrentUser();
                await context.AccessAsync(user, studentId, ct);
                await ContactLogWrites.DecideAndAppendAsync(session, http, studentId, s => Close(s, studentId, flagId, request, user.Id, context.Clock.GetUtcNow()), ct);
                return Results.NoContent();
            })
            .Validate<CloseRequest>()
            .RequireAuthorization(ContactPolicies.SupportTeam)
            .WithName("CloseSupportFlag")
            .WithVersionHeaders()
            .WithSummary("The Support Team closes a flag for unanswered attempts, with its outcome.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
