using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Contact.Contracts;
using PersonalTutoring.Meetings.Arranged;
using PersonalTutoring.Meetings.Arranged.Arranging;
using PersonalTutoring.Meetings.Arranged.NoShows;
using PersonalTutoring.Meetings.Arranged.Recording;
using PersonalTutoring.Meetings.ReadModels.Slots;
using PersonalTutoring.Meetings.Shared;
using PersonalTutoring.Meetings.Slots;
using PersonalTutoring.Meetings.Slots.Booking;
using PersonalTutoring.Meetings.Slots.Publishing;

namespace PersonalTutoring.Meetings.Seeding;

/// <summary>
/// Clinics for a few demo tutors of MED and ENG (the Allocation seed creates them): from next Monday for four weeks, a
/// weekly in-person clinic of three one-to-one slots on Tuesdays and an online group slot on Thursdays, with some of
/// their tutees booked; and a welcome meeting held last week with attendance, a note (kept by Contact) and a no-show with
/// its first reminder. Written through the deciders; idempotent: a tutor with any slot is left alone.
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
                await session.SaveChangesAsync(ct);
                // Contact records the tutees who came, with the tutor's note, as it does for a live attendance record.
                var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
                foreach (var contact in attended) await bus.PublishAsync(contact);
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

    private static List<SlotPublished> Publish(IDocumentSession session, MeetingsContext context, string tutor, string school,
        IReadOnlyDictionary<AcademicYear, SchoolCalendar?> calendars, DateOnly on, TimeOnly at, int length, int count, int capacity, string? room, string? link, DateTimeOffset now)
    {
        var plan = SlotPlan.Expand(on, on.AddDays(21), at, length, count, false, d => calendars.GetValueOrDefault(AcademicYear.Containing(d)));
        var request = new PublishSlots.Request(on, on.AddDays(21), at, length, count, capacity, room, link, false);
        var ids = plan.Slots.Select(_ => Guid.CreateVersion7()).ToList();
        var events = PublishSlots.Decide(plan, request, ids, Guid.CreateVersion7(), tutor, school, [], new HashSet<Guid>(), context.Settings, tutor, now);
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
