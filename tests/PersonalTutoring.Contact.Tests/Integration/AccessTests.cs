using System.Text.Json;
using PersonalTutoring.Contact.Tests.Support;
using static PersonalTutoring.Contact.Tests.Support.ContactWorld;
using static PersonalTutoring.TestKit.HandWorkedCalendar;

namespace PersonalTutoring.Contact.Tests.Integration;

/// <summary>The access rules of issue 5's quality bar (CO-6, CO-7, AL-8, AL-11), end to end through the host.</summary>
public sealed class AccessTests(ContactApi api) : IClassFixture<ContactApi>
{
    private static readonly DateTimeOffset Now = London(2025, 11, 3, 12);

    private string NewTutee(string tutor = "t-tom", string school = "MED")
    {
        api.SetClock(Now);
        var id = NewId("s");
        api.Allocation.AddStudent(id, school, tutor, new DateOnly(2025, 8, 1));
        return id;
    }

    private static IEnumerable<JsonElement> Notes(JsonElement record) => record.GetProperty("notes").EnumerateArray();

    [Fact]
    public async Task CO6_the_current_tutor_records_a_contact_with_a_confidential_note_and_reads_it_back()
    {
        var s = NewTutee();
        var created = await api.Tutor("t-tom").PostJson($"/api/students/{s}/contacts", ContactBody(Now.AddHours(-1), note: "Worried about finances", confidentiality: "Confidential"))
            .ShouldBe(HttpStatusCode.Created);
        created.GetProperty("noteId").GetGuid().Should().NotBeEmpty();

        var record = await api.Tutor("t-tom").GetAsync($"/api/students/{s}/contacts").ShouldBe(HttpStatusCode.OK);
        record.GetProperty("contacts").GetArrayLength().Should().Be(1);
        Notes(record).Single().GetProperty("text").GetString().Should().Be("Worried about finances");
    }

    [Fact]
    public async Task A_tutor_of_another_school_neither_records_nor_reads()
    {
        var s = NewTutee();
        var olga = api.Tutor("t-olga");
        // Not theirs to see: the same 404 as for a student who does not exist (issue 10 item 7).
        await olga.PostJson($"/api/students/{s}/contacts", ContactBody(Now)).ShouldBeProblem(HttpStatusCode.NotFound);
        await olga.GetAsync($"/api/students/{s}/contacts").ShouldBeProblem(HttpStatusCode.NotFound);
        await api.ClientFor(Roles.SeniorTutor, "st-eng", "ENG").GetAsync($"/api/students/{s}/contacts").ShouldBeProblem(HttpStatusCode.NotFound);
        (await api.EventCount($"contact-{s}")).Should().Be(0);
    }

