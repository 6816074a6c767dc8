using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.Reporting.Kpis;

namespace PersonalTutoring.Governance.Reporting.YearEnd;

/// <summary>A frozen figure that the live figures no longer agree with (a later correction, a late entry).</summary>
internal sealed record LiveDifference(string Id, string Title, decimal? Snapshot, decimal? Live);

/// <summary>The report with, for the reader, whether today's figures as of the same date still say the same.</summary>
internal sealed record YearEndReportResponse(YearEndReportView Report, DateOnly LiveAnsweredOn, IReadOnlyList<LiveDifference> LiveDifferences);

/// <summary>
/// The year-end report (GO-5, LCP 22) and its cycle (GO-3, LCP 18): the Senior Tutor writes a draft with figures frozen
/// at a date, records the committee steps in order, and starts a new version when an approved one must change.
/// </summary>
internal static class YearEndReports
{
    internal sealed record WriteRequest(DateOnly? SnapshotOn, string? Successes, string? Challenges, string? Trends);

    internal sealed record StepRequest(ReportStage? Step, DateOnly? On, string? MinuteReference);

    internal sealed record ReviseRequest(string? Reason);

    internal sealed class WriteValidator : AbstractValidator<WriteRequest>
    {
        public WriteValidator()
        {
            RuleFor(r => r.Successes).NotEmpty().MaximumLength(10_000);
            RuleFor(r => r.Challenges).NotEmpty().MaximumLength(10_000);
            RuleFor(r => r.Trends).NotEmpty().MaximumLength(10_000);
        }
    }

    internal sealed class StepValidator : AbstractValidator<StepRequest>
    {
        public StepValidator()
        {
            RuleFor(r => r.Step).NotNull().IsInEnum().NotEqual(ReportStage.Draft);
            RuleFor(r => r.On).NotNull();
            RuleFor(r => r.MinuteReference).MaximumLength(200);
            RuleFor(r => r.MinuteReference).NotEmpty().When(r => r.Step is { } s && YearEndReport.NeedsMinutes(s))
                .WithMessage("A committee step carries the reference of its minutes.");
        }
    }

    internal sealed class ReviseValidator : AbstractValidator<ReviseRequest>
    {
        public ReviseValidator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(2_000);
    }

    private const string Route = "/api/schools/{schoolCode}/year-end-reports/{academicYear}/{cohort}";

    private static (AcademicYear Year, string Cohort, string Stream) Key(string schoolCode, string academicYear, string cohort)
    {
        RouteValues.School(schoolCode);
        var year = GovernanceAccess.Year(academicYear);
        var parsed = ReportCohorts.Parse(cohort);
        return (year, parsed, YearEndReport.StreamId(schoolCode, year.ToString(), parsed));
    }

