using PersonalTutoring.Contact.Tests.Support;
using static PersonalTutoring.Contact.Tests.Support.ContactWorld;
using static PersonalTutoring.TestKit.HandWorkedCalendar;

namespace PersonalTutoring.Contact.Tests.Integration;

/// <summary>The reply clock (CO-11), unanswered attempts and the Support Team flag (CO-5), referrals (CO-10) and the worklists.</summary>
public sealed class ReplyAndFlagTests(ContactApi api) : IClassFixture<ContactApi>
{
    private (string Student, string Tutor) NewTutee(DateTimeOffset now)
    {
        api.SetClock(now);
        var (student, tutor) = (NewId("s"), NewId("t"));
        api.Allocation.AddStudent(student, "MED", tutor, new DateOnly(2025, 8, 1));
        return (student, tutor);
    }

    [Fact]
    public async Task CO11_a_tutee_message_is_due_a_reply_three_working_days_later_skipping_a_closure_day_then_listed_overdue_until_answered()
    {
        var (s, t) = NewTutee(London(2025, 11, 6, 11));
        var opened = await api.Tutor(t).PostJson($"/api/students/{s}/contacts", ContactBody(London(2025, 11, 6, 10), "TuteeInitiated", null)).ShouldBe(HttpStatusCode.Created);
        opened.GetProperty("replyDueAt").GetDateTimeOffset().Should().Be(London(2025, 11, 12, 10), "Fri 7 Nov is a closure day: Mon 10, Tue 11, Wed 12");

        api.SetClock(London(2025, 11, 12, 9));
        var due = await api.Tutor(t).GetAsync($"/api/tutors/{t}/contact-due").ShouldBe(HttpStatusCode.OK);
        due.GetProperty("tutees")[0].GetProperty("repliesAwaited")[0].GetProperty("overdue").GetBoolean().Should().BeFalse();

        api.SetClock(London(2025, 11, 12, 11));
        var overdue = await api.ClientFor(Roles.SeniorTutor, "st-med", "MED").GetAsync("/api/schools/MED/overdue-replies").ShouldBe(HttpStatusCode.OK);
        overdue.EnumerateArray().Select(o => o.GetProperty("studentId").GetString()).Should().Contain(s);

        await api.Tutor(t).PostJson($"/api/students/{s}/contacts", ContactBody(London(2025, 11, 12, 10, 30))).ShouldBe(HttpStatusCode.Created);
        var record = await api.Tutor(t).GetAsync($"/api/students/{s}/contacts").ShouldBe(HttpStatusCode.OK);
        record.GetProperty("contacts")[0].GetProperty("repliedWithinDue").GetBoolean().Should().BeFalse();
        overdue = await api.ClientFor(Roles.SeniorTutor, "st-med", "MED").GetAsync("/api/schools/MED/overdue-replies").ShouldBe(HttpStatusCode.OK);
        overdue.EnumerateArray().Select(o => o.GetProperty("studentId").GetString()).Should().NotContain(s);
    }

    [Fact]
    public async Task CO5_the_third_unanswered_attempt_flags_the_tutee_to_the_support_team_who_record_attempts_and_close_the_flag()
    {
        var (s, t) = NewTutee(London(2025, 11, 20, 12));
        foreach (var day in new[] { 3, 10 })
        {
            var attempt = await api.Tutor(t).PostJson($"/api/students/{s}/contacts", ContactBody(London(2025, 11, day), responded: false)).ShouldBe(HttpStatusCode.Created);
            attempt.GetProperty("supportFlagRaised").GetBoolean().Should().BeFalse();
        }
        var third = await api.Tutor(t).PostJson($"/api/students/{s}/contacts", ContactBody(London(2025, 11, 17), responded: false)).ShouldBe(HttpStatusCode.Created);
        third.GetProperty("supportFlagRaised").GetBoolean().Should().BeTrue();

        var support = api.ClientFor(Roles.SupportTeam, "sup-1");
        var item = (await support.GetAsync("/api/support-team/worklist").ShouldBe(HttpStatusCode.OK)).EnumerateArray().Single(i => i.GetProperty("studentId").GetString() == s);
        var flagId = item.GetProperty("openFlags")[0].GetProperty("flagId").GetGuid();
        await api.Tutor(t).GetAsync("/api/support-team/worklist").ShouldBeProblem(HttpStatusCode.Forbidden);

        await support.PostJson($"/api/students/{s}/support-flags/{flagId}/attempts", new { kind = "Call", occurredAt = London(2025, 11, 19), tuteeResponded = true })
            .ShouldBe(HttpStatusCode.NoContent);
        await support.PostJson($"/api/students/{s}/support-flags/{flagId}/close", new { outcome = "Reached by phone; re-engaged" }).ShouldBe(HttpStatusCode.NoContent);
        await support.PostJson($"/api/students/{s}/support-flags/{flagId}/close", new { outcome = "again" }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);

        (await support.GetAsync("/api/support-team/worklist").ShouldBe(HttpStatusCode.OK)).EnumerateArray()
            .Select(i => i.GetProperty("studentId").GetString()).Should().NotContain(s);
    }

