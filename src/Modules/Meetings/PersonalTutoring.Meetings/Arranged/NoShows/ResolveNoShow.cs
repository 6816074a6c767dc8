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

/// <summary>
/// POST /api/meetings/{meetingId}/no-shows/{studentId}/resolve (and /api/slots/{slotId}/… for a clinic's no-show): the
/// tutee got in touch; the reminders stop and nothing is escalated. One follow-up, one decision, for both.
/// </summary>
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

    internal static void MapClinic(IEndpointRouteBuilder app) =>
        app.MapPost("/api/slots/{slotId:guid}/no-shows/{studentId}/resolve", async (Guid slotId, string studentId, Request request, HttpContext http,
                MeetingsContext context, IDocumentSession session, CancellationToken ct) =>
            {
                var current = await session.Events.FetchForWriting<NoShowFollowUp>(NoShowFollowUp.StreamId(slotId, studentId), ct);
                current.AppendDecision(http, Decide(current.State, slotId, studentId, request.Note, http.CurrentUser().Id, context.Clock.GetUtcNow()));
                await session.SaveChangesAsync(ct);
                return Results.NoContent();
            })
            .RequireAuthorization(MeetingsPolicies.ManageSlots)
            .RequireSlot(staff: true, tutees: false, bookingHolder: false, "resolve a no-show")
            .Validate<Request>()
            .WithName("ResolveClinicNoShow")
            .WithVersionHeaders()
            .WithSummary("The tutor (or a Senior Tutor) records that a tutee who did not come to a booked clinic slot has got in touch: no more reminders, no escalation.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
