using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Contact.Contracts;
using PersonalTutoring.Meetings.Arranged;
using PersonalTutoring.Meetings.Arranged.Answering;
using PersonalTutoring.Meetings.Arranged.Arranging;
using PersonalTutoring.Meetings.Arranged.NoShows;
using PersonalTutoring.Meetings.Arranged.Recording;
using PersonalTutoring.Meetings.ReadModels.Slots;
using PersonalTutoring.Meetings.Shared;
using PersonalTutoring.Meetings.Slots;
using PersonalTutoring.Meetings.Slots.Attendance;
using PersonalTutoring.Meetings.Slots.Booking;
using PersonalTutoring.Meetings.Slots.Publishing;

namespace PersonalTutoring.Meetings.Seeding;

/// <summary>
/// Clinics for a few demo tutors of MED and ENG (the Allocation seed creates them): from next Monday for four weeks, a
/// weekly in-person clinic of three one-to-one slots on Tuesdays and an online group slot on Thursdays, with some of
/// their tutees booked; a welcome meeting held last week with attendance, a note (kept by Contact) and a no-show with
/// its first reminder; a meeting held yesterday waiting for its attendance and one next week. Written through the deciders;
/// idempotent: a tutor with any slot is left alone.
/// </summary>
internal static class MeetingsDemoSeed
{
    private const int TutorsPerSchool = 5;
    private static readonly EventMetadata Seed = new("seed-demo", null, "seed-demo");

    public static async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var context = services.GetRequiredService<MeetingsContext>();
        var now = context.Clock.GetUtcNow();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(MeetingsContext.DefaultTimeZoneId);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var toMonday = ((int)DayOfWeek.Monday - (int)today.DayOfWeek + 7) % 7;
        var monday = today.AddDays(toMonday == 0 ? 7 : toMonday);

