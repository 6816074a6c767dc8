using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Meetings.ReadModels.Meetings;
using PersonalTutoring.Meetings.Shared;

namespace PersonalTutoring.Meetings.Access;

/// <summary>How the caller stands towards the meeting a route names: staff (the tutor or a Senior Tutor of the school) or an invitee.</summary>
internal sealed record MeetingStanding(MeetingView Meeting, bool Staff);

/// <summary>
/// Routes under <c>/api/meetings/{meetingId}</c>: the meeting's tutor and the school's Senior Tutors, and (where the route
/// allows) its invitees. A student who is not invited gets the same 404 as for a meeting that does not exist.
/// </summary>
internal static class MeetingAccess
{
    private static readonly object Key = new();

    /// <param name="supportTeam">The Support Team may act (private rooms, ME-8): it sees the meeting's time and room request, nothing else is asked of it.</param>
    public static TBuilder RequireMeeting<TBuilder>(this TBuilder builder, bool staff, bool invitees, string action, bool supportTeam = false) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireResource(async (http, user) =>
        {
            var meetingId = Guid.Parse(http.RouteValue("meetingId"));
            var session = http.RequestServices.GetRequiredService<IQuerySession>();
            var meeting = await session.LoadAsync<MeetingView>(MeetingView.IdOf(meetingId), http.RequestAborted);
            if (supportTeam && meeting is not null && user.IsIn(Roles.SupportTeam))
            {
                http.Items[Key] = new MeetingStanding(meeting, false);
                return;
            }
            var invited = meeting is not null && user.IsIn(Roles.Student) && meeting.Invitations.Any(i => i.StudentId == user.Id);
            if (meeting is null || (user.IsIn(Roles.Student) && !invited)) throw new NotFoundException($"Meeting {meetingId} is not known, or not to you.");
            if (invited)
            {
                if (!invitees) throw new ForbiddenException($"You may not {action} for meeting {meetingId}.");
                http.Items[Key] = new MeetingStanding(meeting, false);
                return;
            }
            var now = http.RequestServices.GetRequiredService<MeetingsContext>().Clock.GetUtcNow();
            await TutorAccess.StandingAsync(http, user, meeting.TutorId, meeting.SchoolCode, tutees: false, now, action);
            if (!staff) throw new ForbiddenException($"You may not {action} for meeting {meetingId}.");
            http.Items[Key] = new MeetingStanding(meeting, true);
        });

    public static MeetingStanding MeetingStanding(this HttpContext http) =>
        http.Items[Key] as MeetingStanding ?? throw new InvalidOperationException($"{http.Request.Path} has no meeting check (RequireMeeting).");
}
