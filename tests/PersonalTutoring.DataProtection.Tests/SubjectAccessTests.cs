using System.Text.Json;
using PersonalTutoring.BuildingBlocks.Privacy;

namespace PersonalTutoring.DataProtection.Tests;

/// <summary>
/// Subject access (issue 16 items 3, 4, 5 and 7): the export holds everything (confidential notes too) less what is
/// withheld under a recorded exemption; the student's own record shows their kinds of record only; every note read,
/// reference read and export is logged with its purpose, and the student and the Dean can read the log.
/// </summary>
public sealed class SubjectAccessTests(DataProtectionApi api) : IClassFixture<DataProtectionApi>
{
    private HttpClient Tutor => api.ClientFor(Roles.Tutor, "t-tom");

    private HttpClient Student(string id) => api.ClientFor(Roles.Student, id);

    private async Task<string> StudentWithARecordAsync()
    {
        api.Clock.Set(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
        var s = $"s-{Guid.NewGuid():N}"[..14];
        api.Allocation.AddStudent(s, "MED", "t-tom", new DateOnly(2025, 9, 20));
        await Tutor.PostJson($"/api/students/{s}/contacts", new { direction = "TutorInitiated", kind = "Email", enquiredAboutProgressAndWellbeing = true, occurredAt = "2026-03-02T09:00:00Z" }).ShouldBe(HttpStatusCode.Created);
        await Tutor.PostJson($"/api/students/{s}/notes", new { text = "Worried about the anatomy resit", confidentiality = "Standard" }).ShouldBe(HttpStatusCode.Created);
        await Tutor.PostJson($"/api/students/{s}/notes", new { text = "Disclosed a <b>carer's</b> role at home", confidentiality = "Confidential" }).ShouldBe(HttpStatusCode.Created);
        await Tutor.PostJson($"/api/students/{s}/objectives", new { text = "Book a study-skills session", reviewOn = "2026-04-01" }).ShouldBe(HttpStatusCode.Created);
        return s;
    }

    private static IEnumerable<JsonElement> Records(JsonElement bundle, string kind) =>
        bundle.GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("records").EnumerateArray()).Where(r => r.GetProperty("kind").GetString() == kind);

    [Fact]
    public async Task The_export_holds_confidential_notes_and_is_itself_an_event_and_a_logged_read()
    {
        var s = await StudentWithARecordAsync();

        var bundle = await api.AdminUser.GetAsync($"/api/students/{s}/subject-access-export?purpose=SubjectAccess").ShouldBe(HttpStatusCode.OK);

        Records(bundle, "confidential-note").Single().GetProperty("content").GetProperty("text").GetString().Should().Be("Disclosed a <b>carer's</b> role at home");
        Records(bundle, "standard-note").Single().GetProperty("content").GetProperty("text").GetString().Should().Be("Worried about the anatomy resit");
        Records(bundle, "objective").Should().ContainSingle();
        Records(bundle, "contact").Should().ContainSingle();
        (await api.EventTypesAsync($"data-protection-{s}")).Should().Equal("data_protection.subject_access_exported");
        var reads = await Student(s).GetAsync($"/api/students/{s}/personal-data-reads").ShouldBe(HttpStatusCode.OK);
        var export = reads.EnumerateArray().Single(r => r.GetProperty("recordKind").GetString() == "subject-access-export");
        (export.GetProperty("readerId").GetString(), export.GetProperty("purpose").GetString(), export.GetProperty("recordId").GetString())
            .Should().Be(("admin-1", "SubjectAccess", bundle.GetProperty("exportId").GetString()));
    }

    [Fact]
    public async Task The_html_export_is_one_readable_page_with_every_value_encoded_and_no_script()
    {
        var s = await StudentWithARecordAsync();

        var response = await api.Dean.GetAsync($"/api/students/{s}/subject-access-export?format=Html");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain("Disclosed a &lt;b&gt;carer&#39;s&lt;/b&gt; role at home").And.Contain("Confidential note").And.Contain("Objective");
        html.Should().NotContain("<script").And.NotContain("<b>carer");
    }

    [Fact]
    public async Task A_withheld_record_leaves_the_export_and_the_own_record_with_its_exemption_until_lifted()
    {
        var s = await StudentWithARecordAsync();
        var objective = Records(await api.AdminUser.GetAsync($"/api/students/{s}/subject-access-export").ShouldBe(HttpStatusCode.OK), "objective").Single().GetProperty("id").GetString();

        var withheld = await api.Dean.PostJson($"/api/students/{s}/withholdings",
            new { recordKind = "objective", recordId = objective, exemption = "SeriousHarm", reason = "Clinician's advice of 1 March" }).ShouldBe(HttpStatusCode.Created);

        var export = await api.AdminUser.GetAsync($"/api/students/{s}/subject-access-export").ShouldBe(HttpStatusCode.OK);
        Records(export, "objective").Should().BeEmpty();
        var left = export.GetProperty("withheld").EnumerateArray().Single();
        (left.GetProperty("kind").GetString(), left.GetProperty("exemption").GetString(), left.GetProperty("reason").GetString())
            .Should().Be(("objective", "SeriousHarm", "Clinician's advice of 1 March"));
        Records(await Student(s).GetAsync($"/api/students/{s}/own-record").ShouldBe(HttpStatusCode.OK), "objective").Should().BeEmpty();

        await api.AdminUser.PostAsync($"/api/students/{s}/withholdings/{withheld.GetProperty("withholdingId").GetGuid()}/lift", null).ShouldBe(HttpStatusCode.NoContent);
        Records(await Student(s).GetAsync($"/api/students/{s}/own-record").ShouldBe(HttpStatusCode.OK), "objective").Should().ContainSingle();
        (await api.EventTypesAsync($"data-protection-{s}")).Should().Contain(["data_protection.record_withheld", "data_protection.withholding_lifted"]);
    }