        foreach (var school in new[] { "MED", "ENG" })
        {
            var students = (await context.Allocation.StudentsInSchoolAsync(school, ct)).Where(s => !s.Status.HasLeft()).OrderBy(s => s.StudentId, StringComparer.Ordinal).Take(300);
            var tutees = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var student in students)
            {
                var tutor = (await context.Allocation.AssignmentsAsync(student.StudentId, ct)).LastOrDefault(a => a.CoversDate(today))?.TutorId;
                if (tutor is not null) (tutees.TryGetValue(tutor, out var list) ? list : tutees[tutor] = []).Add(student.StudentId);
            }
            var calendars = await context.CalendarsAsync(school, monday, monday.AddDays(28), ct);
            foreach (var (tutor, theirs) in tutees.OrderBy(t => t.Key, StringComparer.Ordinal).Take(TutorsPerSchool))
            {
                await using var scope = services.CreateAsyncScope();
                var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
                Seed.StampOn(session);
                if (await session.Query<SlotView>().AnyAsync(v => v.TutorId == tutor, ct)) continue;

                var clinic = Publish(session, context, tutor, school, calendars, monday.AddDays(1), new TimeOnly(10, 0), 20, 3, 1, "Room 2.14", null, now);
                var group = Publish(session, context, tutor, school, calendars, monday.AddDays(3), new TimeOnly(14, 0), 60, 1, 6, null, "https://teams.example.ac.uk/l/meetup/demo", now);
                // The first tutees book the first clinic slots, one each; two more join the first group meeting.
                foreach (var (studentId, slot) in theirs.Take(3).Zip(clinic))
                    Book(session, slot, studentId, "Demo: how the first weeks are going", now);
                foreach (var studentId in theirs.Skip(3).Take(2))
                    if (group.Count > 0) Book(session, group[0], studentId, null, now);
                var attended = theirs.Count >= 3 ? HeldWelcomeMeeting(session, context, tutor, school, theirs.Take(3).ToList(), now) : [];
                if (theirs.Count >= 5) ArrangedToRecordAndToCome(session, tutor, school, theirs.Skip(3).Take(2).ToList(), now, monday);
                var (cameToClinic, clinicNoShow, reminderDue) = theirs.Count >= 7
                    ? HeldClinic(session, context, tutor, school, theirs.Skip(5).Take(2).ToList(), now)
                    : ([], null, default);
                attended.AddRange(cameToClinic);
                await session.SaveChangesAsync(ct);
                // Contact records the tutees who came, with the tutor's note, as it does for a live attendance record.
                var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
                foreach (var contact in attended) await bus.PublishAsync(contact);
                // The clinic no-show's first reminder, on the same path as a live record: one interval after attendance was recorded.
                if (clinicNoShow is not null) await bus.ScheduleAsync(clinicNoShow, reminderDue);
            }
        }
    }

    /// <summary>
    /// A welcome meeting held a week ago with three tutees: two came (one late), one did not and gave no reason (ME-7), and
    /// has had the first reminder since (the history a live follow-up leaves).
    /// </summary>
    private static List<MeetingAttended> HeldWelcomeMeeting(IDocumentSession session, MeetingsContext context, string tutor, string school, List<string> invitees,
        DateTimeOffset now)
    {
        var at = now.AddDays(-7);
        var meetingId = Guid.CreateVersion7();
        var request = new ArrangeMeeting.Request(at, 30, MeetingFormat.InPerson, MeetingPurpose.Welcome, "Room 2.14", null, invitees.Cast<string?>().ToList());
        var arranged = ArrangeMeeting.Decide(ArrangedMeeting.Initial, meetingId, request, tutor, school, tutor, at.AddDays(-7));
        var state = ArrangedMeeting.Initial.Evolve(new JasperFx.Events.Event<MeetingArranged>((MeetingArranged)arranged[0]));
        var marks = new RecordAttendance.Request([
            new RecordAttendance.Entry(invitees[0], Attendance.Attended, null, "Settling in; talked through the timetable and societies.", false),
            new RecordAttendance.Entry(invitees[1], Attendance.Late, null, null, null),
            new RecordAttendance.Entry(invitees[2], Attendance.NoShow, null, null, null)]);
        var held = RecordAttendance.Decide(state, meetingId, marks, tutor, at.AddHours(1));
        session.Events.StartStream(ArrangedMeeting.StreamId(meetingId), [.. arranged, .. held]);
        var interval = TimeSpan.FromHours(context.Settings.NoShowReminderIntervalHours);
        session.Events.StartStream(NoShowFollowUp.StreamId(meetingId, invitees[2]),
            new NoShowRecorded(meetingId, invitees[2], tutor, school, at, at.AddHours(1)),
            new NoShowReminderSent(meetingId, invitees[2], 1, at.AddHours(1) + interval));
        return [.. invitees.Take(2).Select((id, i) => new MeetingAttended(id, Guid.CreateVersion7(), Guid.CreateVersion7(), tutor, tutor, true, false, at,
            i == 0 ? marks.Attendance![0]!.Note : null, false))];
    }

    /// <summary>
    /// A meeting with two tutees held yesterday whose attendance the tutor has still to record (the tutor's arranged
    /// meetings page), and one with the first of them next Wednesday that one has accepted.
    /// </summary>
    private static void ArrangedToRecordAndToCome(IDocumentSession session, string tutor, string school, List<string> invitees, DateTimeOffset now, DateOnly monday)
    {
        var yesterday = new DateTimeOffset(now.UtcDateTime.Date.AddDays(-1).AddHours(14), TimeSpan.Zero);
        var held = Guid.CreateVersion7();
        var toRecord = new ArrangeMeeting.Request(yesterday, 30, MeetingFormat.InPerson, MeetingPurpose.Regular, "Room 2.14", null, invitees.Cast<string?>().ToList());
        session.Events.StartStream(ArrangedMeeting.StreamId(held), ArrangeMeeting.Decide(ArrangedMeeting.Initial, held, toRecord, tutor, school, tutor, yesterday.AddDays(-6)));

        var next = Guid.CreateVersion7();
        var wednesday = monday.AddDays(2).ToDateTime(new TimeOnly(11, 0));
        var at = new DateTimeOffset(wednesday, TimeZoneInfo.FindSystemTimeZoneById(MeetingsContext.DefaultTimeZoneId).GetUtcOffset(wednesday));
        var toCome = new ArrangeMeeting.Request(at, 30, MeetingFormat.Video, MeetingPurpose.Regular, null, "https://teams.example.ac.uk/l/meetup/demo-1to1", [invitees[0]]);
        var arranged = ArrangeMeeting.Decide(ArrangedMeeting.Initial, next, toCome, tutor, school, tutor, now);
        var state = ArrangedMeeting.Initial.Evolve(new JasperFx.Events.Event<MeetingArranged>((MeetingArranged)arranged[0]));
        session.Events.StartStream(ArrangedMeeting.StreamId(next), [.. arranged, .. AnswerInvitation.Decide(state, next, invitees[0], new AnswerInvitation.Request(true, null), now)]);
    }

    /// <summary>
    /// A group clinic held five days ago with two tutees booked: one came and the tutor recorded it, the other was a
    /// no-show (ADR 0071) whose follow-up is the arranged meetings' one, first reminder due.
    /// </summary>
    private static (List<MeetingAttended> Attended, NoShowStepDue? NoShow, DateTimeOffset ReminderDue) HeldClinic(IDocumentSession session, MeetingsContext context, string tutor, string school,
        List<string> booked, DateTimeOffset now)
    {
        var at = now.AddDays(-5);
        var on = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(MeetingsContext.DefaultTimeZoneId)).DateTime);
        var plan = SlotPlan.Expand(on, null, new TimeOnly(15, 0), 45, 1, true, _ => null);
        var request = new PublishSlots.Request(on, null, new TimeOnly(15, 0), 45, 1, 4, "Room 2.14", null, true);
        var slotId = Guid.CreateVersion7();
        var published = PublishSlots.Decide(plan, request, [slotId], Guid.CreateVersion7(), tutor, school, [], new HashSet<Guid>(), ClinicRules.Of(null, context.Settings),
            tutor, at.AddDays(-14)).Single();
        var state = ClinicSlot.Initial.Evolve(AsEvent(published));
        var events = new List<object> { published };
        foreach (var studentId in booked)
        {
            var booking = BookSlot.Decide(state, slotId, Guid.CreateVersion7(), studentId, "Demo: exam preparation", studentId, at.AddDays(-3));
            events.AddRange(booking);
            state = state.Evolve(new JasperFx.Events.Event<SlotBooked>((SlotBooked)booking[0]));
        }
        var marks = new RecordClinicAttendance.Request([
            new RecordClinicAttendance.Entry(booked[0], Attendance.Attended, null, "Went through past papers; plan for the next fortnight.", false),
            new RecordClinicAttendance.Entry(booked[1], Attendance.NoShow, null, null, null)]);
        var recorded = (ClinicAttendanceRecorded)RecordClinicAttendance.Decide(state, slotId, marks, tutor, published.EndsAt)[0];
        session.Events.StartStream(ClinicSlot.StreamId(slotId), [.. events, recorded]);
        session.Events.StartStream(NoShowFollowUp.StreamId(slotId, booked[1]),
            new NoShowRecorded(slotId, booked[1], tutor, school, published.StartsAt, recorded.RecordedAt, AtClinic: true));
        return ([new MeetingAttended(booked[0], Guid.CreateVersion7(), Guid.CreateVersion7(), tutor, tutor, true, false, published.StartsAt, marks.Attendance![0]!.Note, false)],
            new NoShowStepDue(slotId, booked[1], 1, context.Settings.NoShowReminders, context.Settings.NoShowReminderIntervalHours),
            recorded.RecordedAt.AddHours(context.Settings.NoShowReminderIntervalHours));
    }

    private static List<SlotPublished> Publish(IDocumentSession session, MeetingsContext context, string tutor, string school,
        IReadOnlyDictionary<AcademicYear, SchoolCalendar?> calendars, DateOnly on, TimeOnly at, int length, int count, int capacity, string? room, string? link, DateTimeOffset now)
    {
        var plan = SlotPlan.Expand(on, on.AddDays(21), at, length, count, false, d => calendars.GetValueOrDefault(AcademicYear.Containing(d)));
        var request = new PublishSlots.Request(on, on.AddDays(21), at, length, count, capacity, room, link, false);
        var ids = plan.Slots.Select(_ => Guid.CreateVersion7()).ToList();
        var events = PublishSlots.Decide(plan, request, ids, Guid.CreateVersion7(), tutor, school, [], new HashSet<Guid>(),
            ClinicRules.Of(null, context.Settings), tutor, now);
        foreach (var e in events) session.Events.StartStream(ClinicSlot.StreamId(e.SlotId), e);
        return [.. events];
    }

    private static void Book(IDocumentSession session, SlotPublished slot, string studentId, string? agenda, DateTimeOffset now)
    {
        var state = ClinicSlot.Initial.Evolve(AsEvent(slot));
        session.Events.Append(ClinicSlot.StreamId(slot.SlotId), BookSlot.Decide(state, slot.SlotId, Guid.CreateVersion7(), studentId, agenda, studentId, now));
    }

    /// <summary>The published event as a fold sees it (the seed decides on slots it has just started in the same session).</summary>
    private static JasperFx.Events.IEvent AsEvent(SlotPublished e) => new JasperFx.Events.Event<SlotPublished>(e);
}
