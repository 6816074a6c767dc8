using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.DataProtection.Erasure;

namespace PersonalTutoring.DataProtection.ReadLog;

/// <summary>
/// One logged read of a student's personal data (a note's text, an issued reference, a subject-access export): who,
/// in which roles, why, when; never the text. <see cref="ReadId"/> is the id of the event that recorded it.
/// </summary>
internal sealed record PersonalDataReadEntry(
    string ReadId, string StudentId, string SchoolCode, string RecordKind, string RecordId, string ReaderId, IReadOnlyList<string> ReaderRoles,
    ReadPurpose Purpose, bool PurposeStated, DateTimeOffset ReadAt);

/// <summary>
/// Every read any module logs, whatever stream it is on (issue 16 item 5, ADR 0084). Inline, one document per read,
/// keyed by event id: reads are appended without a version, and nothing ever updates one.
/// </summary>
internal sealed class PersonalDataReadLogProjection : FoldProjection<PersonalDataReadEntry>
{
    public override ProjectionLifecycle Lifecycle => ProjectionLifecycle.Inline;

    public override string Name => "data-protection-read-log";

    public override IReadOnlyCollection<Type> EventTypes => [typeof(PersonalDataRead), typeof(SubjectAccessExported)];

    protected override IEnumerable<string> Identities(IEvent e) => e.Data is PersonalDataRead or SubjectAccessExported ? [e.Id.ToString()] : [];

    protected override PersonalDataReadEntry? Evolve(PersonalDataReadEntry? current, string id, IEvent e) => e.Data switch
    {
        PersonalDataRead r => new(id, r.StudentId, r.SchoolCode, r.RecordKind, r.RecordId, r.ReaderId, r.ReaderRoles, r.Purpose, r.PurposeStated, r.ReadAt),
        SubjectAccessExported x => new(id, x.StudentId, x.SchoolCode, ReadKinds.SubjectAccessExport, x.ExportId.ToString(), x.ExportedBy, x.ExporterRoles,
            x.Purpose, x.PurposeStated, x.ExportedAt),
        _ => current,
    };

    public static void Register(StoreOptions options)
    {
        options.Schema.For<PersonalDataReadEntry>().DatabaseSchemaName(DataProtectionModule.Schema).Identity(r => r.ReadId)
            .Index(r => r.StudentId).Index(r => r.SchoolCode);
        options.AddFold(new PersonalDataReadLogProjection());
    }

    private static readonly DateTimeOffset Earliest = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero), Latest = new(3000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The most reads one answer lists for a school: narrow the dates for more.</summary>
    internal const int SchoolLimit = 5_000;

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/students/{studentId}/personal-data-reads", async (string studentId, IQuerySession session, CancellationToken ct) =>
                Results.Ok(await session.Query<PersonalDataReadEntry>().Where(r => r.StudentId == studentId).OrderBy(r => r.ReadAt).ToListAsync(ct)))
            .RequireAuthorization(DataProtectionPolicies.ReadLog)
            .RequireStudent(StudentRelation.Self | StudentRelation.UniversityWide | StudentRelation.Oversight, "read who read the student's personal data")
            .WithName("GetStudentPersonalDataReads")
            .WithSummary("Who read the student's notes, issued references and subject-access exports, when and why: for the student, the Dean, Admins and Auditors.")
            .Produces<IReadOnlyList<PersonalDataReadEntry>>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/schools/{schoolCode}/personal-data-reads", async (string schoolCode, DateTimeOffset? from, DateTimeOffset? to, IQuerySession session, CancellationToken ct) =>
            {
                var (start, end) = (from?.ToUniversalTime() ?? Earliest, to?.ToUniversalTime() ?? Latest);
                if (end < start) throw new BusinessRuleException("invalid-range", "to is before from.");
                return Results.Ok(await session.Query<PersonalDataReadEntry>().Where(r => r.SchoolCode == schoolCode && r.ReadAt >= start && r.ReadAt < end)
                    .OrderBy(r => r.ReadAt).Take(SchoolLimit).ToListAsync(ct));
            })
            .RequireAuthorization(DataProtectionPolicies.ReadSchoolLog)
            .WithName("GetSchoolPersonalDataReads")
            .WithSummary("Every logged read of personal data of a school's students in [from, to), oldest first, at most 5,000: for the Dean, Admins and Auditors.")
            .Produces<IReadOnlyList<PersonalDataReadEntry>>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
