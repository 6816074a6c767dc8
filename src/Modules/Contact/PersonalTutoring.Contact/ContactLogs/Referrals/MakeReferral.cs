using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.DataProtection.Contracts;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Marten;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Contact.Shared;

namespace PersonalTutoring.Contact.ContactLogs.Referrals;

/// <summary>
/// POST /api/students/{studentId}/referrals: signposting or referral to a service (CO-10), on the student's consent or a
/// recorded justification for breaching confidentiality (CO-7). A follow-up date keeps the tutor supporting after it.
/// </summary>
internal static class MakeReferral
{
    internal const StudentRelation MayRefer = StudentRelation.CurrentTutor | StudentRelation.AlternativeContact | StudentRelation.SeniorTutorOfSchool;

    internal sealed record Breach(BreachGround? Ground, string? Detail);

    internal sealed record Request(ReferralService? Service, string? Reason, bool? ConsentGiven, Breach? BreachJustification,
        ConsentScope? ConsentScope, DateOnly? ConsentUntil, DateOnly? FollowUpOn);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Service).NotNull();
            RuleFor(r => r.Reason).NotEmpty().MaximumLength(4000);
            When(r => r.BreachJustification is not null, () =>
            {
                RuleFor(r => r.BreachJustification!.Ground).NotNull();
                RuleFor(r => r.BreachJustification!.Detail).NotEmpty().MaximumLength(4000);
            });
        }
    }

    internal static object[] Decide(ContactLog state, StudentAccess access, Guid referralId, Guid consentId, Request r, DateTimeOffset now)
    {
        var consent = r.ConsentGiven == true;
        if (consent == (r.BreachJustification is not null))
            throw new BusinessRuleException("consent-or-breach-justification", "A referral needs either the student's consent or a justification for breaching confidentiality, not both.");
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (r.FollowUpOn is { } followUp && followUp < today)
            throw new BusinessRuleException("follow-up-in-past", "The follow-up date must not be in the past.");
        if (state.Referrals.ContainsKey(referralId)) return [];

        var studentId = access.Student.StudentId;
        var events = new List<object>();
        if (consent)
        {
            if (r.ConsentUntil is { } until && until < today)
                throw new BusinessRuleException("consent-already-ended", "A consent cannot end before it is given.");
            events.Add(new ConsentRecorded(studentId, consentId, access.User.Id, r.ConsentScope ?? ConsentScope.StandardNotes, r.ConsentUntil, now));
        }
        events.Add(new ReferralMade(studentId, referralId, access.Student.SchoolCode, r.Service!.Value, PersonalText.Of(studentId, SubjectRecordKinds.Referral, r.Reason!.Trim()), access.User.Id,
            consent ? consentId : null, r.BreachJustification?.Ground,
            r.BreachJustification?.Detail is { } breach ? PersonalText.Of(studentId, SubjectRecordKinds.Referral, breach.Trim()) : null, r.FollowUpOn, now));
        return [.. events];
    }

    internal sealed record Made(Guid ReferralId, Guid? ConsentId);

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/students/{studentId}/referrals", async (string studentId, Request request, HttpContext http, StudentContext context, IDocumentSession session, CancellationToken ct) =>
            {
                var access = http.StudentAccess();
                var (referralId, consentId) = (Guid.NewGuid(), Guid.NewGuid());
                var events = await ContactLogWrites.DecideAndAppendAsync(session, http, studentId, s => Decide(s, access, referralId, consentId, request, context.Clock.GetUtcNow()), ct);
                return Results.Created($"/api/students/{studentId}/contacts", new Made(referralId, events.OfType<ConsentRecorded>().Any() ? consentId : null));
            })
            .Validate<Request>()
            .RequireAuthorization(ContactPolicies.RecordContact)
            .RequireStudent(MayRefer, "refer")
            .WithName("MakeReferral")
            .WithVersionHeaders()
            .WithSummary("Refers or signposts a tutee to a service, on consent or a recorded breach justification.")
            .Produces<Made>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
