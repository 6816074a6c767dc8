using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Allocation.ReadModels.TutorViews;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation;

/// <summary>Role policies of the module ("Who may do what" in issue 4); resource checks then go through <see cref="ResourceAccess"/>.</summary>
internal static class AllocationPolicies
{
    /// <summary>Upserts from the student and staff records.</summary>
    public const string Upsert = "allocation.upsert";

    /// <summary>Allocating, auto-allocating, unavailability and handovers: Senior Tutors of the school, and Admins.</summary>
    public const string Manage = "allocation.manage";

    /// <summary>Deciding change requests: Senior Tutors of the school.</summary>
    public const string DecideChange = "allocation.decide-change";

    public const string DeanException = "allocation.dean-exception";

    /// <summary>Student-level reads; the resource check narrows Students to themselves and Tutors to their tutees.</summary>
    public const string ReadStudent = "allocation.read-student";

    /// <summary>School-level reads (caseloads, unallocated, handovers, open change requests, a tutor's tutees).</summary>
    public const string ReadSchool = "allocation.read-school";

    public const string RequestChange = "allocation.request-change";

    public const string Notifications = "allocation.notifications";

    public const string Feed = "allocation.feed";

    /// <summary>Readers of a whole school: no school claim needed.</summary>
    public static readonly string[] SchoolWideReaders = [Roles.Admin, Roles.Dean, Roles.Auditor, Roles.SupportTeam, Roles.Integration];

    /// <summary>Every way of standing towards a student that may read their allocation.</summary>
    public const StudentRelation StudentReaders = StudentRelation.Self | StudentRelation.CurrentTutor | StudentRelation.AlternativeContact
        | StudentRelation.SeniorTutorOfSchool | StudentRelation.UniversityWide | StudentRelation.Oversight | StudentRelation.Integration;
}

internal static class TutorChecks
{
    /// <summary>
    /// The tutor in the route (<c>{staffId}</c>), checked before the request is read (issue 10 item 6): 404 when not
    /// registered; then the tutor themself when <paramref name="selfMay"/>, a Senior Tutor of the tutor's school, or one
    /// of <paramref name="universityWideRoles"/>.
    /// </summary>
    public static RouteHandlerBuilder RequireTutor(this RouteHandlerBuilder builder, string action, string[] universityWideRoles, bool selfMay = false) =>
        builder.RequireResource(async (http, user) =>
        {
            var staffId = http.RouteValue("staffId");
            var tutor = await http.RequestServices.GetRequiredService<IQuerySession>().LoadAsync<TutorView>(staffId, http.RequestAborted)
                ?? throw new NotFoundException($"Tutor {staffId} is not registered.");
            if (selfMay && user.IsIn(Roles.Tutor, Roles.SeniorTutor) && user.Id == staffId) return;
            ResourceAccess.DemandSchool(user, tutor.Details.SchoolCode, action, universityWideRoles);
        });
}

/// <summary>
/// The school policy in force. Resolved when used, not when the endpoint is built, so the module starts even where
/// Governance has not registered its policies yet (the request then fails loudly rather than guessing numbers).
/// </summary>
internal sealed class PolicyLookup(IServiceProvider services)
{
    public Task<TutoringPolicy> InForceAsync(string schoolCode, DateOnly date, CohortLevel? level, CancellationToken ct) =>
        services.GetRequiredService<ITutoringPolicies>().InForceAsync(schoolCode, date, level, ct);
}

internal static class Dates
{
    /// <summary>The UK date of an instant: tutoring runs on UK calendars, whatever the server's zone.</summary>
    public static DateOnly UkDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, London).DateTime);

    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
}
