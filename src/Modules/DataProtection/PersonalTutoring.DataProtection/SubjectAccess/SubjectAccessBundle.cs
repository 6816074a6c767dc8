using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using PersonalTutoring.DataProtection.Contracts;
using PersonalTutoring.DataProtection.Erasure;

namespace PersonalTutoring.DataProtection.SubjectAccess;

/// <summary>One record as an export or the student's own record carries it: the content as the API writes it (personal text or "[erased]").</summary>
internal sealed record HeldRecord(string Kind, string Id, DateTimeOffset? At, JsonElement Content);

/// <summary>A record left out, with the exemption it was withheld under and the reason recorded for it.</summary>
internal sealed record WithheldRecord(string Kind, string Id, string Exemption, string Reason);

internal sealed record HeldSection(string Module, IReadOnlyList<HeldRecord> Records);

/// <summary>Everything held about a student that the reader may have, by module, and what was withheld.</summary>
internal sealed record SubjectAccessBundle(
    string StudentId, DateTimeOffset ProducedAt, DateTimeOffset? ErasedAt, IReadOnlyList<HeldSection> Sections, IReadOnlyList<WithheldRecord> Withheld)
{
    public Guid? ExportId { get; init; }

    public int RecordCount => Sections.Sum(s => s.Records.Count);
}

/// <summary>
/// Gathers what every module holds about a student (<see cref="ISubjectDataSource"/>) and leaves out what is withheld:
/// a withholding recorded on the student's data-protection record, or an exemption the module recorded itself. The
/// subject-access export takes every kind; the student's own record takes the kinds shown to students.
/// </summary>
internal sealed class SubjectDataGatherer(IEnumerable<ISubjectDataSource> sources, IOptions<JsonOptions> json)
{
    public async Task<SubjectAccessBundle> GatherAsync(string studentId, StudentPrivacy privacy, Func<string, bool> kinds, DateTimeOffset now, CancellationToken ct)
    {
        var sections = new List<HeldSection>();
        var withheld = new List<WithheldRecord>();
        foreach (var source in sources.OrderBy(s => Order(s.Module)))
        {
            var held = new List<HeldRecord>();
            foreach (var record in (await source.RecordsOfAsync(studentId, ct)).Where(r => kinds(r.Kind)))
            {
                if (privacy.WithheldNow(record.Kind, record.Id) is { } w)
                    withheld.Add(new WithheldRecord(record.Kind, record.Id, w.Exemption.ToString(), w.Reason));
                else if (record.ExemptBecause is { } reason)
                    withheld.Add(new WithheldRecord(record.Kind, record.Id, nameof(AccessExemption.ConfidentialReference), reason));
                else
                    held.Add(new HeldRecord(record.Kind, record.Id, record.At, JsonSerializer.SerializeToElement(record.Content, record.Content.GetType(), json.Value.SerializerOptions)));
            }
            if (held.Count > 0) sections.Add(new HeldSection(source.Module, held));
        }
        return new SubjectAccessBundle(studentId, now, privacy.ErasedAt, sections, withheld);
    }

    /// <summary>Every record of the student, whatever withholdings say: to check that a withholding names a record that exists.</summary>
    public async Task<bool> HoldsAsync(string studentId, string kind, string id, CancellationToken ct)
    {
        foreach (var source in sources)
            if ((await source.RecordsOfAsync(studentId, ct)).Any(r => r.Kind == kind && r.Id == id)) return true;
        return false;
    }

    private static int Order(string module) => module switch
    {
        "Allocation" => 0,
        "Contact" => 1,
        "Meetings" => 2,
        "References" => 3,
        "DataProtection" => 4,
        _ => 5,
    };
}