    /// <summary>Steps the school records (its committees, its submission) and steps the Dean records (the June discussion, sharing).</summary>
    internal static void DemandMayRecord(CurrentUser user, ReportStage step)
    {
        var deans = step is ReportStage.DiscussedInJune or ReportStage.SharedWithSubCommittee;
        if (user.IsIn(Roles.Admin) || (deans ? user.IsIn(Roles.Dean) : user.IsIn(Roles.SeniorTutor))) return;
        throw new ForbiddenException(deans ? "The Dean records the June discussion and the sharing with the sub-committee."
            : "The school's Senior Tutor records the committee approvals and the submission.");
    }

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapPut(Route, async (string schoolCode, string academicYear, string cohort, WriteRequest request, HttpContext http, IDocumentSession session,
                ReportContents contents, TimeProvider clock, CancellationToken ct) =>
            {
                var (year, key, stream) = Key(schoolCode, academicYear, cohort);
                var dates = KpiReads.Dates(year.ToString(), request.SnapshotOn, null, clock, "snapshotOn");
                if (dates.AsOf < year.DefaultStart)
                    throw RequestValidationException.For("snapshotOn", $"The figures of {year} are frozen on a date in or after the year ({year.DefaultStart:yyyy-MM-dd}).");
                await RouteValues.RegisteredSchoolAsync(session, schoolCode, ct);
                var current = await session.Events.FetchForWriting<YearEndReport>(stream, ct);
                var content = await contents.BuildAsync(session, schoolCode, key, dates, request.Successes!, request.Challenges!, request.Trends!,
                    clock.GetUtcNow(), ct);
                var created = !current.Exists;
                current.AppendDecision(http, current.State.Write(schoolCode, year.ToString(), key, content, http.CurrentUser().Id, clock.GetUtcNow()));
                await session.SaveChangesAsync(ct);
                var view = await session.LoadAsync<YearEndReportView>(stream, ct);
                return created ? Results.Created($"/api/schools/{schoolCode}/year-end-reports/{year}/{key}", view) : Results.Ok(view);
            })
            .Validate<WriteRequest>()
            .RequireAuthorization(ReportingPolicies.WriteReport)
            .RequireSchool("write the school's year-end report")
            .WithName("PutYearEndReport")
            .WithVersionHeaders()
            .WithSummary("Writes the draft of a school's year-end report for a cohort system (all, UG, PGT, Foundation, Distance): analysis and KPIs frozen at snapshotOn (GO-5).")
            .Produces<YearEndReportView>()
            .Produces<YearEndReportView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost(Route + "/steps", async (string schoolCode, string academicYear, string cohort, StepRequest request, HttpContext http,
                IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                var (year, key, stream) = Key(schoolCode, academicYear, cohort);
                var user = http.CurrentUser();
                DemandMayRecord(user, request.Step!.Value);
                var current = await session.Events.FetchForWriting<YearEndReport>(stream, ct);
                current.AppendDecision(http, current.State.Record(schoolCode, year.ToString(), key, request.Step.Value, request.On!.Value,
                    request.MinuteReference?.Trim(), user.Id, GovernanceAccess.Today(clock), clock.GetUtcNow()));
                await session.SaveChangesAsync(ct);
                return Results.Ok(await session.LoadAsync<YearEndReportView>(stream, ct));
            })
            .Validate<StepRequest>()
            .RequireAuthorization(ReportingPolicies.RecordStep)
            .RequireSchool("record a step of the school's reporting cycle")
            .WithName("PostYearEndReportStep")
            .WithVersionHeaders()
            .WithSummary("Records the next step of the reporting cycle (GO-3, LCP 18) with its date and minute reference; out of order is a 422.")
            .Produces<YearEndReportView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost(Route + "/versions", async (string schoolCode, string academicYear, string cohort, ReviseRequest request, HttpContext http,
                IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                var (year, key, stream) = Key(schoolCode, academicYear, cohort);
                var current = await session.Events.FetchForWriting<YearEndReport>(stream, ct);
                current.AppendDecision(http, current.State.Revise(schoolCode, year.ToString(), key, request.Reason!.Trim(), http.CurrentUser().Id, clock.GetUtcNow()));
                await session.SaveChangesAsync(ct);
                return Results.Created($"/api/schools/{schoolCode}/year-end-reports/{year}/{key}", await session.LoadAsync<YearEndReportView>(stream, ct));
            })
            .Validate<ReviseRequest>()
            .RequireAuthorization(ReportingPolicies.WriteReport)
            .RequireSchool("start a new version of the school's year-end report")
            .WithName("PostYearEndReportVersion")
            .WithVersionHeaders()
            .WithSummary("Starts a new version of a report that has left the draft stage: a draft with the same content that goes round the cycle again.")
            .Produces<YearEndReportView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapGet(Route, async (string schoolCode, string academicYear, string cohort, HttpContext http, IQuerySession session, ReportContents contents,
                TimeProvider clock, CancellationToken ct) =>
            {
                var (year, key, stream) = Key(schoolCode, academicYear, cohort);
                var view = await session.LoadAsync<YearEndReportView>(stream, ct)
                    ?? throw new NotFoundException($"School {schoolCode} has no {key} year-end report for {year}.");
                http.Response.SetVersion(view.StreamVersion);
                return Results.Ok((await WithLiveAsync(view, contents, clock, ct)).Response);
            })
            .RequireAuthorization(DevelopmentPolicies.ReadFigures)
            .RequireSchool("read the school's year-end report", DevelopmentPolicies.Oversight)
            .WithName("GetYearEndReport")
            .WithSummary("A school's year-end report for a cohort system and year: frozen KPIs, analysis, feedback actions, workload, the cycle so far, and which figures differ live.")
            .Produces<YearEndReportResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>The figures for the same date as known today: a correction entered since the snapshot shows here, never in the report.</summary>
    /// <remarks>The live KPIs and their dates come too, for a caller that needs them (the printable report's trends).</remarks>
    internal static async Task<(YearEndReportResponse Response, IReadOnlyList<KpiFigure> Live, KpiDates Dates)> WithLiveAsync(YearEndReportView view, ReportContents contents,
        TimeProvider clock, CancellationToken ct)
    {
        var snapshot = view.Content.Snapshot;
        AcademicYear.TryParse(view.AcademicYear, out var year);
        var dates = new KpiDates(year, snapshot.AsOf, GovernanceAccess.Today(clock));
        var (live, _, _) = await contents.FiguresAsync(view.SchoolCode, view.Cohort, dates, ct);
        var differences = snapshot.Kpis.Join(live, s => s.Id, l => l.Id, (s, l) => (s, l))
            .Where(p => p.s.Value != p.l.Value || p.s.Numerator != p.l.Numerator || p.s.Denominator != p.l.Denominator)
            .Select(p => new LiveDifference(p.s.Id, p.s.Title, p.s.Value, p.l.Value)).ToList();
        return (new YearEndReportResponse(view, GovernanceAccess.Today(clock), differences), live, dates);
    }
}
