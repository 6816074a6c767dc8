using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Allocation.Students.Upserting;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.Tutors.Upserting;

/// <summary>PUT /api/tutors/{staffId}: the staff record's upsert (Integration, Admin). Idempotent.</summary>
internal static class UpsertTutor
{
    [BuildingBlocks.Http.ContractName("TutorUpsert")]
    internal sealed record Request(string? GivenName, string? FamilyName, string? Email, string? SchoolCode, bool? PermanentAcademicStaff, int? Capacity)
    {
        public TutorDetails ToDetails() => new(GivenName!.Trim(), FamilyName!.Trim(), Email!.Trim(), SchoolCode!, PermanentAcademicStaff!.Value, Capacity);
    }

    [ContractName("TutorUpsertResult")]
    internal sealed record Response(string StaffId, TutorDetails Details, long Version);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.GivenName).NotEmpty().MaximumLength(100);
            RuleFor(r => r.FamilyName).NotEmpty().MaximumLength(100);
            RuleFor(r => r.Email).NotEmpty().EmailAddress().MaximumLength(254);
            RuleFor(r => r.SchoolCode).NotEmpty().Matches("^[A-Z0-9][A-Z0-9-]{1,15}$").WithMessage("A school code is 2-16 upper-case letters, digits or hyphens.");
            RuleFor(r => r.PermanentAcademicStaff).NotNull();
            RuleFor(r => r.Capacity).InclusiveBetween(1, 500);
        }
    }

    internal static object[] Decide(Tutor state, string staffId, TutorDetails details, DateTimeOffset now)
    {
        if (!state.Exists) return [new TutorRegistered(staffId, details, now)];
        if (state.Details == details) return [];
        if (state.Tutees.Count > 0 && !string.Equals(state.Details!.SchoolCode, details.SchoolCode, StringComparison.OrdinalIgnoreCase))
            throw new BusinessRuleException("tutor-has-tutees", $"Tutor {staffId} still has {state.Tutees.Count} tutees in {state.Details.SchoolCode}; hand them over before moving school.");
        return [new TutorDetailsChanged(staffId, details, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/tutors/{staffId}", async (string staffId, Request request, HttpContext http, IDocumentSession session, ISchoolDirectory schools, TimeProvider clock, CancellationToken ct) =>
            {
                StudentIds.Demand(staffId, "staffId");
                if (await schools.FindAsync(request.SchoolCode!, ct) is null)
                    throw new BusinessRuleException("unknown-school", $"School {request.SchoolCode} is not registered.");
                var current = await session.Events.FetchForWriting<Tutor>(Tutor.StreamId(staffId), ct);
                var events = Decide(current.State, staffId, request.ToDetails(), clock.GetUtcNow());
                var version = current.AppendDecision(http, events);
                await session.SaveChangesAsync(ct);
                var body = new Response(staffId, request.ToDetails(), version);
                return current.Exists ? Results.Ok(body) : Results.Created($"/api/tutors/{staffId}", body);
            })
            .Validate<Request>()
            .RequireAuthorization(AllocationPolicies.Upsert)
            .WithName("PutTutor")
            .WithVersionHeaders()
            .WithSummary("Creates or updates a tutor from the staff record; capacity defaults to the school policy's target.")
            .WithDescription("The staff record's upsert, keyed by staff id; the same body twice appends nothing. A tutor who still has tutees cannot "
                + "move school (422 `tutor-has-tutees`): hand them over first. Without `capacity` the school policy's target caseload applies.")
            .WithExamples(
                request: new { givenName = "Amara", familyName = "Okafor", email = "a.okafor@example.ac.uk", schoolCode = "MED", permanentAcademicStaff = true, capacity = 12 },
                response: new
                {
                    staffId = "s104233",
                    details = new { givenName = "Amara", familyName = "Okafor", email = "a.okafor@example.ac.uk", schoolCode = "MED", permanentAcademicStaff = true, capacity = 12 },
                    version = 1,
                })
            .Produces<Response>(StatusCodes.Status201Created)
            .Produces<Response>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
