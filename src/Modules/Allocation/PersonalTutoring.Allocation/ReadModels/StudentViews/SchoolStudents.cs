using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.BuildingBlocks.Privacy;

namespace PersonalTutoring.Allocation.ReadModels.StudentViews;

/// <summary>A student in a school's directory: "[erased]" for the name and address of a student whose data was erased.</summary>
internal sealed record DirectoryStudent(string StudentId, string GivenName, string FamilyName, string Email, int YearOfStudy, StudentStatus Status, string? CurrentTutorId);

internal sealed record StudentsFound(string SchoolCode, string? Name, int Count, IReadOnlyList<DirectoryStudent> Students);

/// <summary>
/// GET /api/schools/{schoolCode}/students?name=: a school's students, found by name or e-mail address. Names are
/// ciphertext in the database (docs/adr/0086), so the search cannot be SQL: the school's views are read by their
/// school index and decrypted in memory, and every word of <c>name</c> must appear (case-insensitive) in the student's
/// given name, family name or address. An erased student is listed without a filter and never matches one.
/// </summary>
internal static class SchoolStudents
{
    public const int MaxNameLength = 100;

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/schools/{schoolCode}/students", async (string schoolCode, string? name, IQuerySession session, SubjectKeys keys, CancellationToken ct) =>
            {
                if (name is { Length: > MaxNameLength }) throw RequestValidationException.For("name", $"A name to search for is at most {MaxNameLength} characters.");
                var words = (name ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                await keys.WarmAsync(session, s => s.Record.SchoolCode == schoolCode, ct);
                var views = await session.Query<StudentView>().Where(s => s.Record.SchoolCode == schoolCode).ToListAsync(ct);
                var found = views.Where(s => words.Length == 0 || (!s.Record.IsErased && words.All(w => Matches(s, w))))
                    .Select(s => new DirectoryStudent(s.StudentId, s.Record.GivenName.Text, s.Record.FamilyName.Text, s.Record.Email.Text, s.Record.YearOfStudy,
                        s.Record.Status, s.CurrentTutorId))
                    .OrderBy(s => s.FamilyName, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.GivenName, StringComparer.OrdinalIgnoreCase)
                    .ThenBy(s => s.StudentId, StringComparer.Ordinal).ToList();
                return Results.Ok(new StudentsFound(schoolCode, name, found.Count, found));
            })
            .RequireAuthorization(AllocationPolicies.ReadSchool)
            .RequireSchool("read the school's students", AllocationPolicies.SchoolWideReaders)
            .WithName("GetSchoolStudents")
            .WithSummary("A school's students (any status), or those whose given name, family name or e-mail address contains every word of ?name=; "
                + "an erased student's name and address read \"[erased]\" and match no search.")
            .Produces<StudentsFound>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    private static bool Matches(StudentView s, string word) =>
        s.Record.GivenName.Text.Contains(word, StringComparison.OrdinalIgnoreCase) || s.Record.FamilyName.Text.Contains(word, StringComparison.OrdinalIgnoreCase)
        || s.Record.Email.Text.Contains(word, StringComparison.OrdinalIgnoreCase);
}
