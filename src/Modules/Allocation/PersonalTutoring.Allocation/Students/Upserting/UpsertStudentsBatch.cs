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
    [BuildingBlocks.Http.ContractName("StudentBatchRow")]
    internal sealed record Row(string? StudentId, string? GivenName, string? FamilyName, string? Email, string? SchoolCode, string? ProgrammeCode,
        CohortLevel? Level, int? YearOfStudy, DateOnly? RegisteredOn, StudentStatus? Status, bool? StudentRouteVisa, bool? VisitingStudyAbroad)
        : StudentRequest(GivenName, FamilyName, Email, SchoolCode, ProgrammeCode, Level, YearOfStudy, RegisteredOn, Status, StudentRouteVisa, VisitingStudyAbroad)
    {
        [JsonIgnore]
        public IReadOnlyDictionary<string, string[]> TypeErrors { get; init; } = new Dictionary<string, string[]>();
    }

    [BuildingBlocks.Http.ContractName("StudentBatchUpsert")]
    internal sealed record Request(IReadOnlyList<Row?>? Students);

    [BuildingBlocks.Http.ContractName("BatchRowError")]
    internal sealed record RowError(int Index, string? StudentId, IDictionary<string, string[]> Errors);

    [BuildingBlocks.Http.ContractName("BatchUpsertResult")]
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

    /// <summary>A row: a student record and its id. Invalid rows are reported, not refused (the batch is still applied).</summary>
    internal sealed class RowValidator : AbstractValidator<Row>
    {
        public RowValidator()
        {
            Include(new StudentRequestValidator());
            RuleFor(r => r.StudentId).Cascade(CascadeMode.Stop).NotNull().WithMessage(StudentIds.Rule).Must(StudentIds.IsValid).WithMessage(StudentIds.Rule);
        }
    }

    private static readonly RowValidator Rows = new();

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
                    var validated = Rows.Validate(row).ToDictionary().Where(e => !row.TypeErrors.ContainsKey(e.Key)).ToDictionary();
                    if (row.TypeErrors.ContainsKey("row")) validated.Clear();
                    foreach (var (field, messages) in row.TypeErrors) validated[field] = messages;
                    var fieldErrors = FieldNames.CamelCase(validated);
                    if (fieldErrors.Count > 0) errors.Add(new RowError(i, row.StudentId, fieldErrors));
                    else valid.Add((i, row.StudentId!, row.ToRecord(row.StudentId!)));
                }
                var (applied, unknownSchools) = await upserts.UpsertManyAsync(valid, ct);
                errors.AddRange(unknownSchools.Select(u => new RowError(u.Key, request.Students[u.Key]!.StudentId,
                    new Dictionary<string, string[]> { ["schoolCode"] = [u.Value] })));
                return Results.Ok(new Response(
                    applied.Values.Count(o => o == RowOutcome.Created), applied.Values.Count(o => o == RowOutcome.Updated),
                    applied.Values.Count(o => o == RowOutcome.Unchanged), errors.Count, [.. errors.OrderBy(e => e.Index)]));
            })
            .Validate<Request>()
            .RequireAuthorization(AllocationPolicies.Upsert)
            .WithName("PostStudentsBatch")
            .WithSummary("Upserts up to 5,000 students; invalid rows (a value of the wrong type included) are reported by index with their field errors, the valid ones applied; a retry changes nothing.")
            .WithDescription("Applies up to 5,000 student records in one transaction. Rows with a missing or invalid field (a value of the wrong type included, "
                + "such as a level of \"Bachelor\"), or naming an unregistered "
                + "school, are not applied and come back in `errors` by their index with the fields named as in the body; the other rows are "
                + "applied. A repeated studentId or more than 5,000 rows refuses the whole batch (400). Sending the same batch again changes nothing "
                + "(every row is `unchanged`).")
            .WithExamples(
                request: new
                {
                    students = new object[]
                    {
                        new
                        {
                            studentId = "2025123456", givenName = "Zoë", familyName = "Ó Súilleabháin", email = "z.osuilleabhain@students.example.ac.uk",
                            schoolCode = "MED", programmeCode = "MBBS", level = "UG", yearOfStudy = 1, registeredOn = "2025-09-22", status = "Studying",
                            studentRouteVisa = false, visitingStudyAbroad = false,
                        },
                        new
                        {
                            studentId = "2025123457", givenName = "Bo", familyName = "Chen", email = "not-an-address", schoolCode = "MED",
                            programmeCode = "MBBS", level = "UG", yearOfStudy = 1, registeredOn = "2025-09-22", status = "Studying",
                            studentRouteVisa = true, visitingStudyAbroad = false,
                        },
                    },
                },
                response: new
                {
                    created = 1, updated = 0, unchanged = 0, rejected = 1,
                    errors = new[] { new { index = 1, studentId = "2025123457", errors = new Dictionary<string, string[]> { ["email"] = ["'Email' is not a valid email address."] } } },
                })
            .Produces<Response>()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
