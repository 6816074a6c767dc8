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
using PersonalTutoring.Meetings.Arranged;
using PersonalTutoring.Meetings.Arranged.NoShows;
using PersonalTutoring.Meetings.Arranged.Recording;
using PersonalTutoring.Meetings.Shared;

namespace PersonalTutoring.Meetings.Slots.Attendance;

/// <summary>
/// POST /api/slots/{slotId}/attendance: the tutor (or a Senior Tutor) records how a clinic slot's bookings went, once it
/// has started — attended, late, absent with a reason, no-show — for every tutee booked on it. As at arranged meetings
/// (ADR 0071): a tutee who came becomes a contact in Contact with the brief note (Contact's note rules); a no-show is
/// followed up on the same path (reminders, then the CO-5 flag); monitoring counts a clinic attended as a meeting met.
/// </summary>
internal static class RecordClinicAttendance
{
    internal sealed record Entry(string? StudentId, Arranged.Attendance? Attendance, string? Reason, string? Note, bool? ConfidentialNote) : IAttendanceEntry;

    internal sealed record Request(IReadOnlyList<Entry?>? Attendance);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Attendance).NotEmpty().Must(a => a is null || a.Count <= 200).WithMessage("Attendance for 1 to 200 booked tutees.");
            RuleForEach(r => r.Attendance).NotNull().SetValidator(new AttendanceEntryRules());
        }
    }

    /// <summary>Every live booking once, nobody else; a cancelled or not yet started slot, or one already recorded, is a 422.</summary>
    internal static object[] Decide(ClinicSlot slot, Guid slotId, Request r, string actor, DateTimeOffset now)
    {
        if (!slot.Published) throw new NotFoundException($"Slot {slotId} is not known.");
        if (slot.Cancelled) throw new BusinessRuleException("slot-cancelled", "The slot was cancelled; nobody attended it.");
        if (slot.StartsAt > now) throw new BusinessRuleException("slot-not-started", "Attendance is recorded once the slot has started.");
        if (slot.AttendanceRecorded) throw new BusinessRuleException("attendance-recorded", "Attendance at this slot is already recorded.");
        if (slot.Bookings.Count == 0) throw new BusinessRuleException("slot-not-booked", "Nobody booked this slot.");
        var entries = r.Attendance!.Select(e => e!).ToList();
        var named = entries.Select(e => e.StudentId!.Trim()).ToList();
        var booked = slot.Bookings.ToDictionary(b => b.Value, b => b.Key, StringComparer.Ordinal);
        var missing = booked.Keys.Except(named).Order(StringComparer.Ordinal).ToList();
        var strangers = named.Except(booked.Keys).Concat(named.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key)).Distinct().ToList();
        if (missing.Count > 0 || strangers.Count > 0)
            throw new BusinessRuleException("attendance-incomplete", "Give attendance once for every tutee booked on the slot and no one else.",
                new Dictionary<string, object?> { ["missing"] = missing, ["notBookedOrRepeated"] = strangers });
        return [new ClinicAttendanceRecorded(slotId, slot.TutorId, slot.SchoolCode, slot.StartsAt,
            [.. entries.Select(e => new ClinicAttendanceEntry(booked[e.StudentId!.Trim()], e.StudentId!.Trim(), e.Attendance!.Value,
                string.IsNullOrWhiteSpace(e.Reason) ? null : e.Reason.Trim()))], actor, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/slots/{slotId:guid}/attendance", async (Guid slotId, Request request, HttpContext http, MeetingsContext context,
                IDocumentSession session, MeetingNotices notices, CancellationToken ct) =>
            {
                var current = await session.Events.FetchForWriting<ClinicSlot>(ClinicSlot.StreamId(slotId), ct);
                var events = Decide(current.State, slotId, request, http.CurrentUser().Id, context.Clock.GetUtcNow());
                current.AppendDecision(http, events);
                var recorded = (ClinicAttendanceRecorded)events[0];
                var slot = http.SlotStanding().Slot;
                var notes = request.Attendance!.Select(e => e!).ToDictionary(e => e.StudentId!.Trim(), StringComparer.Ordinal);
                foreach (var came in recorded.Attendance.Where(a => a.Attendance is Arranged.Attendance.Attended or Arranged.Attendance.Late))
                    await notices.PublishAsync(new MeetingAttended(came.StudentId, http.NewId($"contact-{came.StudentId}"), http.NewId($"note-{came.StudentId}"),
                        recorded.TutorId, recorded.RecordedBy, slot.Capacity > 1, slot.Room is null && slot.OnlineLink is not null, recorded.StartsAt,
                        string.IsNullOrWhiteSpace(notes[came.StudentId].Note) ? null : notes[came.StudentId].Note!.Trim(), notes[came.StudentId].ConfidentialNote ?? false));
                foreach (var noShow in recorded.Attendance.Where(a => a.Attendance == Arranged.Attendance.NoShow))
                    await NoShowFollowUp.StartAsync(session, notices, context.Settings,
                        new NoShowRecorded(slotId, noShow.StudentId, recorded.TutorId, recorded.SchoolCode, recorded.StartsAt, recorded.RecordedAt, AtClinic: true));
                await session.SaveChangesAsync(ct);
                return Results.NoContent();
            })
            .RequireAuthorization(MeetingsPolicies.ManageSlots)
            .RequireSlot(staff: true, tutees: false, bookingHolder: false, "record attendance")
            .Validate<Request>()
            .WithName("RecordClinicAttendance")
            .WithVersionHeaders()
            .WithSummary("The tutor (or a Senior Tutor) records a clinic slot's attendance per booked tutee; those who came become contacts with the brief note, no-shows are reminded.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
