using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Marten;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Contact.Shared;

namespace PersonalTutoring.Contact.ContactLogs.Sharing;

/// <summary>
/// A student's consent to share notes with the Support Team (CO-7): who recorded it, when, its scope, optionally
/// until a date; revocable. Sharing itself happens through a referral.
/// </summary>
internal static class Consents
{
    internal const StudentRelation MayRecord = StudentRelation.Self | StudentRelation.CurrentTutor | StudentRelation.AlternativeContact | StudentRelation.SeniorTutorOfSchool;

    internal sealed record Request(ConsentScope? Scope, DateOnly? Until);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Scope).NotNull();
    }

    internal static object[] Record(ContactLog state, string studentId, Guid consentId, Request r, string recordedBy, DateTimeOffset now)
    {
        if (r.Until is { } until && until < DateOnly.FromDateTime(now.UtcDateTime))
            throw new BusinessRuleException("consent-already-ended", "A consent cannot end before it is given.");
        return state.Consents.ContainsKey(consentId) ? [] : [new ConsentRecorded(studentId, consentId, recordedBy, r.Scope!.Value, r.Until, now)];
    }

    internal static object[] Revoke(ContactLog state, string studentId, Guid consentId, string revokedBy, DateTimeOffset now) =>
        state.Consents.Demand(consentId, "consent").Revoked ? [] : [new ConsentRevoked(studentId, consentId, revokedBy, now)];

    internal sealed record Recorded(Guid ConsentId);

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/students/{studentId}/consents", async (string studentId, Request request, HttpContext http, StudentContext context, IDocumentSession session, CancellationToken ct) =>
            {
                var access = http.StudentAccess();
                var consentId = Guid.NewGuid();
                await ContactLogWrites.DecideAndAppendAsync(session, http, studentId, s => Record(s, studentId, consentId, request, access.User.Id, context.Clock.GetUtcNow()), ct);
                return Results.Created($"/api/students/{studentId}/contacts", new Recorded(consentId));
            })
            .Validate<Request>()
            .RequireAuthorization(ContactPolicies.Consent)
            .RequireStudent(MayRecord, "record consent")
            .WithName("RecordConsent")
            .WithVersionHeaders()
            .WithSummary("Records the student's consent to share notes with the Support Team, with its scope and optional end date.")
            .Produces<Recorded>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        // The consents alone (no notes, no referrals): what the tutee needs to see and withdraw their own (issue 15).
        app.MapGet("/api/students/{studentId}/consents", async (string studentId, IQuerySession session, CancellationToken ct) =>
            {
                var record = await session.LoadAsync<ReadModels.StudentRecords.StudentRecord>(studentId, ct);
                return Results.Ok(record?.Consents ?? []);
            })
            .RequireAuthorization(ContactPolicies.Consent)
            .RequireStudent(MayRecord, "see the consents")
            .WithName("GetConsents")
            .WithSummary("The student's consents to share notes with the Support Team, given and withdrawn, for those who may record them.")
            .Produces<IReadOnlyList<ReadModels.StudentRecords.ConsentEntry>>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/api/students/{studentId}/consents/{consentId:guid}/revoke", async (string studentId, Guid consentId, HttpContext http, StudentContext context, IDocumentSession session, CancellationToken ct) =>
            {
                var access = http.StudentAccess();
                await ContactLogWrites.DecideAndAppendAsync(session, http, studentId, s => Revoke(s, studentId, consentId, access.User.Id, context.Clock.GetUtcNow()), ct);
                return Results.NoContent();
            })
            .RequireAuthorization(ContactPolicies.Consent)
            .RequireStudent(MayRecord, "revoke consent")
            .WithName("RevokeConsent")
            .WithVersionHeaders()
            .WithSummary("Revokes a consent: sharing that relied on it stops at once.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
