using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Governance.TuteeGuides.DraftingGuide;

/// <summary>
/// PUT /api/schools/{schoolCode}/tutee-guide/{academicYear}/draft: writes the pending draft of the school's
/// "What tutees can expect" (GO-4, ME-2, ME-9). Tutees see nothing until it is published.
/// </summary>
internal static class DraftTuteeGuide
{
    internal sealed record Window(string? Name, DateOnly? From, DateOnly? To, MeetingKind? Kind);

    internal sealed record Request(string? Description, string? HowToContactTutor, string? HowToRequestChangeOrEscalate, string? OfficeHoursPolicy, IReadOnlyList<Window>? MeetingSchedule);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Description).NotEmpty().MaximumLength(8000);
            RuleFor(r => r.HowToContactTutor).NotEmpty().MaximumLength(4000);
            RuleFor(r => r.HowToRequestChangeOrEscalate).NotEmpty().MaximumLength(4000);
            RuleFor(r => r.OfficeHoursPolicy).NotEmpty().MaximumLength(4000);
            RuleFor(r => r.MeetingSchedule).NotEmpty().WithMessage("A guide publishes the meeting schedule (ME-2): at least one window.");
            RuleForEach(r => r.MeetingSchedule).NotNull().ChildRules(w =>
            {
                w.RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
                w.RuleFor(x => x.From).NotNull();
                w.RuleFor(x => x.To).NotNull();
                w.RuleFor(x => x.To).GreaterThanOrEqualTo(x => x.From).When(x => x.From is not null && x.To is not null)
                    .WithMessage("A meeting window cannot end before it starts.");
                w.RuleFor(x => x.Kind).NotNull().IsInEnum();
            });
        }
    }

    internal static GuideContent Content(Request r) => new(r.Description!.Trim(), r.HowToContactTutor!.Trim(), r.HowToRequestChangeOrEscalate!.Trim(), r.OfficeHoursPolicy!.Trim(),
        r.MeetingSchedule!.Select(w => new MeetingWindow(w.Name!.Trim(), w.From!.Value, w.To!.Value, w.Kind!.Value)).OrderBy(w => w.From).ThenBy(w => w.Name, StringComparer.Ordinal).ToList());

    /// <summary>Drafting what is already drafted, or what is already published with no draft pending, decides nothing.</summary>
    internal static object[] Decide(TuteeGuide state, string schoolCode, string academicYear, GuideContent content, string by, DateTimeOffset now)
    {
        if (content.SameAs(state.Draft) || (state.Draft is null && content.SameAs(state.Published))) return [];
        return [new TuteeGuideDrafted(schoolCode, academicYear, content, by, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/schools/{schoolCode}/tutee-guide/{academicYear}/draft",
                async (string schoolCode, string academicYear, Request request, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                RouteValues.School(schoolCode);
                var year = GovernanceAccess.Year(academicYear).ToString();
                var user = http.CurrentUser();
                ResourceAccess.DemandSchool(user, schoolCode, "draft the tutee guide");
                await RouteValues.RegisteredSchoolAsync(session, schoolCode, ct);
                var current = await session.Events.FetchForWriting<TuteeGuide>(TuteeGuide.StreamId(schoolCode, year), ct);
                var content = Content(request);
                current.AppendDecision(http, Decide(current.State, schoolCode, year, content, user.Id, clock.GetUtcNow()));
                await session.SaveChangesAsync(ct);
                return Results.Ok(content);
            })
            .Validate<Request>()
            .RequireAuthorization(DevelopmentPolicies.ManageSchoolRecords)
            .WithName("PutTuteeGuideDraft")
            .WithVersionHeaders()
            .WithSummary("Drafts the school's 'What tutees can expect' for a year: description, contact, change/escalation, office hours, meeting schedule.")
            .Produces<GuideContent>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
