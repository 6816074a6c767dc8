namespace PersonalTutoring.Governance.Contracts;

/// <summary>A school (or department, or division) that provides personal tutoring.</summary>
public sealed record SchoolInfo(string SchoolCode, string Name, string? College);

/// <summary>Which schools exist: for other modules' validation (an allocation to an unknown school is refused).</summary>
public interface ISchoolDirectory
{
    Task<SchoolInfo?> FindAsync(string schoolCode, CancellationToken ct);
}
