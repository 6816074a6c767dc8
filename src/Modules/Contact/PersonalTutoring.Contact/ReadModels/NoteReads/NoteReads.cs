using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Contact.ContactLogs;

namespace PersonalTutoring.Contact.ReadModels.NoteReads;

/// <summary>
/// One read of a confidential note: who, when, which note, never the text (CO-6). <see cref="ReadId"/> is the id of the
/// event that recorded the read, as text (its Marten identity; the JSON is the same as a Guid's).
/// </summary>
internal sealed record NoteReadEntry(string ReadId, string StudentId, Guid NoteId, string ReaderId, IReadOnlyList<string> ReaderRoles, DateTimeOffset ReadAt);

/// <summary>
/// One document per read. Keyed by event id, not by stream version: reads are appended without a version, and an inline
/// projection sees version 0 for those (Quick append).
/// </summary>
internal sealed class NoteReadsProjection : FoldProjection<NoteReadEntry>
{
    public override ProjectionLifecycle Lifecycle => ProjectionLifecycle.Inline;

    public override string Name => "contact-note-reads";

    public override IReadOnlyCollection<Type> EventTypes => [typeof(ConfidentialNoteRead), typeof(PersonalDataRead)];

    // Reads before issue 16 were ConfidentialNoteRead; since then every note read is a PersonalDataRead (standard ones too).
    protected override IEnumerable<string> Identities(IEvent e) => e.Data switch
    {
        ConfidentialNoteRead => [e.Id.ToString()],
        PersonalDataRead { RecordKind: ReadKinds.ConfidentialNote } => [e.Id.ToString()],
        _ => [],
    };

    protected override NoteReadEntry? Evolve(NoteReadEntry? current, string id, IEvent e) => e.Data switch
    {
        ConfidentialNoteRead r => new NoteReadEntry(id, r.StudentId, r.NoteId, r.ReaderId, r.ReaderRoles, r.ReadAt),
        PersonalDataRead r => new NoteReadEntry(id, r.StudentId, Guid.Parse(r.RecordId), r.ReaderId, r.ReaderRoles, r.ReadAt),
        _ => current,
    };

    public static void Register(StoreOptions options)
    {
        options.Schema.For<NoteReadEntry>().DatabaseSchemaName(ContactModule.Schema).Identity(r => r.ReadId)
            .Index(r => r.StudentId);
        options.AddFold(new NoteReadsProjection());
    }

    private static readonly DateTimeOffset Earliest = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero), Latest = new(3000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/students/{studentId}/confidential-note-reads", async (string studentId, IQuerySession session, CancellationToken ct) =>
                Results.Ok(await session.Query<NoteReadEntry>().Where(r => r.StudentId == studentId).OrderBy(r => r.ReadAt).ToListAsync(ct)))
            .RequireAuthorization(ContactPolicies.NoteReads)
            .WithName("GetStudentConfidentialNoteReads")
            .WithSummary("Who read which confidential note of a student, and when; never the text. Dean and Auditors.")
            .Produces<IReadOnlyList<NoteReadEntry>>();

        app.MapGet("/api/confidential-note-reads", async (DateTimeOffset? from, DateTimeOffset? to, IQuerySession session, CancellationToken ct) =>
            {
                var (start, end) = (from?.ToUniversalTime() ?? Earliest, to?.ToUniversalTime() ?? Latest);
                return Results.Ok(await session.Query<NoteReadEntry>().Where(r => r.ReadAt >= start && r.ReadAt < end).OrderBy(r => r.ReadAt).ToListAsync(ct));
            })
            .RequireAuthorization(ContactPolicies.NoteReads)
            .WithName("GetConfidentialNoteReads")
            .WithSummary("Every read of a confidential note in a period, for the Dean and Auditors; never the text.")
            .Produces<IReadOnlyList<NoteReadEntry>>();
    }
}
