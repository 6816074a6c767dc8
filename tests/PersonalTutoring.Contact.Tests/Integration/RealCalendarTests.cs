using PersonalTutoring.Governance;
using PersonalTutoring.Contact.Tests.Support;
using static PersonalTutoring.Contact.Tests.Support.ContactWorld;
using static PersonalTutoring.TestKit.HandWorkedCalendar;

namespace PersonalTutoring.Contact.Tests.Integration;

/// <summary>The real modules under a hand-moved clock: Governance's demo calendars and policies, Allocation driven through its HTTP API.</summary>
public sealed class RealClockedApi : TutoringApiFactory
{
    protected override bool UseManualClock => true;
}

/// <summary>
/// Against the real MED 2025-26 calendar (Term 1: 1 Sep–19 Dec; welcome 1–14 Sep; Christmas closure 24 Dec–2 Jan) and
/// the real allocation of a tutee: the reply clock skips the closure and the term's compliance is computed from it.
/// </summary>
public sealed class RealCalendarTests(RealClockedApi api) : IClassFixture<RealClockedApi>
{
    [Fact]
    public async Task CO11_and_CO2_with_the_real_calendar_policy_and_allocation()
    {
        api.Clock.Set(London(2026, 7, 1, 8).ToUniversalTime()); // the demo's 2026-27 policy approvals must have happened
        await api.Services.SeedGovernanceDemoAsync(CancellationToken.None);
        api.Clock.Set(London(2025, 9, 2, 8).ToUniversalTime());
        await api.ClientFor(Roles.Integration, "hr").PutJson("/api/tutors/t-real", new
        {
            givenName = "Rita", familyName = "Real", email = "t-real@uni.test", schoolCode = "MED", permanentAcademicStaff = true, capacity = (int?)null,
        }).ShouldBe(HttpStatusCode.Created);
        await api.ClientFor(Roles.Integration, "registry").PutJson("/api/students/s-real", new
        {
            givenName = "Sam", familyName = "Real", email = "s-real@students.test", schoolCode = "MED", programmeCode = "MBBS", level = "UG", yearOfStudy = 2,
            registeredOn = "2024-09-02", status = "Studying", studentRouteVisa = true, visitingStudyAbroad = false,
        }).ShouldBe(HttpStatusCode.Created);
        await api.ClientFor(Roles.SeniorTutor, "st-med", "MED").PostJson("/api/allocations",
            new { studentId = "s-real", tutorId = "t-real", reason = "Initial allocation", effectiveOn = "2025-09-01" }).ShouldBe(HttpStatusCode.OK);

        foreach (var (month, day) in new[] { (9, 2), (10, 14), (11, 11), (12, 9) })
        {
            api.Clock.Set(London(2025, month, day, 12).ToUniversalTime());
            await api.ClientFor(Roles.Tutor, "t-real").PostJson("/api/students/s-real/contacts", ContactBody(London(2025, month, day, 10), enquired: month == 10))
                .ShouldBe(HttpStatusCode.Created);
        }

        api.Clock.Set(London(2025, 12, 23, 12).ToUniversalTime());
        var message = await api.ClientFor(Roles.Tutor, "t-real").PostJson("/api/students/s-real/contacts", ContactBody(London(2025, 12, 23, 10), "TuteeInitiated", null))
            .ShouldBe(HttpStatusCode.Created);
        message.GetProperty("replyDueAt").GetDateTimeOffset().Should().Be(London(2026, 1, 7, 10), "24 Dec–2 Jan are closed and 27–28 Dec, 3–4 Jan are weekends");

        var compliance = await api.ClientFor(Roles.SeniorTutor, "st-med", "MED").GetAsync("/api/schools/MED/contact-compliance?term=2025-26/Term 1").ShouldBe(HttpStatusCode.OK);
        var school = compliance.GetProperty("school");
        (school.GetProperty("tutees").GetInt32(), school.GetProperty("compliant").GetInt32()).Should().Be((1, 1));
        school.GetProperty("monthlyContact").GetProperty("met").GetInt32().Should().Be(1);
        school.GetProperty("welcomeContact").GetProperty("met").GetInt32().Should().Be(1, "2 Sep is in MED's welcome period");
        school.GetProperty("checkIn").GetProperty("met").GetInt32().Should().Be(1, "the 14 Oct email enquired about progress and wellbeing");
    }
}
