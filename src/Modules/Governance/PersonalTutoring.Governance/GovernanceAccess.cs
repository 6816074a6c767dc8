using Microsoft.AspNetCore.Builder;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance;

/// <summary>The request checks the Governance endpoints share: who may read a school's governance, and route values.</summary>
internal static class GovernanceAccess
{
    /// <summary>The university's time zone for "today" when no school calendar says otherwise.</summary>
    public const string DefaultTimeZone = "Europe/London";

    /// <summary>University-wide readers see every school; tutors and Senior Tutors only the schools in their token.</summary>
    public static void DemandReadSchool(CurrentUser user, string schoolCode, string action)
    {
        if (user.IsIn(Roles.Tutor) && user.HasSchool(schoolCode)) return;
        ResourceAccess.DemandSchool(user, schoolCode, action, Roles.Admin, Roles.Dean, Roles.Governance, Roles.Auditor);
    }

    /// <summary><see cref="DemandReadSchool"/> for the route's school, before the request is read (issue 10 item 6).</summary>
    public static RouteHandlerBuilder RequireReadSchool(this RouteHandlerBuilder builder, string action) =>
        builder.RequireResource((http, user) =>
        {
            DemandReadSchool(user, http.RouteValue("schoolCode"), action);
            return Task.CompletedTask;
        });

    public static bool ReadsEverySchool(CurrentUser user) => user.IsIn(Roles.Admin, Roles.Dean, Roles.Governance, Roles.Auditor);

    public static async Task DemandSchoolExistsAsync(ISchoolDirectory schools, string schoolCode, CancellationToken ct)
    {
        if (await schools.FindAsync(schoolCode, ct) is null) throw new NotFoundException($"School {schoolCode} is not registered.");
    }

    public static AcademicYear Year(string academicYear) =>
        AcademicYear.TryParse(academicYear, out var year)
            ? year
            : throw RequestValidationException.For("academicYear", "An academic year is written like 2025-26.");

    /// <summary>Today's date at the university (UK), for "on a date" queries without a date and for future-date checks.</summary>
    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(DefaultTimeZone)).DateTime);
}
