using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Documents;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Contact.ContactLogs;

namespace PersonalTutoring.Contact.ReadModels.NoteReads;

/// <summary>One read of a confidential note: who, when, which note, never the text (CO-6).</summary>
internal sealed record NoteReadEntry(Guid ReadId, string StudentId, Guid NoteId, string ReaderId, IReadOnlyList<string> ReaderRoles, DateTimeOffset ReadAt);

internal sealed class NoteReadsProjection : MultiStreamProjection<NoteReadEntry>
{
    public NoteReadsProjection() => Lifecycle = ProjectionLifecycle.Inline;

    public override string Name => "contact-note-reads";

    public override IReadOnlyCollection<Type> EventTypes => [typeof(ConfidentialNoteRead)];

    protected override IEnumerable<string> Identities(StoredEvent e) => [e.Id.ToString()];

    protected override NoteReadEntry? Evolve(NoteReadEntry? current, string id, StoredEvent e) =>
        e.Data is ConfidentialNoteRead r ? new NoteReadEntry(e.Id, r.StudentId, r.NoteId, r.ReaderId, r.ReaderRoles, r.ReadAt) : current;

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/students/{studentId}/confidential-note-reads", async (string studentId, DocumentReader documents, CancellationToken ct) =>
                Results.Ok(await documents.QueryAsync<NoteReadEntry>("data->>'studentId' = @s", new Dictionary<string, object?> { ["s"] = studentId }, "data->>'readAt'", ct)))
            .RequireAuthorization(ContactPolicies.NoteReads)
            .WithName("GetStudentConfidentialNoteReads")
            .WithSummary("Who read which confidential note of a student, and when; never the text. Dean and Auditors.")
            .Produces<IReadOnlyList<NoteReadEntry>>();

        app.MapGet("/api/confidential-note-reads", async (DateTimeOffset? from, DateTimeOffset? to, DocumentReader documents, CancellationToken ct) =>
                Results.Ok(await documents.QueryAsync<NoteReadEntry>("(data->>'readAt')::timestamptz >= @from AND (data->>'readAt')::timestamptz < @to",
                    new Dictionary<string, object?> { ["from"] = from?.ToUniversalTime() ?? new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero), ["to"] = to?.ToUniversalTime() ?? new DateTimeOffset(3000, 1, 1, 0, 0, 0, TimeSpan.Zero) },
                    "data->>'readAt'", ct)))
            .RequireAuthorization(ContactPolicies.NoteReads)
            .WithName("GetConfidentialNoteReads")
            .WithSummary("Every read of a confidential note in a period, for the Dean and Auditors; never the text.")
            .Produces<IReadOnlyList<NoteReadEntry>>();
    }
}
