using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Allocation.Tutors;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.Allocation.ReadModels.Handovers;

internal sealed record HandoverView(string HandoverId, string SchoolCode, string FromTutorId, IReadOnlyList<string> ToTutorIds, bool Distributed,
    int TuteeCount, string? Notes, DateOnly EffectiveOn, DateTimeOffset RecordedAt, string? RecordedBy);

internal sealed record HandoverSummary(string HandoverId, string SchoolCode, string FromTutorId, IReadOnlyList<string> ToTutorIds, bool Distributed,
    int TuteeCount, bool NotesPresent, DateOnly EffectiveOn, DateTimeOffset RecordedAt, string? RecordedBy);

/// <summary>The handover history (AL-8): lists show that notes exist; only the receivers and the school's managers read them.</summary>
internal sealed class HandoverViewProjection : FoldProjection<HandoverView>
{
    public override string Name => "allocation-handovers";

    public override IReadOnlyCollection<Type> EventTypes => [typeof(TutorHandedOver)];

    public static void Register(StoreOptions options)
    {
        options.Schema.For<HandoverView>().DatabaseSchemaName(AllocationModule.Schema).Identity(h => h.HandoverId).Index(h => h.SchoolCode);
        options.AddFold(new HandoverViewProjection());
    }

    protected override IEnumerable<string> Identities(IEvent e) => e.Data is TutorHandedOver h ? [h.HandoverId] : [];

    protected override HandoverView? Evolve(HandoverView? current, string id, IEvent e) => e.Data is TutorHandedOver h
        ? new HandoverView(h.HandoverId, h.SchoolCode, h.StaffId, h.ToTutorIds, h.Distributed, h.TuteeCount, h.Notes, h.EffectiveOn, e.Timestamp, e.UserName)
        : current;

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/handovers", async (string? schoolCode, DateOnly? from, DateOnly? to, IQuerySession session, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(schoolCode)) throw RequestValidationException.For("schoolCode", "schoolCode is required.");
                var query = session.Query<HandoverView>().Where(h => h.SchoolCode == schoolCode);
                if (from is { } f) query = query.Where(h => h.EffectiveOn >= f);
                if (to is { } t) query = query.Where(h => h.EffectiveOn <= t);
                var found = await query.OrderBy(h => h.EffectiveOn).ThenBy(h => h.HandoverId).ToListAsync(ct);
                return Results.Ok(found.Select(h => new HandoverSummary(h.HandoverId, h.SchoolCode, h.FromTutorId, h.ToTutorIds, h.Distributed, h.TuteeCount,
                    h.Notes is not null, h.EffectiveOn, h.RecordedAt, h.RecordedBy)).ToList());
            })
            .RequireAuthorization(AllocationPolicies.ReadSchool)
            .RequireSchool("read handovers", AllocationPolicies.SchoolWideReaders)
            .WithName("GetHandovers")
            .WithSummary("The handover history of a school: who handed over to whom, when, how many tutees, whether notes exist.")
            .Produces<IReadOnlyList<HandoverSummary>>()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        app.MapGet("/api/handovers/{handoverId}", async (string handoverId, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                var h = await session.LoadAsync<HandoverView>(handoverId, ct) ?? throw new NotFoundException($"Handover {handoverId} is not known.");
                var user = http.CurrentUser();
                if (!(user.IsIn(Roles.Tutor, Roles.SeniorTutor) && h.ToTutorIds.Contains(user.Id)))
                    ResourceAccess.DemandSchool(user, h.SchoolCode, "read the handover notes", Roles.Admin, Roles.Dean, Roles.Auditor);
                return Results.Ok(h);
            })
            .RequireAuthorization(AllocationPolicies.ReadSchool)
            .WithName("GetHandover")
            .WithSummary("One handover with the outgoing tutor's notes, for the receiving tutors and the school's managers.")
            .Produces<HandoverView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
