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

namespace PersonalTutoring.Contact.ContactLogs.Recording;

/// <summary>POST /api/students/{studentId}/contacts: a contact point, its optional note, the reply clock (CO-11) and CO-5 flags.</summary>
internal static class RecordContact
{
    /// <summary>Contacts recorded later than this need a reason (issue 5).</summary>
    public const int LateRecordingDays = 60;

    internal sealed record NoteRequest(string? Text, Confidentiality? Confidentiality);

    internal sealed record Request(ContactKind? Kind, ContactDirection? Direction, DateTimeOffset? OccurredAt, bool? EnquiredAboutProgressAndWellbeing,
        bool? TuteeResponded, NoteRequest? Note, string? LateReason);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Kind).NotNull();
            RuleFor(r => r.Direction).NotNull();
            RuleFor(r => r.OccurredAt).NotNull();
            RuleFor(r => r.EnquiredAboutProgressAndWellbeing).NotNull();
            RuleFor(r => r.LateReason).MaximumLength(1000);
            When(r => r.Note is not null, () =>
            {
                RuleFor(r => r.Note!.Text).NotEmpty().MaximumLength(8000);
                RuleFor(r => r.Note!.Confidentiality).NotNull();
            });
        }
    }

    internal sealed record Ids(Guid ContactId, Guid NoteId, Guid FlagId);

    /// <summary>Who and where: the staff member the contact is with, who recorded it, the school.</summary>
    internal sealed record Actor(string StaffId, string RecordedBy, string SchoolCode, IReadOnlyList<string> TutorIds);

    /// <summary>Reply due time (tutee-initiated), the current term and the CO-5 threshold (tutor-initiated), all looked up by the caller.</summary>
    internal sealed record Rules(DateTimeOffset? ReplyDueAt, TermWindow? Term, int UnansweredThreshold);

    internal static object[] Decide(ContactLog state, string studentId, Request r, Ids ids, Actor actor, Rules rules, DateTimeOffset now)
    {
        var at = r.OccurredAt!.Value;
        if (at > now) throw new BusinessRuleException("contact-in-future", "A contact cannot be recorded before it happens.");
        if (now - at > TimeSpan.FromDays(LateRecordingDays) && string.IsNullOrWhiteSpace(r.LateReason))
            throw new BusinessRuleException("late-record-needs-reason", $"A contact more than {LateRecordingDays} days ago needs a reason for recording it late.");
        if (state.Contacts.Contains(ids.ContactId)) return [];

        var tutorInitiated = r.Direction == ContactDirection.TutorInitiated;
        var events = new List<object>
        {
            new ContactRecorded(studentId, ids.ContactId, actor.SchoolCode, actor.StaffId, actor.RecordedBy, r.Kind!.Value, r.Direction!.Value, at,
                r.EnquiredAboutProgressAndWellbeing!.Value, tutorInitiated ? r.TuteeResponded : true, Trim(r.LateReason), now),
        };
        if (r.Note is { } note)
            events.Add(new NoteWritten(studentId, ids.NoteId, ids.ContactId, actor.RecordedBy, actor.TutorIds, PersonalText.Of(studentId, PersonalTutoring.Contact.ContactLogs.Notes.AmendNote.NoteKind(note.Confidentiality!.Value), note.Text!.Trim()), note.Confidentiality!.Value, now));

        if (!tutorInitiated)
        {
            var due = rules.ReplyDueAt ?? throw new InvalidOperationException("A tutee-initiated contact needs its reply due time.");
            events.Add(new ReplyAwaited(studentId, ids.ContactId, actor.SchoolCode, actor.StaffId, at, due));
            return [.. events];
        }

        // The tutor's next contact answers every message waiting before it.
        foreach (var open in state.OpenReplies.Where(o => o.ReceivedAt <= at))
            events.Add(new ReplyGiven(studentId, open.ContactId, ids.ContactId, at, at <= open.DueAt));

        if (r.TuteeResponded == false && rules.Term is { } term && term.Contains(at) && !state.FlaggedTerms.Contains(term.Key))
        {
            var unanswered = state.UnansweredAttempts.Count(term.Contains) + 1;
            if (unanswered >= rules.UnansweredThreshold)
                events.Add(new SupportFlagRaised(studentId, ids.FlagId, actor.SchoolCode, term.Key, unanswered, now));
        }
        return [.. events];
    }

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    internal sealed record Recorded(Guid ContactId, Guid? NoteId, DateTimeOffset? ReplyDueAt, bool SupportFlagRaised);

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/students/{studentId}/contacts", async (string studentId, Request request, HttpContext http, StudentContext context, IDocumentSession session, CancellationToken ct) =>
            {
                var access = http.StudentAccess();
                var actor = ActorFor(access);
                var profile = await context.ProfileAsync(studentId, ct);
                var at = request.OccurredAt!.Value;
                var policy = await context.PolicyAsync(profile, at, ct);
                var rules = request.Direction == ContactDirection.TuteeInitiated
                    ? new Rules(await context.Calendar.AddWorkingDaysAsync(profile.SchoolCode, at, policy.ResponseWorkingDays, ct), null, policy.UnansweredAttemptsBeforeEscalation)
                    : new Rules(null, await context.TermAtAsync(profile.SchoolCode, at, ct), policy.UnansweredAttemptsBeforeEscalation);

                // From the Idempotency-Key when there is one: a retry names the same contact and the guard in Decide fires.
                var ids = new Ids(http.NewId("contact"), http.NewId("note"), http.NewId("support-flag"));
                var events = await ContactLogWrites.DecideAndAppendAsync(session, http, studentId,
                    s => Decide(s, studentId, request, ids, actor with { SchoolCode = profile.SchoolCode }, rules, context.Clock.GetUtcNow()), ct);
                return Results.Created($"/api/students/{studentId}/contacts", new Recorded(
                    ids.ContactId, request.Note is null ? null : ids.NoteId, rules.ReplyDueAt, events.OfType<SupportFlagRaised>().Any()));
            })
            .Validate<Request>()
            .RequireAuthorization(ContactPolicies.RecordContact)
            .RequireStudent(StudentRelation.CurrentTutor | StudentRelation.AlternativeContact | StudentRelation.SeniorTutorOfSchool, "record contact")
            .WithName("RecordContact")
            .WithVersionHeaders()
            .WithSummary("Records a contact with a tutee (and an optional note); the current tutor, their stand-in, or a Senior Tutor on their behalf.")
            .Produces<Recorded>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>A Senior Tutor who is not the tutor records on the tutor's behalf: the contact is the tutor's.</summary>
    internal static Actor ActorFor(StudentAccess access) =>
        access.Is(StudentRelation.CurrentTutor | StudentRelation.AlternativeContact)
            ? new Actor(access.User.Id, access.User.Id, access.Student.SchoolCode, [.. access.Student.CurrentTutorIds])
            : new Actor(access.Student.CurrentTutorIds.FirstOrDefault() ?? access.User.Id, access.User.Id, access.Student.SchoolCode, [.. access.Student.CurrentTutorIds]);
}
