namespace PersonalTutoring.Contact.Contracts;

/// <summary>A contact point between a tutor and a tutee, as other modules and reports see it (no note text, ever).</summary>
public sealed record ContactPoint(string StudentId, string StaffId, DateTimeOffset OccurredAt, string Kind, string Direction, bool EnquiredAboutProgressAndWellbeing);

/// <summary>What the Contact module tells others: the contact points of a student (for KPI reports and engagement panels).</summary>
public interface IContactQueries
{
    Task<IReadOnlyList<ContactPoint>> ContactsOfAsync(string studentId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);
}
