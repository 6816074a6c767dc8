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

namespace PersonalTutoring.Meetings.Arranged.NoShows;

/// <summary>POST /api/meetings/{meetingId}/no-shows/{studentId}/resolve: the tutee got in touch; the reminders stop and nothing is escalated.</summary>
internal static class ResolveNoShow
{
    internal sealed record Request(string? Note);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Note).MaximumLength(1000);
    }

    internal static object[] Decide(NoShowFollowUp state, Guid meetingId, string studentId, string? note, string actor, DateTimeOffset now)
    {
        if (!state.Recorded) throw new NotFoundException($"No no-show of {studentId} is recorded for meeting {meetingId}.");
        if (!state.Open) throw new BusinessRuleException("follow-up-closed", state.Resolved ? "The no-show is already resolved." : "The no-show has already been escalated to the Support Team.");
        return [new NoShowResolved(meetingId, studentId, actor, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/meetings/{meetingId:guid}/no-shows/{studentId}/resolve", async (Guid meetingId, string studentId, Request request, HttpContext http,
                MeetingsContext context, IDocumentSession session, CancellationToken ct) =>
            {
                var current = await session.Events.FetchForWriting<NoShowFollowUp>(NoShowFollowUp.StreamId(meetingId, studentId), ct);
                current.AppendDecision(http, Decide(current.State, meetingId, studentId, request.Note, http.CurrentUser().Id, context.Clock.GetUtcNow()));
                await session.SaveChangesAsync(ct);
                return Results.NoContent();
            })
            .RequireAuthorization(MeetingsPolicies.Arrange)
            .RequireMeeting(staff: true, invitees: false, "resolve a no-show")
            .Validate<Request>()
            .WithName("ResolveNoShow")
            .WithVersionHeaders()
            .WithSummary("The tutor (or a Senior Tutor) records that a tutee who did not attend has got in touch: no more reminders, no escalation.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
