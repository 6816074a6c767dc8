using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Documents;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Governance.TutorDevelopment.RecordingRoleStart;

/// <summary>
/// PUT /api/schools/{schoolCode}/tutors/{staffId}/development: opens a tutor's development record with the date they
/// started the role, or corrects that date. The school's Senior Tutors, the Dean and Admin.
/// </summary>
internal static class RecordRoleStart
{
    internal sealed record Request(DateOnly? RoleStartedOn);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() =>
            RuleFor(r => r.RoleStartedOn).NotNull().GreaterThan(new DateOnly(1950, 1, 1)).WithMessage("The role start date is required.");
    }

    /// <summary>The same date again decides nothing, so a retried PUT appends nothing.</summary>
    internal static object[] Decide(TutorDevelopmentRecord state, string schoolCode, string staffId, DateOnly roleStartedOn, string by, DateTimeOffset now)
    {
        if (!state.Exists) return [new TutorDevelopmentRecordOpened(schoolCode, staffId, roleStartedOn, by, now)];
        return state.RoleStartedOn == roleStartedOn ? [] : [new TutorRoleStartCorrected(schoolCode, staffId, roleStartedOn, by, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/schools/{schoolCode}/tutors/{staffId}/development",
                async (string schoolCode, string staffId, Request request, HttpContext http, EventStore store, DocumentReader documents, TimeProvider clock, CancellationToken ct) =>
            {
                RouteValues.School(schoolCode);
                RouteValues.Staff(staffId);
                var user = http.CurrentUser();
                ResourceAccess.DemandSchool(user, schoolCode, "record tutor development");
                await RouteValues.RegisteredSchoolAsync(documents, schoolCode, ct);
                var current = await store.FetchForWritingAsync<TutorDevelopmentRecord>(TutorDevelopmentRecord.StreamId(schoolCode, staffId), ct);
                var events = Decide(current.State, schoolCode, staffId, request.RoleStartedOn!.Value, user.Id, clock.GetUtcNow());
                await store.AppendDecisionAsync(http, current, events, ct);
                var body = new { schoolCode, staffId, roleStartedOn = request.RoleStartedOn };
                return current.Exists ? Results.Ok(body) : Results.Created($"/api/schools/{schoolCode}/tutors/{staffId}/development", body);
            })
            .Validate<Request>()
            .RequireAuthorization(DevelopmentPolicies.ManageSchoolRecords)
            .WithName("PutTutorDevelopmentRecord")
            .WithSummary("Opens a tutor's development record with the date they started the role (GO-7), or corrects that date.")
            .Produces(StatusCodes.Status201Created)
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
