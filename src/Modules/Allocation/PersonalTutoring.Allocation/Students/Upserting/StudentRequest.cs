using FluentValidation;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.Students.Upserting;

/// <summary>The student-record system's shape (issue 4's integration contract; the field names are fixed).</summary>
[BuildingBlocks.Http.ContractName("StudentUpsert")]
internal record StudentRequest(
    string? GivenName,
    string? FamilyName,
    string? Email,
    string? SchoolCode,
    string? ProgrammeCode,
    CohortLevel? Level,
    int? YearOfStudy,
    DateOnly? RegisteredOn,
    StudentStatus? Status,
    bool? StudentRouteVisa,
    bool? VisitingStudyAbroad)
{
    public StudentRecord ToRecord(string studentId) => StudentRecord.Of(studentId, GivenName!.Trim(), FamilyName!.Trim(), Email!.Trim(), SchoolCode!.Trim(), ProgrammeCode!.Trim(),
        Level!.Value, YearOfStudy!.Value, RegisteredOn!.Value, Status!.Value, StudentRouteVisa!.Value, VisitingStudyAbroad!.Value);
}

internal sealed class StudentRequestValidator : AbstractValidator<StudentRequest>
{
    public StudentRequestValidator()
    {
        RuleFor(r => r.GivenName).NotEmpty().MaximumLength(100);
        RuleFor(r => r.FamilyName).NotEmpty().MaximumLength(100);
        RuleFor(r => r.Email).NotEmpty().EmailAddress().MaximumLength(254);
        RuleFor(r => r.SchoolCode).NotEmpty().Matches("^[A-Z0-9][A-Z0-9-]{1,15}$").WithMessage("A school code is 2-16 upper-case letters, digits or hyphens.");
        RuleFor(r => r.ProgrammeCode).NotEmpty().MaximumLength(40);
        RuleFor(r => r.Level).NotNull();
        RuleFor(r => r.YearOfStudy).NotNull().InclusiveBetween(0, 10);
        RuleFor(r => r.RegisteredOn).NotNull().InclusiveBetween(new DateOnly(1990, 1, 1), new DateOnly(2100, 12, 31));
        RuleFor(r => r.Status).NotNull();
        RuleFor(r => r.StudentRouteVisa).NotNull();
        RuleFor(r => r.VisitingStudyAbroad).NotNull();
    }
}

/// <summary>Student numbers travel in URLs: short, plain characters.</summary>
internal static partial class StudentIds
{
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")]
    private static partial System.Text.RegularExpressions.Regex Pattern();

    public const string Rule = "An id is 1-40 letters, digits, dots, hyphens or underscores.";

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    public static void Demand(string id, string field = "studentId")
    {
        if (!IsValid(id))
            throw BuildingBlocks.Http.RequestValidationException.For(field, Rule);
    }
}
