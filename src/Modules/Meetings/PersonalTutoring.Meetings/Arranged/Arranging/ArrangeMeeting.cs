using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Meetings.Access;
using PersonalTutoring.Meetings.Shared;

namespace PersonalTutoring.Meetings.Arranged.Arranging;

/// <summary>POST /api/tutors/{staffId}/meetings: the tutor (or a Senior Tutor for them) invites one tutee or a group (ME-1, CO-1).</summary>
internal static class ArrangeMeeting
{
    internal sealed record Request(DateTimeOffset? StartsAt, int? LengthMinutes, MeetingFormat? Format, MeetingPurpose? Purpose, string? Room, string? OnlineLink,
        IReadOnlyList<string?>? InviteeIds);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.StartsAt).NotNull().Must(at => at is null || at.Value.Year is >= 2000 and <= 2100).WithMessage("A time between 2000 and 2100.");
            RuleFor(r => r.LengthMinutes).NotNull().InclusiveBetween(5, 240);
            RuleFor(r => r.Format).NotNull().IsInEnum();
            RuleFor(r => r.Purpose).NotNull().IsInEnum();
            RuleFor(r => r.Room).MaximumLength(200).NotEmpty().When(r => r.Format == MeetingFormat.InPerson).WithMessage("An in-person meeting names its room.");
            RuleFor(r => r.OnlineLink).MaximumLength(500).NotEmpty().When(r => r.Format == MeetingFormat.Video).WithMessage("A video meeting has its link.");
            RuleFor(r => r.OnlineLink).Must(link => link is null || (Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
                .WithMessage("An online meeting link is an absolute http(s) URL.");
            RuleFor(r => r.InviteeIds).NotEmpty().Must(ids => ids is null || ids.Count <= 100).WithMessage("Invite 1 to 100 tutees.");
            RuleForEach(r => r.InviteeIds).NotEmpty().MaximumLength(100);
        }
    }

    internal sealed record Arranged(Guid MeetingId, IReadOnlyList<string> InviteeIds);

    internal static object[] Decide(ArrangedMeeting state, Guid meetingId, Request r, string tutorId, string schoolCode, string actor, DateTimeOffset now)
    {
        if (state.Arranged) return []; // a retry of this very request (the id comes from its Idempotency-Key)
        var startsAt = r.StartsAt!.Value.ToUniversalTime();
        if (startsAt <= now) throw new BusinessRuleException("meeting-in-past", "Meetings are arranged for the future; record one already held as a contact.");
        var invitees = r.InviteeIds!.Select(i => i!.Trim()).Distinct(StringComparer.Ordinal).ToList();
        return [new MeetingArranged(meetingId, tutorId, schoolCode, r.Purpose!.Value, r.Format!.Value, startsAt, startsAt.AddMinutes(r.LengthMinutes!.Value),
            Trim(r.Room), Trim(r.OnlineLink), invitees, actor, now)];
    }

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/tutors/{staffId}/meetings", async (string staffId, Request request, HttpContext http, MeetingsContext context, IDocumentSession session,
                MeetingNotices notices, CancellationToken ct) =>
            {
                var tutor = http.TutorStanding();
                var meetingId = http.NewId("meeting");
                var current = await session.Events.FetchForWriting<ArrangedMeeting>(ArrangedMeeting.StreamId(meetingId), ct);
                var events = Decide(current.State, meetingId, request, staffId, tutor.SchoolCode, http.CurrentUser().Id, context.Clock.GetUtcNow());
                current.AppendDecision(http, events);
                if (events.FirstOrDefault() is MeetingArranged arranged) await notices.InvitedAsync(arranged, ct);
                await session.SaveChangesAsync(ct);
                return Results.Created($"/api/meetings/{meetingId}", new Arranged(meetingId, events.OfType<MeetingArranged>().FirstOrDefault()?.InviteeIds ?? []));
            })
            .RequireAuthorization(MeetingsPolicies.Arrange)
            .RequireTutor(tutees: false, "arrange meetings")
            // The invitees are named in the body: each must be the tutor's tutee today, checked before validation.
            .RequireBodyResource<Request>(async (request, http, _) =>
            {
                var context = http.RequestServices.GetRequiredService<MeetingsContext>();
                var staffId = http.RouteValue("staffId");
                var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(context.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(MeetingsContext.DefaultTimeZoneId)).DateTime);
                var tutees = (await context.Allocation.TuteesOfAsync(staffId, today, http.RequestAborted)).Select(s => s.StudentId).ToHashSet(StringComparer.Ordinal);
                var strangers = (request.InviteeIds ?? []).OfType<string>().Select(i => i.Trim()).Where(i => i.Length > 0 && !tutees.Contains(i)).ToList();
                if (strangers.Count > 0) throw new ForbiddenException($"Only the tutor's own tutees are invited; not {string.Join(", ", strangers.Take(5))}.");
            })
            .Validate<Request>()
            .WithName("ArrangeMeeting")
            .WithVersionHeaders()
            .WithSummary("The tutor (or a Senior Tutor of the school) invites one or more of the tutor's tutees to a meeting in person or by video; each is emailed.")
            .Produces<Arranged>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
