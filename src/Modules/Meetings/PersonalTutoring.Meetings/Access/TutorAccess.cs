using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Meetings.Shared;

namespace PersonalTutoring.Meetings.Access;

/// <summary>How the caller stands towards a tutor whose slots a route names.</summary>
internal enum TutorRelation { Self, SeniorTutorOfSchool, Tutee, Admin }

internal sealed record TutorStanding(string StaffId, string SchoolCode, TutorRelation Relation);

/// <summary>
/// The checks of routes that name a tutor (<c>{staffId}</c>) or one of their slots: the tutor themself, a Senior Tutor of
/// the tutor's school, and (where a route allows it) a tutee whose current tutor or stand-in (AL-11) the tutor is.
/// They run as ASP.NET Core resource requirements, before the body is read (authorization first, ADR 0043).
/// </summary>
internal static class TutorAccess
{
    private static readonly object Key = new();

    public static async Task<TutorStanding> StandingAsync(HttpContext http, CurrentUser user, string staffId, string schoolCode, bool tutees, DateTimeOffset at, string action,
        bool admins = false)
    {
        if (user.IsIn(Roles.Tutor, Roles.SeniorTutor) && user.Id == staffId) return new(staffId, schoolCode, TutorRelation.Self);
        if (ResourceAccess.InSchool(user, schoolCode)) return new(staffId, schoolCode, TutorRelation.SeniorTutorOfSchool);
        if (admins && user.IsIn(Roles.Admin)) return new(staffId, schoolCode, TutorRelation.Admin);
        if (tutees && user.IsIn(Roles.Student) && await IsTutorOfAsync(http, user.Id, staffId, at)) return new(staffId, schoolCode, TutorRelation.Tutee);
        throw new ForbiddenException($"You may not {action} for tutor {staffId}.");
    }

    /// <summary>Whether the staff member is the student's tutor, or the stand-in while their tutor is away (AL-11), at an instant.</summary>
    public static async Task<bool> IsTutorOfAsync(HttpContext http, string studentId, string staffId, DateTimeOffset at)
    {
        var context = http.RequestServices.GetRequiredService<MeetingsContext>();
        var facts = await context.Students.FindAsync(studentId, at, http.RequestAborted);
        return facts is not null && (facts.CurrentTutorIds.Contains(staffId) || facts.AlternativeContactIds.Contains(staffId));
    }

    /// <summary>
    /// The route's tutor: 404 when no such tutor is registered, 403 unless the caller stands towards them as allowed.
    /// <paramref name="admins"/>: an Admin may too (a read the Admin needs to answer for the university, never an action).
    /// </summary>
    public static TBuilder RequireTutor<TBuilder>(this TBuilder builder, bool tutees, string action, bool admins = false) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireResource(async (http, user) =>
        {
            var staffId = http.RouteValue("staffId");
            var context = http.RequestServices.GetRequiredService<MeetingsContext>();
            var school = await context.Allocation.TutorSchoolAsync(staffId, http.RequestAborted) ?? throw new NotFoundException($"Tutor {staffId} is not known.");
            http.Items[Key] = await StandingAsync(http, user, staffId, school, tutees, context.Clock.GetUtcNow(), action, admins);
        });

    public static TutorStanding TutorStanding(this HttpContext http) =>
        http.Items[Key] as TutorStanding ?? throw new InvalidOperationException($"{http.Request.Path} has no tutor check (RequireTutor).");
}