    [Fact]
    public async Task A_withholding_names_a_record_the_student_has()
    {
        var s = await StudentWithARecordAsync();

        await api.Dean.PostJson($"/api/students/{s}/withholdings", new { recordKind = "objective", recordId = Guid.NewGuid(), exemption = "SeriousHarm", reason = "r" })
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        await api.Dean.PostJson($"/api/students/{s}/withholdings", new { recordKind = "diary", recordId = "x", exemption = "SeriousHarm", reason = "r" })
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        await api.Dean.PostJson($"/api/students/{s}/withholdings", new { recordKind = "objective", recordId = "x", exemption = "Because", reason = "r" })
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        (await api.EventTypesAsync($"data-protection-{s}")).Should().BeEmpty();
    }

    [Fact]
    public async Task The_student_sees_their_contacts_and_objectives_but_not_notes_and_no_one_elses_record()
    {
        var s = await StudentWithARecordAsync();

        var own = await Student(s).GetAsync($"/api/students/{s}/own-record").ShouldBe(HttpStatusCode.OK);

        Records(own, "contact").Should().ContainSingle();
        Records(own, "objective").Single().GetProperty("content").GetProperty("text").GetString().Should().Be("Book a study-skills session");
        Records(own, "standard-note").Should().BeEmpty();
        Records(own, "confidential-note").Should().BeEmpty();
        await Student("someone-else").GetAsync($"/api/students/{s}/own-record").ShouldBeProblem(HttpStatusCode.NotFound); // a stranger learns nothing (ADR 0043)
        await Tutor.GetAsync($"/api/students/{s}/own-record").ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Every_note_read_is_logged_with_its_purpose_and_the_student_and_the_dean_see_the_log()
    {
        var s = await StudentWithARecordAsync();

        await Tutor.GetAsync($"/api/students/{s}/contacts?purpose=Safeguarding").ShouldBe(HttpStatusCode.OK);
        await Tutor.GetAsync($"/api/students/{s}/contacts").ShouldBe(HttpStatusCode.OK);

        var log = await Student(s).GetAsync($"/api/students/{s}/personal-data-reads").ShouldBe(HttpStatusCode.OK);
        var reads = log.EnumerateArray().Select(r => (Kind: r.GetProperty("recordKind").GetString(), Purpose: r.GetProperty("purpose").GetString(),
            Stated: r.GetProperty("purposeStated").GetBoolean(), Reader: r.GetProperty("readerId").GetString())).ToList();
        reads.Should().BeEquivalentTo(new[]
        {
            ("standard-note", "Safeguarding", true, "t-tom"), ("confidential-note", "Safeguarding", true, "t-tom"),
            ("standard-note", "Tutoring", false, "t-tom"), ("confidential-note", "Tutoring", false, "t-tom"),
        });
        var school = await api.Dean.GetAsync("/api/schools/MED/personal-data-reads").ShouldBe(HttpStatusCode.OK);
        school.EnumerateArray().Count(r => r.GetProperty("studentId").GetString() == s).Should().Be(4);
        var confidential = await api.Dean.GetAsync($"/api/students/{s}/confidential-note-reads").ShouldBe(HttpStatusCode.OK);
        confidential.GetArrayLength().Should().Be(2, "the confidential-note read log still holds every confidential read");
        await Tutor.GetAsync($"/api/students/{s}/contacts?purpose=Curiosity").ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_erased_students_export_reads_erased_where_their_text_was()
    {
        var s = await StudentWithARecordAsync();
        var request = await api.AdminUser.PostJson($"/api/students/{s}/erasure-requests", new { ground = "ConsentWithdrawn", detail = "d" }).ShouldBe(HttpStatusCode.Created);
        await api.Dean.PostAsync($"/api/students/{s}/erasure-requests/{request.GetProperty("requestId").GetGuid()}/approve", null).ShouldBe(HttpStatusCode.OK);

        var bundle = await api.AdminUser.GetAsync($"/api/students/{s}/subject-access-export").ShouldBe(HttpStatusCode.OK);

        bundle.GetProperty("erasedAt").ValueKind.Should().Be(JsonValueKind.String);
        Records(bundle, "confidential-note").Single().GetProperty("content").GetProperty("text").GetString().Should().Be(PersonalText.ErasedText);
        Records(bundle, "standard-note").Single().GetProperty("content").GetProperty("text").GetString().Should().Be(PersonalText.ErasedText);
    }
}
