using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Contact.Contracts;
using PersonalTutoring.Contact.Tests.Support;
using static PersonalTutoring.Contact.Tests.Support.ContactWorld;
using static PersonalTutoring.TestKit.HandWorkedCalendar;

namespace PersonalTutoring.Contact.Tests.Integration;

/// <summary>Every write on a tutee's record is refused to those who do not stand towards the student; concerns, objectives, consent and IContactQueries end to end.</summary>
public sealed class RecordWritesTests(ContactApi api) : IClassFixture<ContactApi>
{
    private static readonly DateTimeOffset Now = London(2025, 11, 20, 12);

    private string NewTutee()
    {
        api.SetClock(Now);
        var id = NewId("s");
        api.Allocation.AddStudent(id, "MED", "t-tom", new DateOnly(2025, 8, 1));
        return id;
    }

    public static TheoryData<string, string> Writes => new()
    {
        { "contacts", """{"kind":"Email","direction":"TutorInitiated","occurredAt":"2025-11-19T10:00:00Z","enquiredAboutProgressAndWellbeing":false}""" },
        { "notes", """{"text":"n","confidentiality":"Standard"}""" },
        { "consents", """{"scope":"StandardNotes"}""" },
        { "referrals", """{"service":"Careers","reason":"r","consentGiven":true}""" },
        { "concerns", """{"kind":"NeedsMoreTime","detail":"d"}""" },
        { "objectives", """{"text":"t","reviewOn":"2026-01-15"}""" },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_tutor_of_another_school_and_a_former_tutor_write_nothing(string what, string body)
    {
        var s = NewTutee();
        // They stand in no way towards the student: the 404 a student who does not exist gets (issue 10 item 7).
        await api.Tutor("t-olga").PostRaw($"/api/students/{s}/{what}", body).ShouldBeProblem(HttpStatusCode.NotFound);
        await api.ClientFor(Roles.SeniorTutor, "st-eng", "ENG").PostRaw($"/api/students/{s}/{what}", body).ShouldBeProblem(HttpStatusCode.NotFound);
        api.Allocation.Handover(s, "t-next", new DateOnly(2025, 11, 1));
        await api.Tutor("t-tom").PostRaw($"/api/students/{s}/{what}", body).ShouldBeProblem(HttpStatusCode.NotFound);
        (await api.EventCount($"contact-{s}")).Should().Be(0);
        await api.Tutor("t-next").PostRaw($"/api/students/{s}/{what}", body).ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task CO14_a_concern_routed_to_the_senior_tutor_is_acknowledged_and_resolved_by_the_schools_senior_tutor_only()
    {
        var s = NewTutee();
        var raised = await api.Tutor("t-tom").PostJson($"/api/students/{s}/concerns", new { kind = "NeedsMoreTime", detail = "Daily emails" }).ShouldBe(HttpStatusCode.Created);
        raised.GetProperty("routedTo").GetString().Should().Be("SeniorTutor");
        var url = $"/api/students/{s}/concerns/{raised.GetProperty("concernId").GetGuid()}";

        await api.ClientFor(Roles.SupportTeam, "sup").PostAsync($"{url}/acknowledge", null).ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.ClientFor(Roles.SeniorTutor, "st-eng", "ENG").PostAsync($"{url}/acknowledge", null).ShouldBeProblem(HttpStatusCode.NotFound);
        var st = api.ClientFor(Roles.SeniorTutor, "st-med", "MED");
        (await st.GetAsync("/api/schools/MED/concerns").ShouldBe(HttpStatusCode.OK)).EnumerateArray().Select(c => c.GetProperty("studentId").GetString()).Should().Contain(s);
        await api.ClientFor(Roles.SeniorTutor, "st-eng", "ENG").GetAsync("/api/schools/MED/concerns").ShouldBeProblem(HttpStatusCode.Forbidden);
        await st.PostJson($"{url}/resolve", new { outcome = "x" }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        await st.PostAsync($"{url}/acknowledge", null).ShouldBe(HttpStatusCode.NoContent);
        await st.PostJson($"{url}/resolve", new { outcome = "Agreed fortnightly slots; signposted to study skills" }).ShouldBe(HttpStatusCode.NoContent);

        (await st.GetAsync("/api/schools/MED/concerns").ShouldBe(HttpStatusCode.OK)).EnumerateArray().Select(c => c.GetProperty("studentId").GetString()).Should().NotContain(s);
        var concern = (await st.GetAsync($"/api/students/{s}/contacts").ShouldBe(HttpStatusCode.OK)).GetProperty("concerns")[0];
        (concern.GetProperty("status").GetString(), concern.GetProperty("resolvedBy").GetString()).Should().Be(("Closed", "st-med"));
    }

    [Fact]
    public async Task CO12_an_objective_is_set_reviewed_with_its_outcome_and_shows_on_the_worklist_when_due()
    {
        var s = NewTutee();
        var set = await api.Tutor("t-tom").PostJson($"/api/students/{s}/objectives", new { text = "Attend all labs", reviewOn = "2025-12-01" }).ShouldBe(HttpStatusCode.Created);
        var id = set.GetProperty("objectiveId").GetGuid();
        api.SetClock(London(2025, 12, 1, 12));
        var due = await api.Tutor("t-tom").GetAsync("/api/tutors/t-tom/contact-due").ShouldBe(HttpStatusCode.OK);
        due.GetProperty("tutees").EnumerateArray().Single(t => t.GetProperty("studentId").GetString() == s)
            .GetProperty("objectiveReviewsDue").EnumerateArray().Select(e => e.GetGuid()).Should().Equal(id);

        await api.Tutor("t-tom").PostJson($"/api/students/{s}/objectives/{id}/review", new { outcome = "PartlyMet", comment = "Missed one" }).ShouldBe(HttpStatusCode.NoContent);
        await api.Tutor("t-tom").PostJson($"/api/students/{s}/objectives/{id}/review", new { outcome = "Met" }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        await api.Tutor("t-tom").PostJson($"/api/students/{s}/objectives/{Guid.NewGuid()}/review", new { outcome = "Met" }).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CO7_a_student_records_their_own_consent_but_not_anothers_and_a_consent_cannot_end_before_it_starts()
    {
        var s = NewTutee();
        await api.ClientFor(Roles.Student, s).PostJson($"/api/students/{s}/consents", new { scope = "AllNotes", until = "2026-06-30" }).ShouldBe(HttpStatusCode.Created);
        await api.ClientFor(Roles.Student, "someone-else").PostJson($"/api/students/{s}/consents", new { scope = "AllNotes" }).ShouldBeProblem(HttpStatusCode.NotFound);
        var ended = await api.ClientFor(Roles.Student, s).PostJson($"/api/students/{s}/consents", new { scope = "AllNotes", until = "2025-01-01" })
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        ended.GetProperty("code").GetString().Should().Be("consent-already-ended");
        (await api.EventCount($"contact-{s}")).Should().Be(1);
    }

    [Fact]
    public async Task CO7_a_student_lists_their_own_consents_with_withdrawals_and_no_one_elses()
    {
        var s = NewTutee();
        var given = await api.ClientFor(Roles.Student, s).PostJson($"/api/students/{s}/consents", new { scope = "StandardNotes" }).ShouldBe(HttpStatusCode.Created);
        var id = given.GetProperty("consentId").GetString();
        await api.ClientFor(Roles.Student, s).PostJson($"/api/students/{s}/consents/{id}/revoke", new { }).ShouldBe(HttpStatusCode.NoContent);

        var listed = await (await api.ClientFor(Roles.Student, s).GetAsync($"/api/students/{s}/consents")).ShouldBe(HttpStatusCode.OK);

        listed.GetArrayLength().Should().Be(1);
        listed[0].GetProperty("consentId").GetString().Should().Be(id);
        listed[0].GetProperty("scope").GetString().Should().Be("StandardNotes");
        listed[0].GetProperty("revokedBy").GetString().Should().Be(s);
        await (await api.ClientFor(Roles.Student, "someone-else").GetAsync($"/api/students/{s}/consents")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await api.ClientFor(Roles.SupportTeam, "support-1").GetAsync($"/api/students/{s}/consents")).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_stale_if_match_is_a_412_and_writes_nothing()
    {
        var s = NewTutee();
        var first = await api.Tutor("t-tom").PostJson($"/api/students/{s}/contacts", ContactBody(London(2025, 11, 18)));
        await first.ShouldBe(HttpStatusCode.Created);
        first.Headers.ETag!.Tag.Should().Be("\"1\"");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/students/{s}/notes") { Content = JsonContent.Create(new { text = "late", confidentiality = "Standard" }) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"0\""));
        await (await api.Tutor("t-tom").SendAsync(request)).ShouldBeProblem(HttpStatusCode.PreconditionFailed);
        (await api.EventCount($"contact-{s}")).Should().Be(1);
    }

    [Fact]
    public async Task A_contact_retried_with_the_same_idempotency_key_is_recorded_once_even_after_the_key_is_forgotten()
    {
        var s = NewTutee();
        HttpRequestMessage Post() => new(HttpMethod.Post, $"/api/students/{s}/contacts")
        {
            Content = JsonContent.Create(ContactBody(London(2025, 11, 18), note: "Talked it through")),
            Headers = { { "Idempotency-Key", "contact-retry-1" } },
        };

        var first = await api.Tutor("t-tom").SendAsync(Post()).ShouldBe(HttpStatusCode.Created);
        var retried = await api.Tutor("t-tom").SendAsync(Post()).ShouldBe(HttpStatusCode.Created);
        retried.GetProperty("contactId").GetString().Should().Be(first.GetProperty("contactId").GetString());
        (await api.EventCount($"contact-{s}")).Should().Be(2, "one contact and its note");

        // The remembered answer has expired: the contact's id still comes from the key, so the record's own guard fires.
        await using (var connection = new Npgsql.NpgsqlConnection(api.ConnectionString))
        {
            await connection.OpenAsync();
            await using var forget = new Npgsql.NpgsqlCommand("DELETE FROM api.mt_doc_idempotent_answer", connection);
            (await forget.ExecuteNonQueryAsync()).Should().BeGreaterThan(0);
        }
        var late = await api.Tutor("t-tom").SendAsync(Post()).ShouldBe(HttpStatusCode.Created);

        late.GetProperty("contactId").GetString().Should().Be(first.GetProperty("contactId").GetString());
        late.GetProperty("noteId").GetString().Should().Be(first.GetProperty("noteId").GetString());
        (await api.EventCount($"contact-{s}")).Should().Be(2);
    }

    [Fact]
    public async Task CO15_other_modules_read_contact_points_without_any_note_text()
    {
        var s = NewTutee();
        await api.Tutor("t-tom").PostJson($"/api/students/{s}/contacts", ContactBody(London(2025, 11, 18), kind: "VideoCall", enquired: true, note: "Private words"))
            .ShouldBe(HttpStatusCode.Created);
        var points = await api.Services.GetRequiredService<IContactQueries>().ContactsOfAsync(s, London(2025, 11, 1), London(2025, 11, 30), CancellationToken.None);
        points.Should().Equal(new ContactPoint(s, "t-tom", London(2025, 11, 18), "VideoCall", "TutorInitiated", true));
    }

    [Fact]
    public async Task A_referee_sees_objectives_consented_support_as_services_only_and_only_the_concerns_they_raised()
    {
        var s = NewTutee();
        var tutor = api.Tutor("t-tom");
        await tutor.PostJson($"/api/students/{s}/objectives", new { text = "Submit the portfolio on time", reviewOn = "2026-01-15" }).ShouldBe(HttpStatusCode.Created);
        await tutor.PostJson($"/api/students/{s}/referrals", new { service = "Careers", reason = "Private reason", consentGiven = true }).ShouldBe(HttpStatusCode.Created);
        await tutor.PostJson($"/api/students/{s}/referrals",
            new { service = "SupportTeam", reason = "Safeguarding", breachJustification = new { ground = "RiskToSelf", detail = "Immediate risk" } }).ShouldBe(HttpStatusCode.Created);
        await tutor.PostJson($"/api/students/{s}/concerns", new { kind = "ProfessionalBehaviour", detail = "Late to clinic twice" }).ShouldBe(HttpStatusCode.Created);

        var queries = api.Services.GetRequiredService<IContactQueries>();
        var evidence = await queries.RefereeEvidenceAsync(s, "t-tom", CancellationToken.None);
        evidence.Objectives.Should().ContainSingle().Which.Text.Should().Be("Submit the portfolio on time");
        evidence.SupportAccessed.Should().Equal("Careers");
        evidence.ConcernsRaisedByReferee.Should().ContainSingle().Which.Detail.Should().Be("Late to clinic twice");
        (await queries.RefereeEvidenceAsync(s, "t-other", CancellationToken.None)).ConcernsRaisedByReferee.Should().BeEmpty();
    }
}
