using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Documents;
using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.Contact.ReadModels.StudentRecords;

namespace PersonalTutoring.Contact.ReadModels.SeniorTutor;

internal sealed record SchoolConcern(string StudentId, ConcernEntry Concern);

/// <summary>GET /api/schools/{schoolCode}/concerns: open concerns routed to the school's Senior Tutor (CO-14), oldest first.</summary>
internal static class SchoolConcerns
{
    private const string Open = """
        data->>'schoolCode' = @school
        AND jsonb_path_exists(data, '$.concerns[*] ? (@.routedTo == "SeniorTutor" && @.status != "Closed")')
        """;

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/schools/{schoolCode}/concerns", async (string schoolCode, HttpContext http, DocumentReader documents, CancellationToken ct) =>
            {
                ResourceAccess.DemandSchool(http.CurrentUser(), schoolCode, "see concerns");
                var records = await documents.QueryAsync<StudentRecord>(Open, new Dictionary<string, object?> { ["school"] = schoolCode }, "id", ct);
                return Results.Ok(records.SelectMany(r => r.Concerns.Where(c => c.RoutedTo == ConcernRoute.SeniorTutor && c.Status != Progress.Closed)
                    .Select(c => new SchoolConcern(r.StudentId, c))).OrderBy(c => c.Concern.RaisedAt).ToList());
            })
            .RequireAuthorization(ContactPolicies.HandleConcerns)
            .WithName("GetSchoolConcerns")
            .WithSummary("Open concerns routed to a school's Senior Tutor, oldest first.")
            .Produces<IReadOnlyList<SchoolConcern>>()
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
