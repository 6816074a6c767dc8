using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Governance.TutorDevelopment.RecordingTutorRole;

/// <summary>
/// PUT /api/schools/{schoolCode}/tutors/{staffId}/development: opens a tutor's development record with the dates they
/// started (and, once they leave, ended) the role, or corrects them. The school's Senior Tutors, the Dean and Admin.
/// </summary>
internal static class RecordTutorRole
{
    /// <summary>The whole role period: no end date means the tutor is still in the role.</summary>
    internal sealed record Request(DateOnly? RoleStartedOn, DateOnly? RoleEndedOn = null);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.RoleStartedOn).NotNull().GreaterThan(new DateOnly(1950, 1, 1)).WithMessage("The role start date is required.");
            RuleFor(r => r.RoleEndedOn).GreaterThanOrEqualTo(r => r.RoleStartedOn).When(r => r.RoleStartedOn is not null && r.RoleEndedOn is not null)
                .WithMessage("A tutor cannot leave the role before starting it.");
        }
    }

    /// <summary>
    /// Only what differs from the record becomes an event, so a retried PUT appends nothing. A tutor who leaves
    /// (AL-8: leaves, changes job) stops counting in the school's view and KPIs from the day after.
    /// </summary>
    internal static object[] Decide(TutorDevelopmentRecord state, string schoolCode, string staffId, Request request, string by, DateTimeOffset now)
    {
        var (started, ended) = (request.RoleStartedOn!.Value, request.RoleEndedOn);
        var events = new List<object>();
        if (!state.Exists) events.Add(new TutorDevelopmentRecordOpened(schoolCode, staffId, started, by, now));
        else if (state.RoleStartedOn != started) events.Add(new TutorRoleStartCorrected(schoolCode, staffId, started, by, now));
        if (ended is { } end && state.RoleEndedOn != end) events.Add(new TutorLeftRole(schoolCode, staffId, end, by, now));
        if (ended is null && state.RoleEndedOn is not null) events.Add(new TutorRoleEndWithdrawn(schoolCode, staffId, by, now));
        return [.. events];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/schools/{schoolCode}/tutors/{staffId}/development",
                async (string schoolCode, string staffId, Request request, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                RouteValues.School(schoolCode);
                RouteValues.Staff(staffId);
                var user = http.CurrentUser();
                ResourceAccess.DemandSchool(user, schoolCode, "record tutor development");
                await RouteValues.RegisteredSchoolAsync(session, schoolCode, ct);
                var current = await session.Events.FetchForWriting<TutorDevelopmentRecord>(TutorDevelopmentRecord.StreamId(schoolCode, staffId), ct);
                current.AppendDecision(http, Decide(current.State, schoolCode, staffId, request, user.Id, clock.GetUtcNow()));
                await session.SaveChangesAsync(ct);
                var body = new { schoolCode, staffId, request.RoleStartedOn, request.RoleEndedOn };
                return current.Exists ? Results.Ok(body) : Results.Created($"/api/schools/{schoolCode}/tutors/{staffId}/development", body);
            })
            .Validate<Request>()
            .RequireAuthorization(DevelopmentPolicies.ManageSchoolRecords)
            .WithName("PutTutorDevelopmentRecord")
            .WithVersionHeaders()
            .WithSummary("Opens a tutor's development record with the dates they started and (optionally) left the role (GO-7), or corrects them.")
            .Produces(StatusCodes.Status201Created)
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
