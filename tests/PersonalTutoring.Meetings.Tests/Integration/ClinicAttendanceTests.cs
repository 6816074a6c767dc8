using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Meetings.Arranged.NoShows;
using PersonalTutoring.Meetings.Tests.Support;
using Wolverine;
using static PersonalTutoring.TestKit.HandWorkedCalendar;
using static PersonalTutoring.Meetings.Tests.Support.MeetingsWorld;

namespace PersonalTutoring.Meetings.Tests.Integration;

/// <summary>
/// Attendance at booked clinic slots (ADR 0071): recorded by the tutor once the slot started, for every booked tutee;
/// those who came become Contact contacts, a no-show follows the arranged meetings' path (reminders, the CO-5 flag), and
/// monitoring counts a clinic attended as met and one missed as not.
/// </summary>
public sealed class ClinicAttendanceTests(MeetingsApi api) : IClassFixture<MeetingsApi>
{
    private static readonly DateTimeOffset Now = London(2025, 10, 1, 9);

    /// <summary>A group clinic on Monday 20 October 2025 at 10:00 with every tutee booked, the clock moved past its start.</summary>
    private async Task<(string Tutor, string[] Tutees, Guid Slot)> BookedClinicAsync(int tutees, bool started = true)
    {
        api.SetClock(Now);
        var (tutor, theirs) = api.NewTutor(tutees, school: "CLA");
        var slot = (await api.PublishAsync(tutor, SlotsBody(new DateOnly(2025, 10, 20), new TimeOnly(10, 0), length: 30, capacity: 6)))[0];
        foreach (var tutee in theirs) await api.BookAsync(tutee, slot);
        if (started) api.SetClock(London(2025, 10, 20, 10, 40));
        return (tutor, theirs, slot);
    }

    private static object Body(params (string StudentId, string Attendance, string? Reason, string? Note)[] entries) =>
        new { attendance = entries.Select(e => new { studentId = e.StudentId, attendance = e.Attendance, reason = e.Reason, note = e.Note }) };

    private async Task Due(object message)
    {
        using var scope = api.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(message);
    }