    [Fact]
    public async Task CO10_a_referral_is_acknowledged_and_closed_and_its_follow_up_date_appears_on_the_tutors_worklist()
    {
        var (s, t) = NewTutee(London(2025, 11, 20, 12));
        var made = await api.Tutor(t).PostJson($"/api/students/{s}/referrals",
            new { service = "Counselling", reason = "Low mood", consentGiven = true, followUpOn = "2025-11-27" }).ShouldBe(HttpStatusCode.Created);
        var id = made.GetProperty("referralId").GetGuid();

        api.SetClock(London(2025, 11, 27, 9));
        var due = await api.Tutor(t).GetAsync($"/api/tutors/{t}/contact-due").ShouldBe(HttpStatusCode.OK);
        due.GetProperty("tutees")[0].GetProperty("referralFollowUpsDue").EnumerateArray().Select(e => e.GetGuid()).Should().Equal(id);

        await api.Tutor(t).PostJson($"/api/students/{s}/referrals/{id}/close", new { outcome = "x" }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        await api.Tutor(t).PostAsync($"/api/students/{s}/referrals/{id}/acknowledge", null).ShouldBe(HttpStatusCode.NoContent);
        await api.Tutor(t).PostJson($"/api/students/{s}/referrals/{id}/close", new { outcome = "Six sessions offered" }).ShouldBe(HttpStatusCode.NoContent);

        var referral = (await api.Tutor(t).GetAsync($"/api/students/{s}/contacts").ShouldBe(HttpStatusCode.OK)).GetProperty("referrals")[0];
        (referral.GetProperty("status").GetString(), referral.GetProperty("outcome").GetString()).Should().Be(("Closed", "Six sessions offered"));
    }

    [Fact]
    public async Task A_tutor_sees_only_their_own_worklist()
    {
        var (_, t) = NewTutee(London(2025, 11, 20, 12));
        await api.Tutor("someone-else").GetAsync($"/api/tutors/{t}/contact-due").ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.ClientFor(Roles.Student, "s").GetAsync($"/api/tutors/{t}/contact-due").ShouldBeProblem(HttpStatusCode.Forbidden);
        var due = await api.Tutor(t).GetAsync($"/api/tutors/{t}/contact-due").ShouldBe(HttpStatusCode.OK);
        due.GetProperty("tutees")[0].GetProperty("needsContactThisMonth").GetBoolean().Should().BeTrue("no contact yet in November");
    }

    [Fact]
    public async Task Item6_a_senior_tutor_sees_the_worklist_of_a_tutor_of_their_school_only()
    {
        var (_, t) = NewTutee(London(2025, 11, 20, 12));
        await api.ClientFor(Roles.SeniorTutor, "st-eng", "ENG").GetAsync($"/api/tutors/{t}/contact-due").ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.ClientFor(Roles.SeniorTutor, "st-eng", "ENG").GetAsync("/api/tutors/nobody-at-all/contact-due").ShouldBeProblem(HttpStatusCode.NotFound);
        (await api.ClientFor(Roles.SeniorTutor, "st-med", "MED").GetAsync($"/api/tutors/{t}/contact-due").ShouldBe(HttpStatusCode.OK))
            .GetProperty("tutees").GetArrayLength().Should().Be(1);
    }
}