    [Fact]
    public async Task AL8_after_a_handover_the_former_tutor_loses_access_and_the_new_tutor_sees_the_history_and_standard_notes()
    {
        var s = NewTutee("t-old");
        await api.Tutor("t-old").PostJson($"/api/students/{s}/contacts", ContactBody(Now.AddDays(-2), note: "Settled in well")).ShouldBe(HttpStatusCode.Created);
        await api.Tutor("t-old").PostJson($"/api/students/{s}/contacts", ContactBody(Now.AddDays(-1), note: "Disclosed a family matter", confidentiality: "Confidential"))
            .ShouldBe(HttpStatusCode.Created);
        api.Allocation.Handover(s, "t-new", new DateOnly(2025, 11, 3));

        await api.Tutor("t-old").GetAsync($"/api/students/{s}/contacts").ShouldBeProblem(HttpStatusCode.NotFound);
        await api.Tutor("t-old").PostJson($"/api/students/{s}/contacts", ContactBody(Now)).ShouldBeProblem(HttpStatusCode.NotFound);
        var record = await api.Tutor("t-new").GetAsync($"/api/students/{s}/contacts").ShouldBe(HttpStatusCode.OK);
        record.GetProperty("contacts").GetArrayLength().Should().Be(2);
        Notes(record).Select(n => n.GetProperty("text").GetString()).Should().Equal("Settled in well", null);
        Notes(record).Last().GetProperty("withheld").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task AL11_the_alternative_contact_records_during_the_tutors_unavailability_and_a_senior_tutor_on_the_tutors_behalf()
    {
        var s = NewTutee("t-sick");
        api.Allocation.Unavailable("t-sick", new DateOnly(2025, 11, 1), new DateOnly(2025, 11, 30), "t-alt");
        await api.Tutor("t-alt").PostJson($"/api/students/{s}/contacts", ContactBody(Now)).ShouldBe(HttpStatusCode.Created);
        await api.ClientFor(Roles.SeniorTutor, "st-med", "MED").PostJson($"/api/students/{s}/contacts", ContactBody(Now.AddMinutes(-5))).ShouldBe(HttpStatusCode.Created);

        var contacts = (await api.Tutor("t-sick").GetAsync($"/api/students/{s}/contacts").ShouldBe(HttpStatusCode.OK)).GetProperty("contacts").EnumerateArray().ToList();
        contacts.Select(c => (c.GetProperty("staffId").GetString(), c.GetProperty("recordedBy").GetString())).Should().Equal(("t-alt", "t-alt"), ("t-sick", "st-med"));
        api.SetClock(London(2025, 12, 2));
        await api.Tutor("t-alt").PostJson($"/api/students/{s}/contacts", ContactBody(London(2025, 12, 1))).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CO7_the_support_team_sees_notes_only_through_a_consented_referral_and_not_after_consent_is_revoked()
    {
        var s = NewTutee();
        var support = api.ClientFor(Roles.SupportTeam, "sup-1");
        await api.Tutor("t-tom").PostJson($"/api/students/{s}/contacts", ContactBody(Now.AddHours(-2), note: "Missed placements")).ShouldBe(HttpStatusCode.Created);
        await api.Tutor("t-tom").PostJson($"/api/students/{s}/contacts", ContactBody(Now.AddHours(-1), note: "Bereavement", confidentiality: "Confidential")).ShouldBe(HttpStatusCode.Created);
        await support.GetAsync($"/api/students/{s}/contacts").ShouldBeProblem(HttpStatusCode.Forbidden);

        var referral = await api.Tutor("t-tom").PostJson($"/api/students/{s}/referrals",
            new { service = "SupportTeam", reason = "Attendance", consentGiven = true, consentScope = "StandardNotes" }).ShouldBe(HttpStatusCode.Created);
        var shared = await support.GetAsync($"/api/students/{s}/contacts").ShouldBe(HttpStatusCode.OK);
        Notes(shared).Select(n => n.GetProperty("text").GetString()).Should().Equal("Missed placements", null);

        await api.ClientFor(Roles.Student, s).PostAsync($"/api/students/{s}/consents/{referral.GetProperty("consentId").GetGuid()}/revoke", null).ShouldBe(HttpStatusCode.NoContent);
        await support.GetAsync($"/api/students/{s}/contacts").ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task CO7_a_breach_justification_shares_confidential_notes_with_the_support_team()
    {
        var s = NewTutee();
        await api.Tutor("t-tom").PostJson($"/api/students/{s}/contacts", ContactBody(Now.AddHours(-1), note: "Risk disclosed", confidentiality: "Confidential")).ShouldBe(HttpStatusCode.Created);
        await api.Tutor("t-tom").PostJson($"/api/students/{s}/referrals",
            new { service = "SupportTeam", reason = "Safeguarding", breachJustification = new { ground = "RiskToSelf", detail = "Immediate risk" } }).ShouldBe(HttpStatusCode.Created);

        var shared = await api.ClientFor(Roles.SupportTeam, "sup-1").GetAsync($"/api/students/{s}/contacts").ShouldBe(HttpStatusCode.OK);
        Notes(shared).Single().GetProperty("text").GetString().Should().Be("Risk disclosed");
    }

    [Fact]
    public async Task CO6_an_auditor_reading_a_confidential_note_gets_no_text_and_every_read_is_visible_to_dean_and_auditors_without_text()
    {
        var s = NewTutee();
        var created = await api.Tutor("t-tom").PostJson($"/api/students/{s}/contacts", ContactBody(Now.AddHours(-1), note: "Secret-ish", confidentiality: "Confidential"))
            .ShouldBe(HttpStatusCode.Created);
        var audited = await api.ClientFor(Roles.Auditor, "aud-1").GetAsync($"/api/students/{s}/contacts").ShouldBe(HttpStatusCode.OK);
        audited.GetRawText().Should().NotContain("Secret-ish");
        Notes(audited).Single().GetProperty("withheld").GetBoolean().Should().BeTrue();

        await api.Tutor("t-tom").GetAsync($"/api/students/{s}/contacts").ShouldBe(HttpStatusCode.OK);
        foreach (var reader in new[] { api.ClientFor(Roles.Dean, "dean-1"), api.ClientFor(Roles.Auditor, "aud-1") })
        {
            var reads = await reader.GetAsync($"/api/students/{s}/confidential-note-reads").ShouldBe(HttpStatusCode.OK);
            reads.GetRawText().Should().NotContain("Secret-ish");
            var read = reads.EnumerateArray().Single();
            (read.GetProperty("readerId").GetString(), read.GetProperty("noteId").GetGuid()).Should().Be(("t-tom", created.GetProperty("noteId").GetGuid()));
        }
        await api.Tutor("t-tom").GetAsync($"/api/students/{s}/confidential-note-reads").ShouldBeProblem(HttpStatusCode.Forbidden);
        var period = await api.ClientFor(Roles.Auditor, "aud-1").GetAsync("/api/confidential-note-reads?from=2025-11-01T00:00:00%2B01:00&to=2026-01-01T00:00:00Z")
            .ShouldBe(HttpStatusCode.OK);
        period.EnumerateArray().Select(r => r.GetProperty("studentId").GetString()).Should().Contain(s);
    }

    [Fact]
    public async Task CO6_a_correction_shows_beside_the_original_with_its_author_and_the_original_is_unchanged()
    {
        var s = NewTutee();
        var created = await api.Tutor("t-tom").PostJson($"/api/students/{s}/contacts", ContactBody(Now.AddHours(-1), note: "Met on Tuesday")).ShouldBe(HttpStatusCode.Created);
        var noteId = created.GetProperty("noteId").GetGuid();
        await api.ClientFor(Roles.SeniorTutor, "st-med", "MED").PostJson($"/api/students/{s}/notes/{noteId}/amendments", new { text = "x" }).ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.Tutor("t-tom").PostJson($"/api/students/{s}/notes/{noteId}/amendments", new { text = "It was Wednesday" }).ShouldBe(HttpStatusCode.Created);

        var note = Notes(await api.Tutor("t-tom").GetAsync($"/api/students/{s}/contacts").ShouldBe(HttpStatusCode.OK)).Single();
        note.GetProperty("text").GetString().Should().Be("Met on Tuesday");
        var amendment = note.GetProperty("amendments").EnumerateArray().Single();
        (amendment.GetProperty("text").GetString(), amendment.GetProperty("authorId").GetString()).Should().Be(("It was Wednesday", "t-tom"));
    }

    [Fact]
    public async Task Bad_input_is_refused_and_nothing_is_written()
    {
        var s = NewTutee();
        var tom = api.Tutor("t-tom");
        await tom.PostJson($"/api/students/{s}/contacts", new { direction = "TutorInitiated", occurredAt = Now }).ShouldBeProblem(HttpStatusCode.BadRequest);
        await tom.PostRaw($"/api/students/{s}/contacts", """{"kind":"Carrier pigeon","direction":"TutorInitiated","occurredAt":"2025-11-01T10:00:00Z","enquiredAboutProgressAndWellbeing":false}""")
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        var future = await tom.PostJson($"/api/students/{s}/contacts", ContactBody(Now.AddDays(1))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        future.GetProperty("code").GetString().Should().Be("contact-in-future");
        await tom.PostJson($"/api/students/{s}/contacts", ContactBody(Now.AddDays(-61))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        await tom.PostJson($"/api/students/{s}/referrals", new { service = "Wellbeing", reason = "r" }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        await tom.PostJson("/api/students/nobody/contacts", ContactBody(Now)).ShouldBeProblem(HttpStatusCode.NotFound);
        (await api.EventCount($"contact-{s}")).Should().Be(0);
    }
}
