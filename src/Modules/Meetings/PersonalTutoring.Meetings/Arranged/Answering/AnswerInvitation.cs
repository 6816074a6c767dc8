using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Meetings.Access;
using PersonalTutoring.Meetings.Shared;

namespace PersonalTutoring.Meetings.Arranged.Answering;

/// <summary>POST /api/meetings/{meetingId}/answer: an invited tutee accepts or declines (with an optional comment).</summary>
internal static class AnswerInvitation
{
    internal sealed record Request(bool? Accept, string? Comment);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Accept).NotNull();
            RuleFor(r => r.Comment).MaximumLength(1000);
        }
    }

    internal static object[] Decide(ArrangedMeeting state, Guid meetingId, string studentId, Request r, DateTimeOffset now)
    {
        if (!state.Invitees.TryGetValue(studentId, out var answer)) throw new NotFoundException($"Meeting {meetingId} is not known, or not to you.");
        if (state.Held || state.StartsAt <= now) throw new BusinessRuleException("meeting-started", "The meeting has started; it can no longer be answered.");
        var comment = string.IsNullOrWhiteSpace(r.Comment) ? null : r.Comment.Trim();
        return answer == r.Accept && comment is null ? [] : [new InvitationAnswered(meetingId, studentId, r.Accept!.Value, comment, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/meetings/{meetingId:guid}/answer", async (Guid meetingId, Request request, HttpContext http, MeetingsContext context, IDocumentSession session,
                CancellationToken ct) =>
            {
                var current = await session.Events.FetchForWriting<ArrangedMeeting>(ArrangedMeeting.StreamId(meetingId), ct);
                current.AppendDecision(http, Decide(current.State, meetingId, http.CurrentUser().Id, request, context.Clock.GetUtcNow()));
                await session.SaveChangesAsync(ct);
                return Results.NoContent();
            })
            .RequireAuthorization(MeetingsPolicies.Answer)
            .RequireMeeting(staff: false, invitees: true, "answer the invitation")
            .Validate<Request>()
            .WithName("AnswerMeetingInvitation")
            .WithVersionHeaders()
            .WithSummary("An invited tutee accepts or declines a meeting their tutor arranged.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
