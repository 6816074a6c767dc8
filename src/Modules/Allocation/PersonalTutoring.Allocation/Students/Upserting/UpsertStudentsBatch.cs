using System.Text.Json.Serialization;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.Students.Upserting;

/// <summary>POST /api/students/batch: up to 5,000 records; valid rows are applied, invalid rows reported by index.</summary>
internal static class UpsertStudentsBatch
{
    public const int MaxRows = 5_000;

    /// <summary>One student; read leniently, so a value of the wrong type is this row's error (<see cref="TypeErrors"/>), not the batch's.</summary>
    [JsonConverter(typeof(BatchRowReader))]
    internal sealed record Row(string? StudentId, string? GivenName, string? FamilyName, string? Email, string? SchoolCode, string? ProgrammeCode,
        CohortLevel? Level, int? YearOfStudy, DateOnly? RegisteredOn, StudentStatus? Status, bool? StudentRouteVisa, bool? VisitingStudyAbroad)
        : StudentRequest(GivenName, FamilyName, Email, SchoolCode, ProgrammeCode, Level, YearOfStudy, RegisteredOn, Status, StudentRouteVisa, VisitingStudyAbroad)
    {
        [JsonIgnore]
        public IReadOnlyDictionary<string, string[]> TypeErrors { get; init; } = new Dictionary<string, string[]>();
    }

    internal sealed record Request(IReadOnlyList<Row?>? Students);

    internal sealed record RowError(int Index, string? StudentId, IDictionary<string, string[]> Errors);

    internal sealed record Response(int Created, int Updated, int Unchanged, int Rejected, IReadOnlyList<RowError> Errors);

    /// <summary>Whole-batch shape: too many rows or a repeated id make the batch ambiguous, so nothing is applied (400).</summary>
    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Students).Cascade(CascadeMode.Stop).NotNull().Must(s => s!.Count <= MaxRows).WithMessage($"A batch holds at most {MaxRows:N0} students.");
            RuleFor(r => r.Students).Must(s => s!.Where(x => x?.StudentId is not null).GroupBy(x => x!.StudentId).All(g => g.Count() == 1))
                .When(r => r.Students is not null).WithMessage("Each studentId may appear only once in a batch.");
        }
    }

    private static readonly StudentRequestValidator RowValidator = new();

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/students/batch", async (Request request, StudentUpserts upserts, CancellationToken ct) =>
            {
                var errors = new List<RowError>();
                var valid = new List<(int, string, Students.StudentRecord)>();
                for (var i = 0; i < request.Students!.Count; i++)
                {
                    var row = request.Students[i];
                    if (row is null) { errors.Add(new RowError(i, null, new Dictionary<string, string[]> { ["row"] = ["A row is required."] })); continue; }
                    // A field whose value could not be read is reported as such, not as missing.
                    var fieldErrors = RowValidator.Validate(row).ToDictionary().Where(e => !row.TypeErrors.ContainsKey(e.Key)).ToDictionary();
                    if (!StudentIds.IsValid(row.StudentId) && !row.TypeErrors.ContainsKey("StudentId"))
                        fieldErrors["StudentId"] = ["An id is 1-40 letters, digits, dots, hyphens or underscores."];
                    if (row.TypeErrors.ContainsKey("row")) fieldErrors.Clear();
                    foreach (var (field, messages) in row.TypeErrors) fieldErrors[field] = messages;
                    if (fieldErrors.Count > 0) errors.Add(new RowError(i, row.StudentId, fieldErrors));
                    else valid.Add((i, row.StudentId!, row.ToRecord()));
                }
                var (applied, unknownSchools) = await upserts.UpsertManyAsync(valid, ct);
                errors.AddRange(unknownSchools.Select(u => new RowError(u.Key, request.Students[u.Key]!.StudentId,
                    new Dictionary<string, string[]> { ["SchoolCode"] = [u.Value] })));
                return Results.Ok(new Response(
                    applied.Values.Count(o => o == RowOutcome.Created), applied.Values.Count(o => o == RowOutcome.Updated),
                    applied.Values.Count(o => o == RowOutcome.Unchanged), errors.Count, [.. errors.OrderBy(e => e.Index)]));
            })
            .Validate<Request>()
            .RequireAuthorization(AllocationPolicies.Upsert)
            .WithName("PostStudentsBatch")
            .WithSummary("Upserts up to 5,000 students; invalid rows (a value of the wrong type included) are reported by index with their field errors, the valid ones applied; a retry changes nothing.")
            .Produces<Response>()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