    [Fact]
    public async Task Attendance_is_recorded_per_booked_tutee_those_who_came_become_contacts_and_the_tutor_sees_it_on_the_slot()
    {
        var (tutor, tutees, slot) = await BookedClinicAsync(3);

        await api.Tutor(tutor).PostJson($"/api/slots/{slot}/attendance",
            Body((tutees[0], "Attended", null, "Talked through the module choices"), (tutees[1], "Late", null, null), (tutees[2], "AbsentWithReason", "Ill", null)))
            .ShouldBe(HttpStatusCode.NoContent);

        (await api.WaitForContactEvents(tutees[0], 2)).Should().Be(2, "the contact and its note, recorded by Contact");
        (await api.WaitForContactEvents(tutees[1], 1)).Should().Be(1, "a contact without a note");
        (await api.EventCount($"contact-{tutees[2]}")).Should().Be(0);
        var listed = (await api.Tutor(tutor).SlotsOf(tutor)).Single(s => s.GetProperty("slotId").GetGuid() == slot);
        listed.GetProperty("bookings").EnumerateArray().ToDictionary(b => b.GetProperty("studentId").GetString()!, b => b.GetProperty("attendance").GetString())
            .Should().BeEquivalentTo(new Dictionary<string, string?> { [tutees[0]] = "Attended", [tutees[1]] = "Late", [tutees[2]] = "AbsentWithReason" });
        (await api.EventCount($"meetings-noshow-{slot:N}")).Should().Be(0, "nobody was a no-show");
        await api.Tutor(tutor).PostJson($"/api/slots/{slot}/attendance", Body((tutees[0], "Attended", null, null), (tutees[1], "Late", null, null), (tutees[2], "Late", null, null)))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Attendance_names_every_booked_tutee_once_and_nobody_else_after_the_slot_started()
    {
        var (tutor, tutees, slot) = await BookedClinicAsync(2, started: false);
        var both = Body((tutees[0], "Attended", null, null), (tutees[1], "Attended", null, null));
        (await api.Tutor(tutor).PostJson($"/api/slots/{slot}/attendance", both).ShouldBeProblem(HttpStatusCode.UnprocessableEntity))
            .GetProperty("code").GetString().Should().Be("slot-not-started");
        api.SetClock(London(2025, 10, 20, 10, 40));
        (await api.Tutor(tutor).PostJson($"/api/slots/{slot}/attendance", Body((tutees[0], "Attended", null, null))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity))
            .GetProperty("code").GetString().Should().Be("attendance-incomplete");
        await api.Tutor(tutor).PostJson($"/api/slots/{slot}/attendance", Body((tutees[0], "Attended", null, null), (tutees[0], "Late", null, null)))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        await api.Tutor(tutor).PostJson($"/api/slots/{slot}/attendance", Body((tutees[0], "Attended", null, null), (tutees[1], "AbsentWithReason", null, null)))
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        await api.Tutor(tutor).PostJson($"/api/slots/{slot}/attendance", Body((tutees[0], "NoShow", null, "a note"), (tutees[1], "Attended", null, null)))
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        await api.Tutor(tutor).PostJson($"/api/slots/{Guid.NewGuid()}/attendance", both).ShouldBeProblem(HttpStatusCode.NotFound);
        (await api.EventCount($"contact-{tutees[0]}")).Should().Be(0);
        await api.Tutor(tutor).PostJson($"/api/slots/{slot}/attendance", both).ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_clinic_no_show_follows_the_arranged_meetings_path_reminders_then_the_CO5_flag_unless_resolved()
    {
        var (tutor, tutees, slot) = await BookedClinicAsync(2);
        await api.Tutor(tutor).PostJson($"/api/slots/{slot}/attendance", Body((tutees[0], "NoShow", null, null), (tutees[1], "NoShow", null, null)))
            .ShouldBe(HttpStatusCode.NoContent);
        (await api.EventCount($"meetings-noshow-{slot:N}")).Should().Be(2, "a follow-up per no-show, as at arranged meetings");
        (await api.ScheduledCount("meetings.no_show_step_due")).Should().BeGreaterThanOrEqualTo(2);

        var escalated = tutees[0];
        await Due(new NoShowStepDue(slot, escalated, 1, 2, 72));
        await Due(new NoShowStepDue(slot, escalated, 2, 2, 72));
        await Due(new NoShowStepDue(slot, escalated, 3, 2, 72));
        var emails = await api.WaitForEmailsTo($"{escalated}@example.ac.uk", 4);
        emails.Should().HaveCount(4, "the booking confirmation, two reminders and the escalation");
        emails.Should().ContainSingle(e => e.Contains("You must get in touch"));
        (await api.WaitForContactEvents(escalated, 1)).Should().Be(1, "one SupportFlagRaised, the same flag as CO-5");

        var resolved = tutees[1];
        await api.Tutor(tutor).PostJson($"/api/slots/{slot}/no-shows/{resolved}/resolve", new { note = "Replied the same day" }).ShouldBe(HttpStatusCode.NoContent);
        await Due(new NoShowStepDue(slot, resolved, 1, 2, 72));
        await Task.Delay(300);
        (await api.EmailsTo($"{resolved}@example.ac.uk")).Should().ContainSingle("only the booking confirmation");
        await api.Tutor(tutor).PostJson($"/api/slots/{slot}/no-shows/{resolved}/resolve", new { }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        await api.Tutor(tutor).PostJson($"/api/slots/{slot}/no-shows/{MeetingsApi.NewId("s")}/resolve", new { }).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Monitoring_counts_a_clinic_attended_as_met_and_one_missed_as_not()
    {
        var (tutor, tutees, slot) = await BookedClinicAsync(3);
        await api.Tutor(tutor).PostJson($"/api/slots/{slot}/attendance",
            Body((tutees[0], "Attended", null, null), (tutees[1], "NoShow", null, null), (tutees[2], "AbsentWithReason", "Placement", null))).ShouldBe(HttpStatusCode.NoContent);
        api.SetClock(London(2025, 11, 20, 9));

        var seen = await api.ClientFor(Roles.SeniorTutor, "st-cla", "CLA").GetAsync("/api/schools/CLA/meeting-monitoring?academicYear=2025-26&term=Autumn")
            .ShouldBe(HttpStatusCode.OK);
        var theirs = seen.GetProperty("tutors").EnumerateArray().Single(t => t.GetProperty("tutorId").GetString() == tutor).GetProperty("figures");
        (theirs.GetProperty("clinicsAttended").GetInt32(), theirs.GetProperty("clinicNoShows").GetInt32()).Should().Be((1, 1));
        theirs.GetProperty("metThisTerm").GetInt32().Should().Be(1);
        theirs.GetProperty("studentsMetNoneThisTerm").EnumerateArray().Select(e => e.GetString()).Should().BeEquivalentTo([tutees[1], tutees[2]]);
    }
}
