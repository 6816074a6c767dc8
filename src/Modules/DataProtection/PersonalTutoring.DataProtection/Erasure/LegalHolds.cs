using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Contact.Contracts;

namespace PersonalTutoring.DataProtection.Erasure;

/// <summary>
/// What keeps a student's records from erasure today: legal holds recorded by hand, an open fitness-to-practise
/// concern (Contact), and a student-route visa while sponsored and for the sponsor's retention period after leaving.
/// </summary>
internal sealed class LegalHolds(IAllocationQueries allocation, IContactQueries contact, DataProtectionModuleSettings settings)
{
    public async Task<IReadOnlyList<string>> InForceAsync(StudentPrivacy privacy, StudentProfile student, DateOnly today, CancellationToken ct)
    {
        var reasons = privacy.Holds.Where(h => h.InForceOn(today))
            .Select(h => $"{h.Kind} hold placed by {h.PlacedBy}{(h.Until is { } until ? $" until {until:yyyy-MM-dd}" : "")}: {h.Reason}").ToList();
        if ((await contact.OpenConcernKindsAsync(student.StudentId, ct)).Contains("FitnessToPractise"))
            reasons.Add("An open fitness-to-practise concern: its records are kept until it is closed.");
        if (student.StudentRouteVisa && await VisaRecordsKeptUntilAsync(student, ct) is { } kept && today <= kept)
            reasons.Add($"Student-route visa: sponsor records are kept until {kept:yyyy-MM-dd} ({settings.VisaRetentionYears} year(s) after sponsorship ends).");
        return reasons;
    }

    /// <summary>Erasure is refused (422) naming every hold in force, at the request and again at the approval.</summary>
    public static void RefuseUnder(IReadOnlyList<string> holds)
    {
        if (holds.Count > 0)
            throw new BusinessRuleException("legal-hold", "The student's records are under a legal hold: " + string.Join(" ", holds),
                new Dictionary<string, object?> { ["holds"] = holds });
    }

    private async Task<DateOnly?> VisaRecordsKeptUntilAsync(StudentProfile student, CancellationToken ct)
    {
        if (!student.Status.HasLeft()) return DateOnly.MaxValue;
        var left = (await allocation.StatusHistoryAsync(student.StudentId, ct)).Where(p => p.Status.HasLeft()).Select(p => (DateOnly?)p.From).Max();
        return left?.AddYears(settings.VisaRetentionYears) ?? DateOnly.MaxValue;
    }
}
