using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Meetings.Tests.Support;
using static PersonalTutoring.Meetings.Tests.Support.ArrangedWorld;
using static PersonalTutoring.TestKit.HandWorkedCalendar;
using static PersonalTutoring.Meetings.Tests.Support.MeetingsWorld;

namespace PersonalTutoring.Meetings.Tests.Integration;

/// <summary>ME-1, ME-3, ME-4 monitoring: names for the Senior Tutor, figures only for Governance; AL-9 and AL-2 excluded.</summary>
public sealed class MonitoringTests(MeetingsApi api) : IClassFixture<MeetingsApi>
{
    [Fact]
    public async Task A_terms_figures_count_invitations_attendance_and_clinics_and_name_the_gaps_for_the_Senior_Tutor_only()
    {
        api.SetClock(London(2025, 10, 1, 9));
        var tutor = MeetingsApi.NewId("t");
        string Tutee(int year = 2)
        {
            var id = MeetingsApi.NewId("s");
            api.Allocation.AddStudent(id, "MON", tutor, new DateOnly(2025, 8, 1), year);
            return id;
        }
        var (came, noShow, quiet, finalYear, away) = (Tutee(), Tutee(), Tutee(), Tutee(6), Tutee());
        api.Allocation.ChangeStatus(away, StudentStatus.YearAbroad, new DateOnly(2025, 9, 1));
        var welcome = await api.Tutor(tutor).PostJson($"/api/tutors/{tutor}/meetings", MeetingBody(London(2025, 10, 6, 11), [came, noShow], purpose: "Welcome"))
            .ShouldBe(HttpStatusCode.Created);
        var slot = (await api.PublishAsync(tutor, new DateOnly(2025, 11, 3), new TimeOnly(10, 0)))[0];
        await api.BookAsync(noShow, slot);
        api.SetClock(London(2025, 10, 6, 12));
        await api.Tutor(tutor).PostJson($"/api/meetings/{welcome.GetProperty("meetingId").GetGuid()}/attendance", new
        {
            attendance = new object[] { new { studentId = came, attendance = "Attended" }, new { studentId = noShow, attendance = "NoShow" } },
        }).ShouldBe(HttpStatusCode.NoContent);
        api.SetClock(London(2025, 11, 20, 9));

        var seen = await api.ClientFor(Roles.SeniorTutor, "st-mon", "MON").GetAsync("/api/schools/MON/meeting-monitoring?academicYear=2025-26&term=Autumn")
            .ShouldBe(HttpStatusCode.OK);
        var school = seen.GetProperty("school");
        school.GetProperty("tutees").GetInt32().Should().Be(3);
        school.GetProperty("excluded").GetInt32().Should().Be(2, "the final-year tutee (AL-9) and the one abroad (AL-2)");
        school.GetProperty("meetingsArranged").GetInt32().Should().Be(1);
        school.GetProperty("welcomeInvitations").GetInt32().Should().Be(2);
        (school.GetProperty("attended").GetInt32(), school.GetProperty("noShows").GetInt32()).Should().Be((1, 1));
        (school.GetProperty("slotsOffered").GetInt32(), school.GetProperty("clinicBookings").GetInt32()).Should().Be((1, 1));
        school.GetProperty("metThisTerm").GetInt32().Should().Be(2, "one attended the welcome meeting, the other came to a clinic");
        school.GetProperty("studentsMetNoneThisTerm").EnumerateArray().Select(e => e.GetString()).Should().Equal(quiet);
        school.GetProperty("studentsBelowMinimumInvitations").EnumerateArray().Select(e => e.GetString()).Should().BeEquivalentTo([came, noShow, quiet]);
        seen.GetProperty("minimumInvitations").GetInt32().Should().Be(4);
        seen.GetProperty("tutors").EnumerateArray().Should().ContainSingle().Which.GetProperty("tutorId").GetString().Should().Be(tutor);

        var figures = await api.ClientFor(Roles.Governance, "gov-1").GetAsync("/api/schools/MON/meeting-monitoring?academicYear=2025-26&term=Autumn").ShouldBe(HttpStatusCode.OK);
        figures.GetProperty("school").GetProperty("metNoneThisTerm").GetInt32().Should().Be(1);
        figures.GetProperty("school").GetProperty("studentsMetNoneThisTerm").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null, "Governance sees figures only");
        await api.ClientFor(Roles.SeniorTutor, "st-eng", "ENG").GetAsync("/api/schools/MON/meeting-monitoring").ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.ClientFor(Roles.SeniorTutor, "st-mon", "MON").GetAsync("/api/schools/MON/meeting-monitoring?term=Winter").ShouldBeProblem(HttpStatusCode.BadRequest);
        await api.ClientFor(Roles.SeniorTutor, "st-mon", "MON").GetAsync("/api/schools/MON/meeting-monitoring?academicYear=2030-31").ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
