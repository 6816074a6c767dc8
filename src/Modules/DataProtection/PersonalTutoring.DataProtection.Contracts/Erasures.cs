namespace PersonalTutoring.DataProtection.Contracts;

/// <summary>What other modules may ask of Data protection: whether a student's personal data was erased, and when.</summary>
public interface IErasures
{
    Task<DateTimeOffset?> ErasedAtAsync(string studentId, CancellationToken ct);
}
