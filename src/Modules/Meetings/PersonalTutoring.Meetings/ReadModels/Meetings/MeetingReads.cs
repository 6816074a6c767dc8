using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.Meetings.Access;

namespace PersonalTutoring.Meetings.ReadModels.Meetings;

/// <summary>
/// GET /api/meetings/{meetingId} (staff see every invitation; an invitee their own) and GET /api/students/{studentId}/meetings
/// (a tutee's invitations and attendance, for the tutee, their tutor or stand-in and the Senior Tutor).
/// </summary>
internal static class MeetingReads
{
    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/meetings/{meetingId:guid}", (Guid meetingId, HttpContext http) =>
            {
                var standing = http.MeetingStanding();
                var me = http.CurrentUser().Id;
                return Results.Ok(standing.Staff ? standing.Meeting : standing.Meeting with { Invitations = [.. standing.Meeting.Invitations.Where(i => i.StudentId == me)] });
            })
            .RequireAuthorization(MeetingsPolicies.ReadMeetings)
            .RequireMeeting(staff: true, invitees: true, "see the meeting")
            .WithName("GetMeeting")
            .WithSummary("An arranged meeting with its invitations, answers and attendance; an invited tutee sees only their own invitation.")
            .Produces<MeetingView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/students/{studentId}/meetings", async (string studentId, IQuerySession session, CancellationToken ct) =>
            {
                var meetings = await session.Query<MeetingView>().Where(v => v.Invitations.Any(i => i.StudentId == studentId)).OrderBy(v => v.StartsAt).ToListAsync(ct);
                return Results.Ok(meetings.Select(m => m with { Invitations = [.. m.Invitations.Where(i => i.StudentId == studentId)] }).ToList());
            })
            .RequireAuthorization(MeetingsPolicies.ReadMeetings)
            .RequireStudent(StudentRelation.Self | StudentRelation.CurrentTutor | StudentRelation.AlternativeContact | StudentRelation.SeniorTutorOfSchool, "see the meetings")
            .WithName("GetStudentMeetings")
            .WithSummary("A tutee's arranged meetings: invitations, answers and attendance (ME-1 invitations count, ME-3 attendance).")
            .Produces<IReadOnlyList<MeetingView>>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
