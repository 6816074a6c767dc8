using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Marten;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.Contact.ReadModels.StudentRecords;

namespace PersonalTutoring.Contact.ReadModels.SeniorTutor;

internal sealed record SchoolConcern(string StudentId, ConcernEntry Concern);

/// <summary>GET /api/schools/{schoolCode}/concerns: open concerns routed to the school's Senior Tutor (CO-14), oldest first.</summary>
internal static class SchoolConcerns
{
    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/schools/{schoolCode}/concerns", async (string schoolCode, IQuerySession session, CancellationToken ct) =>
            {
                var records = await session.Query<StudentRecord>()
                    .Where(r => r.SchoolCode == schoolCode && r.Concerns.Any(c => c.RoutedTo == ConcernRoute.SeniorTutor && c.Status != Progress.Closed))
                    .OrderBy(r => r.StudentId)
                    .ToListAsync(ct);
                return Results.Ok(records.SelectMany(r => r.Concerns.Where(c => c.RoutedTo == ConcernRoute.SeniorTutor && c.Status != Progress.Closed)
                    .Select(c => new SchoolConcern(r.StudentId, c))).OrderBy(c => c.Concern.RaisedAt).ToList());
            })
            .RequireAuthorization(ContactPolicies.HandleConcerns)
            .RequireSchool("see concerns")
            .WithName("GetSchoolConcerns")
            .WithSummary("Open concerns routed to a school's Senior Tutor, oldest first.")
            .Produces<IReadOnlyList<SchoolConcern>>()
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
