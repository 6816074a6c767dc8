using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.References.AcademicRecords;

/// <summary>
/// PUT /api/students/{studentId}/academic-record: the student-record system sends a student's academic-record facts
/// (progress decisions, results summary, attendance percentage, portfolio status). Idempotent like the student upsert:
/// the whole record each time, the same record appends nothing, If-Match honoured.
/// </summary>
internal static class PutAcademicRecord
{
    internal sealed record Request(IReadOnlyList<ProgressDecision>? ProgressDecisions, string? ResultsSummary, decimal? AttendancePercentage, string? PortfolioStatus);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.ProgressDecisions).NotNull();
            RuleFor(r => r.ProgressDecisions).Must(d => d!.Count <= 20 && d.All(x => x is not null && x.AcademicYear is { Length: > 0 and <= 20 } && x.Decision is { Length: > 0 and <= 500 }))
                .WithMessage("Up to 20 progress decisions, each with an academic year (up to 20 characters) and a decision (up to 500).").When(r => r.ProgressDecisions is not null);
            RuleFor(r => r.ResultsSummary).MaximumLength(4000);
            RuleFor(r => r.AttendancePercentage).InclusiveBetween(0m, 100m);
            RuleFor(r => r.PortfolioStatus).MaximumLength(500);
        }
    }

    internal static object[] Decide(AcademicRecordStream state, string studentId, Request r, DateTimeOffset now)
    {
        var facts = new AcademicFacts([.. r.ProgressDecisions!.Select(d => new ProgressDecision(d.AcademicYear.Trim(), d.Decision.Trim()))], r.ResultsSummary?.Trim(),
            r.AttendancePercentage, r.PortfolioStatus?.Trim());
        return state.Facts is { } held && held.SameAs(facts) ? [] : [new AcademicRecordReceived(studentId, facts, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/students/{studentId}/academic-record", async (string studentId, Request request, HttpContext http, TimeProvider clock, IDocumentSession session,
                CancellationToken ct) =>
            {
                var stream = await session.Events.FetchForWriting<AcademicRecordStream>(AcademicRecordStream.StreamId(studentId), ct);
                var created = !stream.Exists;
                stream.AppendDecision(http, Decide(stream.State, studentId, request, clock.GetUtcNow()));
                await session.SaveChangesAsync(ct);
                var view = await session.LoadAsync<AcademicRecordView>(studentId, ct);
                return created ? Results.Created($"/api/students/{studentId}/academic-record", view) : Results.Ok(view);
            })
            .Validate<Request>()
            .RequireAuthorization(ReferencesPolicies.AcademicRecord)
            .RequireStudent(StudentRelation.Integration | StudentRelation.UniversityWide, "send the academic record")
            .WithName("PutAcademicRecord")
            .WithVersionHeaders()
            .WithSummary("The student record's academic facts for references: progress decisions, results summary, attendance, portfolio. The same body twice appends nothing.")
            .Produces<AcademicRecordView>(StatusCodes.Status201Created)
            .Produces<AcademicRecordView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
