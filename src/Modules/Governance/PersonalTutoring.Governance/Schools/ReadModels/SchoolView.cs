using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Documents;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.Schools.ReadModels;

/// <summary>A school as readers see it. Inline, because other modules validate school codes against it.</summary>
internal sealed record SchoolView(string SchoolCode, string Name, string? College);

internal sealed class SchoolViewProjection : SingleStreamProjection<SchoolView>
{
    public SchoolViewProjection() => Lifecycle = ProjectionLifecycle.Inline;

    public override string Name => "governance-schools";

    public override IReadOnlyCollection<Type> EventTypes => [typeof(SchoolRegistered), typeof(SchoolDetailsChanged)];

    protected override SchoolView? Evolve(SchoolView? current, StoredEvent e) => e.Data switch
    {
        SchoolRegistered r => new SchoolView(r.SchoolCode, r.Name, r.College),
        SchoolDetailsChanged c => new SchoolView(c.SchoolCode, c.Name, c.College),
        _ => current,
    };

    /// <summary>The documents are keyed by stream id; queries go by school code, so the id is the stream id.</summary>
    public static string Id(string schoolCode) => School.StreamId(schoolCode);

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/schools", async (DocumentReader documents, CancellationToken ct) =>
                Results.Ok(await documents.QueryAsync<SchoolView>("true", orderBy: "data->>'schoolCode'", ct: ct)))
            .RequireAuthorization(Policies.AnyRole)
            .WithName("GetSchools")
            .WithSummary("Every school, by code.")
            .Produces<IReadOnlyList<SchoolView>>();

        app.MapGet("/api/schools/{schoolCode}", async (string schoolCode, DocumentReader documents, CancellationToken ct) =>
                await documents.LoadAsync<SchoolView>(Id(schoolCode), ct) is { } school
                    ? Results.Ok(school)
                    : throw new NotFoundException($"School {schoolCode} is not registered."))
            .RequireAuthorization(Policies.AnyRole)
            .WithName("GetSchool")
            .WithSummary("One school's name and college.")
            .Produces<SchoolView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}

internal sealed class SchoolDirectory(DocumentReader documents) : ISchoolDirectory
{
    public async Task<SchoolInfo?> FindAsync(string schoolCode, CancellationToken ct) =>
        await documents.LoadAsync<SchoolView>(SchoolViewProjection.Id(schoolCode), ct) is { } s ? new SchoolInfo(s.SchoolCode, s.Name, s.College) : null;
}
