using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Contact.Contracts;
using PersonalTutoring.Meetings.Access;
using PersonalTutoring.Meetings.Arranged.NoShows;
using PersonalTutoring.Meetings.Shared;

namespace PersonalTutoring.Meetings.Arranged.Recording;

/// <summary>
/// POST /api/meetings/{meetingId}/attendance: the meeting was held; attendance for every invitee (attended, late, absent
/// with a reason, no-show). A tutee who came is recorded as a contact in Contact with the tutor's brief note, under
/// Contact's note rules (the note is kept there only).
/// </summary>
internal static class RecordAttendance
{
    internal sealed record Entry(string? StudentId, Attendance? Attendance, string? Reason, string? Note, bool? ConfidentialNote) : IAttendanceEntry;

    internal sealed record Request(IReadOnlyList<Entry?>? Attendance);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Attendance).NotEmpty().Must(a => a is null || a.Count <= 100).WithMessage("Attendance for 1 to 100 invitees.");
            RuleForEach(r => r.Attendance).NotNull().SetValidator(new AttendanceEntryRules());
        }
    }

    internal static object[] Decide(ArrangedMeeting state, Guid meetingId, Request r, string actor, DateTimeOffset now)
    {
        if (!state.Arranged) throw new NotFoundException($"Meeting {meetingId} is not known.");
        if (state.Held) throw new BusinessRuleException("attendance-recorded", "Attendance of this meeting is already recorded.");
        if (state.StartsAt > now) throw new BusinessRuleException("meeting-not-started", "Attendance is recorded once the meeting has started.");
        var entries = r.Attendance!.Select(e => e!).ToList();
        var named = entries.Select(e => e.StudentId!.Trim()).ToList();
        var missing = state.Invitees.Keys.Except(named).Order(StringComparer.Ordinal).ToList();
        var strangers = named.Except(state.Invitees.Keys).Concat(named.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key)).Distinct().ToList();
        if (missing.Count > 0 || strangers.Count > 0)
            throw new BusinessRuleException("attendance-incomplete", "Give attendance once for every invitee and no one else.",
                new Dictionary<string, object?> { ["missing"] = missing, ["notInvitedOrRepeated"] = strangers });
        return [new MeetingHeld(meetingId, state.TutorId, state.SchoolCode,
            [.. entries.Select(e => new AttendanceEntry(e.StudentId!.Trim(), e.Attendance!.Value, string.IsNullOrWhiteSpace(e.Reason) ? null : e.Reason.Trim()))], actor, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/meetings/{meetingId:guid}/attendance", async (Guid meetingId, Request request, HttpContext http, MeetingsContext context,
                IDocumentSession session, MeetingNotices notices, CancellationToken ct) =>
            {
                var current = await session.Events.FetchForWriting<ArrangedMeeting>(ArrangedMeeting.StreamId(meetingId), ct);
                var events = Decide(current.State, meetingId, request, http.CurrentUser().Id, context.Clock.GetUtcNow());
                current.AppendDecision(http, events);
                var held = (MeetingHeld)events[0];
                var state = current.State;
                var group = state.Invitees.Count > 1;
                foreach (var entry in request.Attendance!.Select(e => e!).Where(e => e.Attendance is Attendance.Attended or Attendance.Late))
                    await notices.PublishAsync(new MeetingAttended(entry.StudentId!.Trim(), http.NewId($"contact-{entry.StudentId}"), http.NewId($"note-{entry.StudentId}"),
                        state.TutorId, held.RecordedBy, group, state.Format == MeetingFormat.Video, state.StartsAt, string.IsNullOrWhiteSpace(entry.Note) ? null : entry.Note.Trim(),
                        entry.ConfidentialNote ?? false));
                // ME-7: a no-show without a reason is followed up: reminders at the policy interval, then the CO-5 escalation.
                foreach (var noShow in held.Attendance.Where(a => a.Attendance == Attendance.NoShow))
                    await NoShowFollowUp.StartAsync(session, notices, context.Settings,
                        new NoShowRecorded(meetingId, noShow.StudentId, state.TutorId, state.SchoolCode, state.StartsAt, held.RecordedAt));
                await session.SaveChangesAsync(ct);
                return Results.NoContent();
            })
            .RequireAuthorization(MeetingsPolicies.Arrange)
            .RequireMeeting(staff: true, invitees: false, "record attendance")
            .Validate<Request>()
            .WithName("RecordMeetingAttendance")
            .WithVersionHeaders()
            .WithSummary("The tutor (or a Senior Tutor) records a held meeting's attendance per invitee; those who came become contacts with the brief note, no-shows are reminded.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
