using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.Schools.ReadModels;

namespace PersonalTutoring.Governance.Appointments.ReadModels;

/// <summary>A school's Senior Tutors on a date; <c>NoSeniorTutor</c> flags a school nobody holds the role for (GO-2).</summary>
internal sealed record SchoolSeniorTutors(string SchoolCode, string Name, IReadOnlyList<AppointmentView> SeniorTutors, bool NoSeniorTutor);

internal sealed record AppointmentsOnDate(DateOnly Date, AppointmentView? Dean, bool NoDean, IReadOnlyList<SchoolSeniorTutors> Schools);

/// <summary>GET /api/appointments and GET /api/schools/{schoolCode}/appointments: who holds each role on a date (default today).</summary>
internal static class AppointmentQueries
{
    internal static Task<IReadOnlyList<AppointmentView>> HoldersOnAsync(IQuerySession session, DateOnly date, CancellationToken ct) =>
        session.Query<AppointmentView>()
            .Where(a => a.StartsOn <= date && (a.EndsOn == null || a.EndsOn >= date))
            .OrderBy(a => a.StartsOn).ThenBy(a => a.StaffId)
            .ToListAsync(ct);

    internal static AppointmentsOnDate Assemble(DateOnly date, IReadOnlyList<AppointmentView> holders, IEnumerable<SchoolView> schools)
    {
        var dean = holders.FirstOrDefault(h => h.Role == AppointmentRole.Dean);
        var perSchool = schools.OrderBy(s => s.SchoolCode, StringComparer.Ordinal).Select(s =>
        {
            var tutors = holders.Where(h => h.Role == AppointmentRole.SeniorTutor && h.SchoolCode == s.SchoolCode).ToList();
            return new SchoolSeniorTutors(s.SchoolCode, s.Name, tutors, tutors.Count == 0);
        }).ToList();
        return new AppointmentsOnDate(date, dean, dean is null, perSchool);
    }

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/appointments", async (DateOnly? date, HttpContext http, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
            {
                if (!GovernanceAccess.ReadsEverySchool(http.CurrentUser())) throw new ForbiddenException("Only university-wide roles list every school's appointments.");
                var on = date ?? GovernanceAccess.Today(clock);
                var schools = await session.Query<SchoolView>().ToListAsync(ct);
                return Results.Ok(Assemble(on, await HoldersOnAsync(session, on, ct), schools));
            })
            .RequireAuthorization(GovernancePolicies.ReadAppointments)
            .WithName("GetAppointments")
            .WithSummary("The Dean and every school's Senior Tutors on a date (default today), flagging schools with none.")
            .Produces<AppointmentsOnDate>()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        app.MapGet("/api/schools/{schoolCode}/appointments", async (string schoolCode, DateOnly? date, IQuerySession session,
                TimeProvider clock, CancellationToken ct) =>
            {
                var school = await session.LoadAsync<SchoolView>(schoolCode, ct)
                    ?? throw new NotFoundException($"School {schoolCode} is not registered.");
                var on = date ?? GovernanceAccess.Today(clock);
                return Results.Ok(Assemble(on, await HoldersOnAsync(session, on, ct), [school]));
            })
            .RequireAuthorization(GovernancePolicies.ReadAppointments)
            .RequireReadSchool("read the appointments")
            .WithName("GetSchoolAppointments")
            .WithSummary("The Dean and one school's Senior Tutors on a date (default today), flagging when the school has none.")
            .Produces<AppointmentsOnDate>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
