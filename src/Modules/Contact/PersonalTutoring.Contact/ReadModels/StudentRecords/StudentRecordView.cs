using PersonalTutoring.BuildingBlocks.Privacy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Contact.Access;
using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.Contact.Shared;

namespace PersonalTutoring.Contact.ReadModels.StudentRecords;

internal sealed record AmendmentView(Guid AmendmentId, string AuthorId, DateTimeOffset AmendedAt, string? Text);

/// <summary>A note as one reader may see it: <see cref="Withheld"/> with no text when the reader may not read it.</summary>
internal sealed record NoteView(Guid NoteId, Guid? ContactId, string AuthorId, Confidentiality Confidentiality, DateTimeOffset WrittenAt, string? Text, bool Withheld,
    IReadOnlyList<AmendmentView> Amendments);

internal sealed record StudentRecordView(
    string StudentId, IReadOnlyList<ContactEntry> Contacts, IReadOnlyList<NoteView> Notes, IReadOnlyList<ConsentEntry> Consents,
    IReadOnlyList<ReferralEntry> Referrals, IReadOnlyList<ConcernEntry> Concerns, IReadOnlyList<ObjectiveEntry> Objectives, IReadOnlyList<SupportFlagEntry> SupportFlags);

/// <summary>
/// GET /api/students/{studentId}/contacts: the full contact history with notes beside their contacts, filtered per
/// reader (CO-6, CO-7, AL-8). Every confidential note whose text is returned is recorded as read.
/// </summary>
internal static class StudentRecordEndpoint
{
    internal static StudentRecordView Filter(StudentRecord record, StudentAccess access, ConsentScope? shared, out IReadOnlyList<NoteEntry> textRead)
    {
        var read = new List<NoteEntry>();
        var notes = record.Notes.Select(n =>
        {
            var visible = RecordAccess.CanReadText(access, new NoteFacts(n.AuthorId, n.Confidentiality, n.TutorIds), shared);
            if (visible) read.Add(n);
            return new NoteView(n.NoteId, n.ContactId, n.AuthorId, n.Confidentiality, n.WrittenAt, visible ? n.Text.Text : null, !visible,
                n.Amendments.Select(a => new AmendmentView(a.AmendmentId, a.AuthorId, a.AmendedAt, visible ? a.Text.Text : null)).ToList());
        }).ToList();
        textRead = read;

        // Free text about referrals, concerns and objectives is as sensitive as a standard note.
        var text = RecordAccess.CanReadText(access, new NoteFacts("", Confidentiality.Standard, []), shared);
        return new StudentRecordView(record.StudentId, record.Contacts, notes, record.Consents,
            record.Referrals.Select(r => text ? r : r with { Reason = PersonalText.Withheld, BreachJustification = null, Outcome = null }).ToList(),
            record.Concerns.Select(c => text ? c : c with { Detail = PersonalText.Withheld, Outcome = null }).ToList(),
            record.Objectives.Select(o => text ? o : o with { Text = PersonalText.Withheld, Comment = null }).ToList(),
            record.SupportFlags);
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/students/{studentId}/contacts", async (string studentId, ReadPurpose? purpose, HttpContext http, StudentContext context, IQuerySession session, ISessionFactory sessions, CancellationToken ct) =>
            {
                var access = http.StudentAccess();
                var record = await session.LoadAsync<StudentRecord>(studentId, ct) ?? StudentRecord.Empty(studentId, access.Student.SchoolCode);
                var now = context.Clock.GetUtcNow();
                var shared = RecordAccess.SupportTeamScope(record.ReferralFacts, record.ConsentFacts, DateOnly.FromDateTime(now.UtcDateTime));
                if (!RecordAccess.CanOpenRecord(access, shared))
                    throw new ForbiddenException($"You may not read the tutoring record of student {studentId}.");

                var view = Filter(record, access, shared, out var textRead);
                if (textRead.Count > 0)
                {
                    // Every note whose text is returned, standard or confidential, is a logged read (issue 16 item 5). A log
                    // with no invariant: reads are appended at whatever version the stream is at, and two people reading at
                    // once never fail each other (the read views key each read by its event id).
                    var reads = textRead.GroupBy(n => n.Confidentiality == Confidentiality.Confidential ? ReadKinds.ConfidentialNote : ReadKinds.StandardNote)
                        .SelectMany(g => ReadAudit.Reads(access.User, purpose, studentId, access.Student.SchoolCode, g.Key, g.Select(n => n.NoteId.ToString()), now));
                    await sessions.AppendToLogAsync(ContactLog.NoteReadsStreamId(studentId), reads.ToArray(), ct);
                }
                return Results.Ok(view);
            })
            .RequireAuthorization(ContactPolicies.ReadRecord)
            .RequireStudent(StudentRelation.Any, "read the tutoring record")
            .WithName("GetStudentContacts")
            .WithSummary("A student's contact history, notes with their amendments, sharing, referrals, concerns, objectives and flags, as the caller may see them. Every note text returned is logged as read, with the purpose given (or the role's usual one).")
            .Produces<StudentRecordView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
