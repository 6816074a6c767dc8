using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Allocation.Allocations;
using PersonalTutoring.Allocation.Notifications;
using PersonalTutoring.Allocation.ReadModels.StudentViews;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using Wolverine.Marten;

namespace PersonalTutoring.Allocation.Tutors.RecordingUnavailability;

/// <summary>POST /api/tutors/{staffId}/unavailability: alternative support while a tutor is away, communicated to the tutees (AL-11).</summary>
internal static class RecordUnavailability
{
    internal sealed record Request(DateOnly? From, DateOnly? To, string? Reason, string? AlternativeStaffId);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.From).NotNull().InclusiveBetween(new DateOnly(2000, 1, 1), new DateOnly(2100, 12, 31));
            RuleFor(r => r.To).NotNull().GreaterThanOrEqualTo(r => r.From).WithMessage("'to' must not be before 'from'.");
            RuleFor(r => r.Reason).NotEmpty().MaximumLength(500);
            RuleFor(r => r.AlternativeStaffId).NotEmpty().MaximumLength(40);
        }
    }

    internal static object[] Decide(Tutor tutor, string staffId, Tutor alternative, string alternativeId, Request r, DateTimeOffset now)
    {
        if (!tutor.Exists) throw new NotFoundException($"Tutor {staffId} is not registered.");
        if (alternativeId == staffId)
            throw new BusinessRuleException("alternative-is-the-tutor", "The alternative contact must be someone other than the unavailable tutor.");
        if (!alternative.Exists || alternative.HasLeft)
            throw new BusinessRuleException("unknown-alternative", $"Alternative contact {alternativeId} is not a current tutor.");
        if (!string.Equals(alternative.Details!.SchoolCode, tutor.Details!.SchoolCode, StringComparison.OrdinalIgnoreCase))
            throw new BusinessRuleException("alternative-in-another-school", $"Alternative contact {alternativeId} tutors in another school.");
        return [new TutorUnavailabilityRecorded(staffId, r.From!.Value, r.To!.Value, r.Reason!.Trim(), alternativeId, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/tutors/{staffId}/unavailability", async (string staffId, Request request, HttpContext http, IDocumentSession session,
                IMartenOutbox outbox, TimeProvider clock, CancellationToken ct) =>
            {
                var tutor = await session.Events.FetchForWriting<Tutor>(Tutor.StreamId(staffId), ct);
                if (!tutor.Exists) throw new NotFoundException($"Tutor {staffId} is not registered.");
                // Read only: nothing is appended to the alternative's stream.
                var alternative = await session.Events.AggregateStreamAsync<Tutor>(Tutor.StreamId(request.AlternativeStaffId!), token: ct) ?? Tutor.Initial;
                var now = clock.GetUtcNow();
                var events = Decide(tutor.State, staffId, alternative, request.AlternativeStaffId!, request, now);
                if (http.Request.ExpectedVersion() is { } expected && expected != tutor.ReadVersion)
                    throw new StaleVersionException(tutor.Key!, expected, tutor.ReadVersion);
                // A tutee whose data was erased has no address to write to (docs/adr/0086).
                var tutees = (await session.LoadManyAsync<StudentView>(ct, tutor.State.Tutees.ToArray())).Where(s => !s.Record.IsErased).ToList();
                var cover = Notices.Of(request.AlternativeStaffId!, alternative.Details!);
                var changes = new ChangeSet().Append(StreamRef.Of(tutor), events)
                    .Notify(tutees.Select(s => Notices.Email(s.StudentId, s.Record.Email.Text, "Alternative personal tutor contact",
                        $"Dear {s.Record.Name},\n\nYour personal tutor is unavailable from {request.From:yyyy-MM-dd} to {request.To:yyyy-MM-dd}. "
                        + $"Please contact {cover.Name} ({cover.Email}) in the meantime.\n", now)));
                await changes.CommitAsync(session, outbox, ct);
                return Results.Created($"/api/tutors/{staffId}/tutees", new { staffId, request.From, request.To, request.AlternativeStaffId, tuteesInformed = tutees.Count });
            })
            .Validate<Request>()
            .RequireAuthorization(AllocationPolicies.Manage)
            .RequireTutor("arrange cover for tutors", [Roles.Admin])
            .WithName("PostTutorUnavailability")
            .WithVersionHeaders()
            .WithSummary("Records a tutor's unavailability and the alternative contact their tutees see while it lasts.")
            .Produces(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
