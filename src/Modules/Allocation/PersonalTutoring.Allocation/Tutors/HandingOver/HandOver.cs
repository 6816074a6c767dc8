using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Allocation.Allocations;
using PersonalTutoring.Allocation.Allocations.Allocating;
using PersonalTutoring.Allocation.Allocations.AutoAllocating;
using PersonalTutoring.Allocation.ReadModels.StudentViews;
using PersonalTutoring.Allocation.ReadModels.TutorViews;
using PersonalTutoring.Allocation.Students;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using Wolverine.Marten;

namespace PersonalTutoring.Allocation.Tutors.HandingOver;

/// <summary>
/// POST /api/tutors/{staffId}/handover: a departing tutor's tutees all move, to one tutor or spread by the planner,
/// with the outgoing tutor's notes for the receivers (AL-8, AL-11). All or nothing. Scoped: it works in the request's session.
/// </summary>
internal sealed class HandOver(IDocumentSession session, IMartenOutbox outbox, PolicyLookup policies, TimeProvider clock, IEventMetadataProvider metadata)
{
    internal sealed record Request(string? ToTutorId, bool? Distribute, string? Notes, DateOnly? EffectiveOn);

    internal sealed record Response(string HandoverId, string FromTutorId, IReadOnlyList<string> ToTutorIds, int TuteeCount, IReadOnlyList<Placement> Placements);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r).Must(r => string.IsNullOrWhiteSpace(r.ToTutorId) == (r.Distribute is true))
                .WithName("toTutorId").WithMessage("Give either toTutorId or \"distribute\": true, not both.");
            RuleFor(r => r.Notes).MaximumLength(8000);
            RuleFor(r => r.EffectiveOn).NotNull().InclusiveBetween(new DateOnly(2000, 1, 1), new DateOnly(2100, 12, 31));
        }
    }

    /// <summary>Hands over; who may is the endpoint's check (<c>RequireTutor</c>), made before the request is read.</summary>
    public async Task<Response> RunAsync(string staffId, Request request, CancellationToken ct, EventMetadata? meta = null)
    {
        meta?.StampOn(session);
        var outgoing = await session.Events.FetchForWriting<Tutor>(Tutor.StreamId(staffId), ct);
        if (!outgoing.Exists) throw new NotFoundException($"Tutor {staffId} is not registered.");
        var schoolCode = outgoing.State.Details!.SchoolCode;
        if (outgoing.State.HasLeft) throw new BusinessRuleException("tutor-has-left", $"Tutor {staffId} has already handed over.");
        var now = clock.GetUtcNow();
        var on = request.EffectiveOn!.Value;
        var policy = await policies.InForceAsync(schoolCode, on, null, ct);
        // The inline projections start from the views this command read instead of loading them again.
        session.UseIdentityMapFor<StudentView>();
        session.UseIdentityMapFor<TutorView>();
        var students = (await session.LoadManyAsync<StudentView>(ct, outgoing.State.Tutees.ToArray())).ToDictionary(s => s.StudentId, StringComparer.Ordinal);
        var colleagues = (await session.Query<TutorView>().Where(t => t.Details.SchoolCode == schoolCode).OrderBy(t => t.StaffId).ToListAsync(ct))
            .Where(t => t.StaffId != staffId).ToList();

        List<Placement> placements;
        if (request.Distribute is true)
        {
            var plan = AllocationPlanner.Plan(new PlanInput(
                [.. students.Values.Select(s => new PlanStudent(s.StudentId, s.Record.Level, s.Record.YearOfStudy, staffId, s.AllocatedInYear, MustMove: true))],
                [.. colleagues.Select(t => AutoAllocation.PlanTutorOf(t, policy, on))], new Dictionary<Governance.Contracts.CohortLevel, IReadOnlyList<Governance.Contracts.YearBlock>>()));
            if (plan.Unplaced.Count > 0)
                throw new BusinessRuleException("handover-incomplete", $"{plan.Unplaced.Count} tutees could not be placed: {plan.Unplaced[0].Reason}.",
                    new Dictionary<string, object?> { ["unplaced"] = plan.Unplaced });
            placements = [.. plan.Placements];
        }
        else placements = [.. students.Keys.Order(StringComparer.Ordinal).Select(id => new Placement(students[id].StudentId, request.ToTutorId!.Trim(), staffId, false))];

        var slots = colleagues.ToDictionary(t => t.StaffId, t => new TutorSlot(t.StaffId, t.ToWriteModel(), t.ToStream()), StringComparer.Ordinal);
        if (request.Distribute is not true && !slots.ContainsKey(request.ToTutorId!.Trim()))
            throw new BusinessRuleException("unknown-tutor", $"Tutor {request.ToTutorId} is not another tutor in {schoolCode}.");
        var from = new TutorSlot(staffId, outgoing.State, StreamRef.Of(outgoing));
        var changes = new ChangeSet();
        var actor = (meta ?? metadata.Current).UserName;
        foreach (var p in placements)
        {
            if (!slots.TryGetValue(p.TutorId, out var to))
                throw new BusinessRuleException("unknown-tutor", $"Tutor {p.TutorId} is not a tutor in {schoolCode}.");
            var s = students.Values.First(v => v.StudentId == p.StudentId);
            Allocator.Stage(changes, new StudentSlot(s.StudentId, s.ToWriteModel(), s.ToStream()), to, from, policy,
                new AllocationTerms(AllocationKind.Handover, $"Handover from {staffId}", on), now, actor);
        }
        var receivers = placements.Select(p => p.TutorId).Distinct().Order(StringComparer.Ordinal).ToList();
        if (request.Distribute is not true) receivers = [request.ToTutorId!.Trim()];
        var handoverId = Guid.CreateVersion7(now).ToString("N");
        changes.Append(from.Stream, new TutorHandedOver(staffId, handoverId, schoolCode, receivers, request.Distribute is true,
            placements.Count, string.IsNullOrWhiteSpace(request.Notes) ? null : request.Notes.Trim(), on, now));
        await changes.CommitAsync(session, outbox, ct);
        return new Response(handoverId, staffId, receivers, placements.Count, placements);
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/tutors/{staffId}/handover", async (string staffId, Request request, HandOver handover, CancellationToken ct) =>
                Results.Ok(await handover.RunAsync(staffId, request, ct)))
            .Validate<Request>()
            .RequireAuthorization(AllocationPolicies.Manage)
            .RequireTutor("hand over tutees", [Roles.Admin])
            .WithName("PostTutorHandover")
            .WithSummary("Reassigns every current tutee of a departing tutor (to one tutor, or distributed) and records the handover.")
            .Produces<Response>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
