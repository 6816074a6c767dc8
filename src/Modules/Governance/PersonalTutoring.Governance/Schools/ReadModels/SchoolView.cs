using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.Schools.ReadModels;

/// <summary>A school as readers see it. Inline, because other modules validate school codes against it.</summary>
internal sealed record SchoolView(string SchoolCode, string Name, string? College);

/// <summary>Keyed by school code (its Marten identity).</summary>
internal sealed class SchoolViewProjection : StreamFoldProjection<SchoolView>
{
    public override ProjectionLifecycle Lifecycle => ProjectionLifecycle.Inline;

    public override string Name => "governance-schools";

    public override IReadOnlyCollection<Type> EventTypes => [typeof(SchoolRegistered), typeof(SchoolDetailsChanged)];

    protected override string DocumentId(IEvent e) => e.Data switch
    {
        SchoolRegistered r => r.SchoolCode,
        SchoolDetailsChanged c => c.SchoolCode,
        _ => throw new InvalidOperationException($"Unexpected {e.EventTypeName}."),
    };

    protected override SchoolView? Evolve(SchoolView? current, IEvent e) => e.Data switch
    {
        SchoolRegistered r => new SchoolView(r.SchoolCode, r.Name, r.College),
        SchoolDetailsChanged c => new SchoolView(c.SchoolCode, c.Name, c.College),
        _ => current,
    };

    public static void Register(StoreOptions options)
    {
        options.Schema.For<SchoolView>().DatabaseSchemaName(GovernanceModule.Schema).Identity(s => s.SchoolCode);
        options.AddFold(new SchoolViewProjection());
    }

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/schools", async (IQuerySession session, CancellationToken ct) =>
                Results.Ok(await session.Query<SchoolView>().OrderBy(s => s.SchoolCode).ToListAsync(ct)))
            .RequireAuthorization(Policies.AnyRole)
            .WithName("GetSchools")
            .WithSummary("Every school, by code.")
            .Produces<IReadOnlyList<SchoolView>>();

        app.MapGet("/api/schools/{schoolCode}", async (string schoolCode, IQuerySession session, CancellationToken ct) =>
                await session.LoadAsync<SchoolView>(schoolCode, ct) is { } school
                    ? Results.Ok(school)
                    : throw new NotFoundException($"School {schoolCode} is not registered."))
            .RequireAuthorization(Policies.AnyRole)
            .WithName("GetSchool")
            .WithSummary("One school's name and college.")
            .Produces<SchoolView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}

/// <summary>The school query other modules use; a singleton, so it reads through a short query session of its own.</summary>
internal sealed class SchoolDirectory(IDocumentStore store) : ISchoolDirectory
{
    public async Task<SchoolInfo?> FindAsync(string schoolCode, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<SchoolView>(schoolCode, ct) is { } s ? new SchoolInfo(s.SchoolCode, s.Name, s.College) : null;
    }
}
