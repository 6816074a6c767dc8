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

/// <summary>
/// POST /api/students/{studentId}/concerns: professional behaviour and fitness to practise go to the Support Team (CO-9),
/// "needs more time than a tutor can give" to the Senior Tutor (CO-14); wellbeing to whichever the tutor chooses.
/// </summary>
internal static class RaiseConcern
{
    internal sealed record Request(ConcernKind? Kind, string? Detail, ConcernRoute? RoutedTo);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Kind).NotNull();
            RuleFor(r => r.Detail).NotEmpty().MaximumLength(4000);
            RuleFor(r => r.RoutedTo).NotNull().When(r => r.Kind == ConcernKind.Wellbeing).WithMessage("A wellbeing concern goes to the Support Team or the Senior Tutor: say which.");
        }
    }

    internal static ConcernRoute RouteFor(ConcernKind kind, ConcernRoute? requested)
    {
        var required = kind switch
        {
            ConcernKind.ProfessionalBehaviour or ConcernKind.FitnessToPractise => ConcernRoute.SupportTeam,
            ConcernKind.NeedsMoreTime => ConcernRoute.SeniorTutor,
            _ => (ConcernRoute?)null,
        };
        if (required is { } route && requested is { } asked && asked != route)
            throw new BusinessRuleException("concern-route-fixed", $"A {kind} concern is always routed to the {route}.");
        return required ?? requested!.Value;
    }

    internal static object[] Decide(ContactLog state, StudentAccess access, Guid concernId, Request r, DateTimeOffset now) =>
        state.Concerns.ContainsKey(concernId) ? [] :
        [
            new ConcernRaised(access.Student.StudentId, concernId, access.Student.SchoolCode, r.Kind!.Value, RouteFor(r.Kind.Value, r.RoutedTo),
                PersonalText.Of(access.Student.StudentId, SubjectRecordKinds.Concern, r.Detail!.Trim()), access.User.Id, now),
        ];

    internal sealed record Raised(Guid ConcernId, ConcernRoute RoutedTo);

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/students/{studentId}/concerns", async (string studentId, Request request, HttpContext http, StudentContext context, IDocumentSession session, CancellationToken ct) =>
            {
                var access = http.StudentAccess();
                var concernId = Guid.NewGuid();
                var events = await ContactLogWrites.DecideAndAppendAsync(session, http, studentId, s => Decide(s, access, concernId, request, context.Clock.GetUtcNow()), ct);
                return Results.Created($"/api/students/{studentId}/contacts", new Raised(concernId, events.OfType<ConcernRaised>().Single().RoutedTo));
            })
            .Validate<Request>()
            .RequireAuthorization(ContactPolicies.RecordContact)
            .RequireStudent(MakeReferralRelations, "raise concerns")
            .WithName("RaiseConcern")
            .WithVersionHeaders()
            .WithSummary("Raises a concern about a tutee, routed to the Support Team or the Senior Tutor.")
            .Produces<Raised>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private const StudentRelation MakeReferralRelations = StudentRelation.CurrentTutor | StudentRelation.AlternativeContact | StudentRelation.SeniorTutorOfSchool;
}
