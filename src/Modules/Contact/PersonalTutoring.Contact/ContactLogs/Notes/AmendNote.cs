using PersonalTutoring.DataProtection.Contracts;
using PersonalTutoring.BuildingBlocks.Privacy;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Marten;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Contact.Access;
using PersonalTutoring.Contact.Shared;

namespace PersonalTutoring.Contact.ContactLogs.Notes;

/// <summary>
/// POST /api/students/{studentId}/notes/{noteId}/amendments: a correction shown beside the original, with its author and
/// time. The original is never changed (CO-6).
/// </summary>
internal static class AmendNote
{
    internal sealed record Request(string? Text);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Text).NotEmpty().MaximumLength(8000);
    }

    /// <summary>The key a note's text is written under: standard and confidential notes each have their own retention period (ADR 0085).</summary>
    internal static string NoteKind(Confidentiality confidentiality) =>
        confidentiality == Confidentiality.Confidential ? SubjectRecordKinds.ConfidentialNote : SubjectRecordKinds.StandardNote;

    internal static object[] Decide(ContactLog state, StudentAccess access, Guid noteId, Guid amendmentId, Request r, DateTimeOffset now)
    {
        var note = state.Notes.Demand(noteId, "note");
        var shared = RecordAccess.SupportTeamScope(state.Referrals.Values, state.Consents, DateOnly.FromDateTime(now.UtcDateTime));
        if (!RecordAccess.CanAmend(access, note, shared))
            throw new ForbiddenException("Only the note's author or the student's current tutor may amend it.");
        return [new NoteAmended(access.Student.StudentId, noteId, amendmentId, access.User.Id, PersonalText.Of(access.Student.StudentId, NoteKind(note.Confidentiality), r.Text!.Trim()), now)];
    }

    internal sealed record Amended(Guid NoteId, Guid AmendmentId);

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/students/{studentId}/notes/{noteId:guid}/amendments", async (string studentId, Guid noteId, Request request, HttpContext http,
                StudentContext context, IDocumentSession session, CancellationToken ct) =>
            {
                var access = http.StudentAccess();
                var amendmentId = Guid.NewGuid();
                await ContactLogWrites.DecideAndAppendAsync(session, http, studentId, s => Decide(s, access, noteId, amendmentId, request, context.Clock.GetUtcNow()), ct);
                return Results.Created($"/api/students/{studentId}/contacts", new Amended(noteId, amendmentId));
            })
            .Validate<Request>()
            .RequireAuthorization(ContactPolicies.RecordContact)
            .RequireStudent(StudentRelation.Any, "amend notes")
            .WithName("AmendNote")
            .WithVersionHeaders()
            .WithSummary("Adds a correction beside a note; the note itself is never edited or deleted.")
            .Produces<Amended>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
