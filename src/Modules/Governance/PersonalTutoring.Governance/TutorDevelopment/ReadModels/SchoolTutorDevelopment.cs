using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.TutorDevelopment.ReadModels;

/// <summary>
/// The per-school views of tutor development: every tutor's status (named, so only those who manage the school),
/// and the Knowledge and Training KPIs (figures only, so Governance and Auditors too; GO-6).
/// </summary>
internal static class SchoolTutorDevelopment
{
    internal sealed record KnowledgeAndTrainingKpis(
        string SchoolCode,
        string AcademicYear,
        DateOnly AsOf,
        int Tutors,
        decimal? PercentTrainedWithinThreeYears,
        decimal? PercentQuizWithinThreeYears,
        decimal? MedianQuizScore,
        int IdentifiedAsNotSufficientlyFulfillingRole);

    /// <summary>
    /// The figures at the end of the academic year (or today while it runs): tutors in role on that date; the
    /// median of each such tutor's latest quiz score within three years; tutors with a concern raised in the year.
    /// </summary>
    internal static DateOnly KpiDate(AcademicYear year, DateOnly today) => today < year.DefaultEnd ? today : year.DefaultEnd;

    internal static KnowledgeAndTrainingKpis Kpis(string schoolCode, AcademicYear year, IEnumerable<TutorDevelopmentView> records, DateOnly today, DevelopmentRules? rules = null)
    {
        rules ??= DevelopmentRules.CodeOfPractice;
        var asOf = KpiDate(year, today);
        var inRole = records.Where(r => r.InRoleOn(asOf)).ToList();
        var trained = inRole.Count(r => r.Training.Any(t => DevelopmentRules.WithinYears(t.CompletedOn, asOf, rules.TrainingEveryYears)));
        var latestScores = inRole
            .Select(r => r.QuizAttempts.Where(q => DevelopmentRules.WithinYears(q.TakenOn, asOf, rules.QuizWithinYears)).OrderBy(q => q.TakenOn).LastOrDefault())
            .OfType<QuizAttempt>().Select(q => q.Score).Order().ToList();
        var identified = inRole.Count(r => r.Concerns.Any(c => c.RaisedOn >= year.DefaultStart && c.RaisedOn <= asOf));
        return new KnowledgeAndTrainingKpis(schoolCode, year.ToString(), asOf, inRole.Count,
            Percent(trained, inRole.Count), Percent(latestScores.Count, inRole.Count), Median(latestScores), identified);
    }

    private static decimal? Percent(int part, int whole) => whole == 0 ? null : Math.Round(100m * part / whole, 1);

    private static decimal? Median(IReadOnlyList<int> sorted) => sorted.Count == 0
        ? null
        : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2m;

    private static Task<IReadOnlyList<TutorDevelopmentView>> RecordsAsync(IQuerySession session, string schoolCode, CancellationToken ct) =>
        session.Query<TutorDevelopmentView>().Where(v => v.SchoolCode == schoolCode).OrderBy(v => v.StaffId).ToListAsync(ct);

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/schools/{schoolCode}/tutor-development",
                async (string schoolCode, DateOnly? asOf, IQuerySession session, ITutoringPolicies policies, TimeProvider clock, CancellationToken ct) =>
            {
                RouteValues.School(schoolCode);
                var date = asOf ?? GovernanceAccess.Today(clock);
                var rules = await DevelopmentRules.InForceAsync(policies, schoolCode, date, ct);
                var records = await RecordsAsync(session, schoolCode, ct);
                return Results.Ok(records.Where(r => r.InRoleOn(date)).Select(r => DevelopmentStatus.Of(r, date, rules)).ToList());
            })
            .RequireAuthorization(DevelopmentPolicies.ManageSchoolRecords)
            .RequireSchool("read tutors' development records")
            .WithName("GetSchoolTutorDevelopment")
            .WithSummary("Each tutor in role on a date with training due date, last quiz, overdue flags and open concerns (GO-7, GO-8, GO-9).")
            .Produces<IReadOnlyList<DevelopmentStatus>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        app.MapGet("/api/schools/{schoolCode}/tutor-development/kpis",
                async (string schoolCode, string? academicYear, IQuerySession session, ITutoringPolicies policies, TimeProvider clock, CancellationToken ct) =>
            {
                RouteValues.School(schoolCode);
                var today = GovernanceAccess.Today(clock);
                var year = academicYear is null ? AcademicYear.Containing(today) : GovernanceAccess.Year(academicYear);
                var rules = await DevelopmentRules.InForceAsync(policies, schoolCode, KpiDate(year, today), ct);
                return Results.Ok(Kpis(schoolCode, year, await RecordsAsync(session, schoolCode, ct), today, rules));
            })
            .RequireAuthorization(DevelopmentPolicies.ReadFigures)
            .RequireSchool("read the school's training figures", DevelopmentPolicies.Oversight)
            .WithName("GetSchoolTrainingKpis")
            .WithSummary("Knowledge and Training KPIs for a school and academic year: % trained and % quizzed within 3 years, median quiz score, tutors identified (GO-6).")
            .Produces<KnowledgeAndTrainingKpis>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
