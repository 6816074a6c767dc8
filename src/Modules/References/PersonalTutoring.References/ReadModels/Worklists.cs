using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.References.Access;
using PersonalTutoring.References.Requests;

namespace PersonalTutoring.References.ReadModels;

/// <summary>The lists of requests: a tutor's (those sent to them), the Support Team's (open concerns), a student's, a school's (metadata).</summary>
internal static class Worklists
{
    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/tutors/me/reference-requests", async (HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                var me = http.CurrentUser().Id;
                var mine = await session.Query<ReferenceRequestView>().Where(v => v.TutorId == me).OrderBy(v => v.Deadline).ToListAsync(ct);
                return Results.Ok(mine);
            })
            .RequireAuthorization(ReferencesPolicies.Tutor)
            .WithName("GetMyReferenceRequests")
            .WithSummary("The reference requests sent to the calling tutor (including those a final-year tutee sent to them as a previous tutor), by deadline.")
            .Produces<IReadOnlyList<ReferenceRequestView>>();

        app.MapGet("/api/support-team/reference-concerns", async (IQuerySession session, CancellationToken ct) =>
                Results.Ok(await session.Query<ReferenceRequestView>().Where(v => v.Status == RequestStatus.WithSupportTeam).OrderBy(v => v.Deadline).ToListAsync(ct)))
            .RequireAuthorization(ReferencesPolicies.SupportTeam)
            .WithName("GetReferenceConcerns")
            .WithSummary("Reference requests tutors passed to the Support Team with a concern and not yet answered, by deadline.")
            .Produces<IReadOnlyList<ReferenceRequestView>>();

        app.MapGet("/api/students/{studentId}/reference-requests", async (string studentId, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                var access = http.StudentAccess();
                var requests = await session.Query<ReferenceRequestView>().Where(v => v.StudentId == studentId).OrderBy(v => v.RequestedAt).ToListAsync(ct);
                return Results.Ok(requests
                    .Select(r => new ReferenceCaller(access.User, r, ReferenceAccess.Relate(access.User, r, access.Student.CurrentTutorIds)))
                    .Where(c => c.Relation != ReferenceRelation.None)
                    .Select(ReferenceAccess.Shape)
                    .ToList());
            })
            .RequireAuthorization(ReferencesPolicies.StudentList)
            .RequireStudent(StudentRelation.Self | StudentRelation.CurrentTutor | StudentRelation.UniversityWide | StudentRelation.Oversight, "list reference requests")
            .WithName("GetStudentReferenceRequests")
            .WithSummary("A student's reference requests as the caller may see them: the tutee and their tutor in full, the Dean and Auditors metadata.")
            .Produces<IReadOnlyList<ReferenceRequestView>>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/schools/{schoolCode}/reference-requests", async (string schoolCode, IQuerySession session, CancellationToken ct) =>
            {
                var code = schoolCode.ToUpperInvariant();
                var requests = await session.Query<ReferenceRequestView>().Where(v => v.SchoolCode == code).OrderBy(v => v.Deadline).ToListAsync(ct);
                return Results.Ok(requests.Select(r => r.MetadataOnly()).ToList());
            })
            .RequireAuthorization(ReferencesPolicies.Oversight)
            .RequireSchool("list the school's reference requests", Roles.Dean, Roles.Auditor)
            .WithName("GetSchoolReferenceRequests")
            .WithSummary("That a school's reference requests exist and their metadata (kind, recipient, deadline, status, issued versions and hashes), never their text; by deadline.")
            .Produces<IReadOnlyList<ReferenceRequestView>>()
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
