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

namespace PersonalTutoring.Contact.ContactLogs.Objectives;

/// <summary>Objectives for the coming months to remedy identified difficulties, with a review date and outcome (CO-12).</summary>
internal static class Objectives
{
    private const StudentRelation MaySet = StudentRelation.CurrentTutor | StudentRelation.AlternativeContact | StudentRelation.SeniorTutorOfSchool;

    internal sealed record SetRequest(string? Text, DateOnly? ReviewOn);

    internal sealed record ReviewRequest(ObjectiveOutcome? Outcome, string? Comment);

    internal sealed class SetValidator : AbstractValidator<SetRequest>
    {
        public SetValidator()
        {
            RuleFor(r => r.Text).NotEmpty().MaximumLength(4000);
            RuleFor(r => r.ReviewOn).NotNull();
        }
    }

    internal sealed class ReviewValidator : AbstractValidator<ReviewRequest>
    {
        public ReviewValidator()
        {
            RuleFor(r => r.Outcome).NotNull();
            RuleFor(r => r.Comment).MaximumLength(4000);
        }
    }

    internal static object[] Set(ContactLog state, string studentId, Guid objectiveId, SetRequest r, string setBy, DateTimeOffset now)
    {
        if (r.ReviewOn!.Value <= DateOnly.FromDateTime(now.UtcDateTime))
            throw new BusinessRuleException("review-date-not-future", "An objective is reviewed on a future date.");
        return state.Objectives.ContainsKey(objectiveId) ? [] : [new ObjectiveSet(studentId, objectiveId, PersonalText.Of(studentId, SubjectRecordKinds.Objective, r.Text!.Trim()), r.ReviewOn.Value, setBy, now)];
    }

    internal static object[] Review(ContactLog state, string studentId, Guid objectiveId, ReviewRequest r, string reviewedBy, DateTimeOffset now) =>
        state.Objectives.Demand(objectiveId, "objective")
            ? throw new BusinessRuleException("objective-already-reviewed", "The objective has already been reviewed.")
            : [new ObjectiveReviewed(studentId, objectiveId, r.Outcome!.Value, string.IsNullOrWhiteSpace(r.Comment) ? null : PersonalText.Of(studentId, SubjectRecordKinds.Objective, r.Comment.Trim()), reviewedBy, now)];

    internal sealed record Created(Guid ObjectiveId);

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/students/{studentId}/objectives", async (string studentId, SetRequest request, HttpContext http, StudentContext context, IDocumentSession session, CancellationToken ct) =>
            {
                var access = http.StudentAccess();
                var objectiveId = Guid.NewGuid();
                await ContactLogWrites.DecideAndAppendAsync(session, http, studentId, s => Set(s, studentId, objectiveId, request, access.User.Id, context.Clock.GetUtcNow()), ct);
                return Results.Created($"/api/students/{studentId}/contacts", new Created(objectiveId));
            })
            .Validate<SetRequest>()
            .RequireAuthorization(ContactPolicies.RecordContact)
            .RequireStudent(MaySet, "set objectives")
            .WithName("SetObjective")
            .WithVersionHeaders()
            .WithSummary("Sets an objective for a tutee with the date it will be reviewed.")
            .Produces<Created>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/api/students/{studentId}/objectives/{objectiveId:guid}/review", async (string studentId, Guid objectiveId, ReviewRequest request, HttpContext http,
                StudentContext context, IDocumentSession session, CancellationToken ct) =>
            {
                var access = http.StudentAccess();
                await ContactLogWrites.DecideAndAppendAsync(session, http, studentId, s => Review(s, studentId, objectiveId, request, access.User.Id, context.Clock.GetUtcNow()), ct);
                return Results.NoContent();
            })
            .Validate<ReviewRequest>()
            .RequireAuthorization(ContactPolicies.RecordContact)
            .RequireStudent(MaySet, "review objectives")
            .WithName("ReviewObjective")
            .WithVersionHeaders()
            .WithSummary("Records whether an objective was met at its review.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
