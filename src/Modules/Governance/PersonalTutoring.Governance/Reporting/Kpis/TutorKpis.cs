using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.Reporting.Kpis;

/// <summary>
/// A tutor's own part of their school's KPIs (issue 14 item 6): their tutees on the KPI date (per level), their
/// training and quiz standing, and the school's median caseload to compare with. Counts only, no student named.
/// </summary>
internal sealed record TutorKpis(
    string StaffId,
    string SchoolCode,
    string AcademicYear,
    DateOnly AsOf,
    DateOnly KpiDate,
    DateOnly KnownOn,
    int Tutees,
    IReadOnlyDictionary<string, int> TuteesByLevel,
    decimal? SchoolMedianTuteesPerTutor,
    bool? TrainedWithinInterval,
    bool? QuizWithinInterval,
    int? LatestQuizScore);

/// <summary>GET /api/tutors/{staffId}/kpis: the tutor themself, or the university-wide roles; no other tutor.</summary>
internal static class TutorKpiReads
{
    internal static TutorKpis Of(string staffId, string schoolCode, KpiDates d, KpiFacts facts)
    {
        var byLevel = facts.Allocation.Where(a => a.TuteesPerTutor.ContainsKey(staffId))
            .GroupBy(a => a.Level).ToDictionary(g => g.Key.ToString(), g => g.Sum(a => a.TuteesPerTutor[staffId]));
        var standing = facts.Tutors.FirstOrDefault(t => t.StaffId == staffId);
        var median = KpiCalculator.Kpis(facts).Single(k => k.Id == "median-tutees-per-tutor").Value;
        return new TutorKpis(staffId, schoolCode, d.Year.ToString(), d.AsOf, d.KpiDate, d.KnownOn, byLevel.Values.Sum(), byLevel, median,
            standing?.Trained, standing?.Quizzed, standing?.LatestScore);
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/tutors/{staffId}/kpis",
                async (string staffId, string? academicYear, DateOnly? asOf, DateOnly? knownOn, IServiceProvider services, KpiSources sources, TimeProvider clock,
                    CancellationToken ct) =>
            {
                RouteValues.Staff(staffId);
                var dates = KpiReads.Dates(academicYear, asOf, knownOn, clock);
                var school = await services.GetRequiredService<IAllocationQueries>().TutorSchoolAsync(staffId, ct)
                    ?? throw new NotFoundException($"Tutor {staffId} is not registered.");
                return Results.Ok(Of(staffId, school, dates, await sources.SchoolAsync(school, dates, ct, operational: false)));
            })
            .RequireAuthorization(ReportingPolicies.ReadTutorFigures)
            .RequireResource((http, user) =>
            {
                if (!(user.IsIn(Roles.Tutor, Roles.SeniorTutor) && user.Id == http.RouteValue("staffId")) && !GovernanceAccess.ReadsEverySchool(user))
                    throw new ForbiddenException("A tutor sees their own figures only.");
                return Task.CompletedTask;
            })
            .WithName("GetTutorKpis")
            .WithSummary("A tutor's own figures for an academic year on a date: tutees per level, training and quiz standing, and the school's median caseload.")
            .Produces<TutorKpis>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
