using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.DataProtection.Contracts;
using PersonalTutoring.DataProtection.Erasure;

namespace PersonalTutoring.DataProtection.SubjectAccess;

internal enum ExportFormat { Json, Html }

/// <summary>
/// GET /api/students/{studentId}/subject-access-export (UK GDPR Art. 15): everything held about the student, confidential
/// notes included, less what is withheld under a recorded exemption, as JSON or one readable HTML page. Every export is
/// an event on the student's data-protection record and a read in their personal-data read log (issue 16 items 3, 5, 7).
/// GET /api/students/{studentId}/own-record: what the student sees of their own record (item 4).
/// </summary>
internal static class SubjectAccessSlices
{
    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/students/{studentId}/subject-access-export", async (string studentId, ExportFormat? format, ReadPurpose? purpose, HttpContext http,
                IAllocationQueries students, SubjectDataGatherer gatherer, ISessionFactory sessions, TimeProvider clock, CancellationToken ct) =>
            {
                var student = await students.StudentAsync(studentId, ct) ?? throw new NotFoundException($"Student {studentId} does not exist.");
                var user = http.CurrentUser();
                var now = clock.GetUtcNow();
                await using var session = sessions.OpenSession();
                var stream = await session.Events.FetchForWriting<StudentPrivacy>(StudentPrivacy.StreamId(studentId), ct);
                var bundle = await gatherer.GatherAsync(studentId, stream.State, _ => true, now, ct) with { ExportId = Guid.NewGuid() };
                var chosen = format ?? ExportFormat.Json;
                stream.AppendOne(new SubjectAccessExported(studentId, student.SchoolCode, bundle.ExportId!.Value, chosen.ToString(), bundle.RecordCount, bundle.Withheld.Count,
                    user.Id, user.Roles.Order().ToList(), purpose ?? ReadPurpose.SubjectAccess, purpose is not null, now));
                await session.SaveChangesAsync(ct);
                return chosen == ExportFormat.Html
                    ? Results.Content(SubjectAccessHtml.Render(bundle, $"Personal data held about student {studentId}"), "text/html; charset=utf-8")
                    : Results.Ok(bundle);
            })
            .RequireAuthorization(DataProtectionPolicies.Export)
            .WithName("ExportSubjectAccess")
            .WithSummary("Everything held about a student (UK GDPR Art. 15) as JSON or a readable HTML page, less what is withheld under a recorded exemption; every export is logged.")
            .Produces<SubjectAccessBundle>()
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/students/{studentId}/own-record", async (string studentId, HttpContext http, SubjectDataGatherer gatherer, IQuerySession session,
                TimeProvider clock, CancellationToken ct) =>
            {
                var privacy = await session.Events.AggregateStreamAsync<StudentPrivacy>(StudentPrivacy.StreamId(studentId), token: ct) ?? StudentPrivacy.Initial;
                var bundle = await gatherer.GatherAsync(studentId, privacy, SubjectRecordKinds.ShownToStudent.Contains, clock.GetUtcNow(), ct);
                return Results.Ok(bundle);
            })
            .RequireAuthorization(DataProtectionPolicies.OwnRecord)
            .RequireStudent(StudentRelation.Self | StudentRelation.UniversityWide, "read the student's own record")
            .WithName("GetOwnRecord")
            .WithSummary("What a student sees of their own record: their tutors, contacts, meetings and bookings, objectives, consents, change requests and issued references, less what is withheld with a reason.")
            .Produces<SubjectAccessBundle>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}

/// <summary>POST /api/students/{studentId}/withholdings and …/{withholdingId}/lift: a record kept from the student's access under an exemption, with its reason.</summary>
internal static class WithholdingSlices
{
    internal sealed record Request(string? RecordKind, string? RecordId, AccessExemption? Exemption, string? Reason);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.RecordKind).NotEmpty().Must(k => k is null || SubjectRecordKinds.All.Contains(k))
                .WithMessage($"recordKind is one of: {string.Join(", ", SubjectRecordKinds.All)}.");
            RuleFor(r => r.RecordId).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Exemption).NotNull().IsInEnum();
            RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
        }
    }

    internal sealed record Withheld(Guid WithholdingId);

    internal static object[] Withhold(StudentPrivacy state, string studentId, Guid withholdingId, Request r, bool held, string by, DateTimeOffset now)
    {
        if (state.Withholdings.Any(w => w.WithholdingId == withholdingId)) return [];
        if (!held) throw new BusinessRuleException("no-such-record", $"The student has no {r.RecordKind} record {r.RecordId}.");
        if (state.WithheldNow(r.RecordKind!, r.RecordId!) is not null) throw new BusinessRuleException("already-withheld", "That record is already withheld.");
        return [new RecordWithheld(studentId, withholdingId, r.RecordKind!, r.RecordId!.Trim(), r.Exemption!.Value, r.Reason!.Trim(), by, now)];
    }

    internal static object[] Lift(StudentPrivacy state, string studentId, Guid withholdingId, string by, DateTimeOffset now)
    {
        var withholding = state.Withholdings.FirstOrDefault(w => w.WithholdingId == withholdingId) ?? throw new NotFoundException($"Withholding {withholdingId} does not exist.");
        return withholding.InForce ? [new WithholdingLifted(studentId, withholdingId, by, now)] : [];
    }

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/students/{studentId}/withholdings", async (string studentId, Request request, HttpContext http, IAllocationQueries students,
                SubjectDataGatherer gatherer, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                _ = await students.StudentAsync(studentId, ct) ?? throw new NotFoundException($"Student {studentId} does not exist.");
                var withholdingId = http.NewId("withholding");
                var held = await gatherer.HoldsAsync(studentId, request.RecordKind!, request.RecordId!.Trim(), ct);
                await PrivacyDecisions.DecideAsync(session, http, studentId, missing: null,
                    state => Withhold(state, studentId, withholdingId, request, held, http.CurrentUser().Id, clock.GetUtcNow()), ct);
                return Results.Created($"/api/students/{studentId}/data-protection", new Withheld(withholdingId));
            })
            .Validate<Request>()
            .RequireAuthorization(DataProtectionPolicies.Withhold)
            .WithName("WithholdRecord")
            .WithVersionHeaders()
            .WithSummary("Withholds one record from the student's own view and from subject-access exports, under an exemption with its reason.")
            .Produces<Withheld>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/api/students/{studentId}/withholdings/{withholdingId:guid}/lift", async (string studentId, Guid withholdingId, HttpContext http,
                IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                await PrivacyDecisions.DecideAsync(session, http, studentId, $"Withholding {withholdingId} does not exist.",
                    state => Lift(state, studentId, withholdingId, http.CurrentUser().Id, clock.GetUtcNow()), ct);
                return Results.NoContent();
            })
            .RequireAuthorization(DataProtectionPolicies.Withhold)
            .WithName("LiftWithholding")
            .WithVersionHeaders()
            .WithSummary("Lifts a withholding: the record is the student's to see again; the withholding stays in the record with who lifted it and when.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
