using PersonalTutoring.DataProtection.Contracts;
using PersonalTutoring.BuildingBlocks.Privacy;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Marten;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Contact.Shared;

namespace PersonalTutoring.Contact.ContactLogs.Notes;

/// <summary>POST /api/students/{studentId}/notes: a note of new information about a tutee, outside a contact (CO-6).</summary>
internal static class WriteNote
{
    internal sealed record Request(string? Text, Confidentiality? Confidentiality);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Text).NotEmpty().MaximumLength(8000);
            RuleFor(r => r.Confidentiality).NotNull();
        }
    }

    internal static object[] Decide(ContactLog state, string studentId, Guid noteId, Request r, string authorId, IReadOnlyList<string> tutorIds, DateTimeOffset now) =>
        state.Notes.ContainsKey(noteId) ? [] : [new NoteWritten(studentId, noteId, null, authorId, tutorIds, PersonalText.Of(studentId, AmendNote.NoteKind(r.Confidentiality!.Value), r.Text!.Trim()), r.Confidentiality!.Value, now)];

    internal sealed record Written(Guid NoteId);

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/students/{studentId}/notes", async (string studentId, Request request, HttpContext http, StudentContext context, IDocumentSession session, CancellationToken ct) =>
            {
                var access = http.StudentAccess();
                var noteId = Guid.NewGuid();
                await ContactLogWrites.DecideAndAppendAsync(session, http, studentId, s => Decide(s, studentId, noteId, request, access.User.Id, [.. access.Student.CurrentTutorIds], context.Clock.GetUtcNow()), ct);
                return Results.Created($"/api/students/{studentId}/contacts", new Written(noteId));
            })
            .Validate<Request>()
            .RequireAuthorization(ContactPolicies.RecordContact)
            .RequireStudent(StudentRelation.CurrentTutor | StudentRelation.AlternativeContact | StudentRelation.SeniorTutorOfSchool, "write notes")
            .WithName("WriteNote")
            .WithVersionHeaders()
            .WithSummary("Writes a standard or confidential note about a tutee; notes are never edited or deleted.")
            .Produces<Written>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
