using PersonalTutoring.References.Tests.Support;
using static PersonalTutoring.References.Tests.Support.ReferenceWorld;

namespace PersonalTutoring.References.Tests.Integration;

/// <summary>RE-1 (drafts, attestation) and RE-2 (immutable retained copies, corrections, read log, the tutee's access) over HTTP.</summary>
public sealed class IssuingTests(ReferencesApi api) : IClassFixture<ReferencesApi>
{
    [Fact]
    public async Task Drafts_are_versions_and_a_save_over_a_version_someone_else_moved_is_a_412()
    {
        var tutor = ReferencesApi.NewId("t");
        var id = await api.DraftedAsync(api.NewTutee(tutor), tutor, "First words");
        var draft = await api.Tutor(tutor).GetAsync($"/api/reference-requests/{id}/draft");
        var etag = draft.Headers.ETag!.Tag;
        (await draft.ShouldBe(HttpStatusCode.OK)).GetProperty("text").GetString().Should().Be("First words");

        var saved = await api.Tutor(tutor).PutWithIfMatch($"/api/reference-requests/{id}/draft", new { text = "Second words" }, etag);
        saved.StatusCode.Should().Be(HttpStatusCode.OK);
        saved.Headers.ETag!.Tag.Should().NotBe(etag);
        // another tab still holding the first version
        await api.Tutor(tutor).PutWithIfMatch($"/api/reference-requests/{id}/draft", new { text = "Stale tab" }, etag).ShouldBeProblem(HttpStatusCode.PreconditionFailed);
        (await api.Tutor(tutor).GetAsync($"/api/reference-requests/{id}/draft").ShouldBe(HttpStatusCode.OK)).GetProperty("text").GetString().Should().Be("Second words");
        (await api.Tutor(tutor).GetAsync($"/api/reference-requests/{id}").ShouldBe(HttpStatusCode.OK)).GetProperty("draftSaves").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task Issuing_without_the_attestation_is_refused_and_nothing_is_issued()
    {
        var tutor = ReferencesApi.NewId("t");
        var id = await api.DraftedAsync(api.NewTutee(tutor), tutor);
        var problem = await api.Tutor(tutor).PostJson($"/api/reference-requests/{id}/issues", IssueBody(attested: false)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("code").GetString().Should().Be("attestation-required");
        (await api.Tutor(tutor).GetAsync($"/api/reference-requests/{id}").ShouldBe(HttpStatusCode.OK)).GetProperty("issued").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task An_issued_reference_is_retained_exactly_a_correction_is_a_linked_new_version_and_every_read_is_logged()
    {
        var tutor = ReferencesApi.NewId("t");
        var s = api.NewTutee(tutor);
        var id = await api.DraftedAsync(s, tutor, "Reliable, punctual and kind.");
        var issued = await api.Tutor(tutor).PostJson($"/api/reference-requests/{id}/issues", IssueBody()).ShouldBe(HttpStatusCode.Created);
        issued.GetProperty("version").GetInt32().Should().Be(1);
        var hash = issued.GetProperty("contentHash").GetString();
        hash.Should().MatchRegex("^[0-9a-f]{64}$");

        await api.Tutor(tutor).PutJson($"/api/reference-requests/{id}/draft", new { text = "Reliable, punctual and kind to patients." }).ShouldBe(HttpStatusCode.OK);
        await api.Tutor(tutor).PostJson($"/api/reference-requests/{id}/issues", IssueBody()).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        var corrected = await api.Tutor(tutor).PostJson($"/api/reference-requests/{id}/issues", IssueBody("The recipient asked about patient care.")).ShouldBe(HttpStatusCode.Created);
        corrected.GetProperty("version").GetInt32().Should().Be(2);
        corrected.GetProperty("supersedes").GetInt32().Should().Be(1);

        var v1 = await api.Tutor(tutor).GetAsync($"/api/reference-requests/{id}/issued/1").ShouldBe(HttpStatusCode.OK);
        v1.GetProperty("text").GetString().Should().Be("Reliable, punctual and kind.");
        v1.GetProperty("contentHash").GetString().Should().Be(hash);
        v1.GetProperty("recipient").GetString().Should().Be("Graduate recruitment, Acme Ltd");
        v1.GetProperty("capacity").GetString().Should().Be("Personal tutor");
        v1.GetProperty("attested").GetBoolean().Should().BeTrue();
        var v2 = await api.Student(s).GetAsync($"/api/reference-requests/{id}/issued/2").ShouldBe(HttpStatusCode.OK); // subject access
        v2.GetProperty("text").GetString().Should().Be("Reliable, punctual and kind to patients.");
        v2.GetProperty("correctionReason").GetString().Should().Be("The recipient asked about patient care.");
        await api.Tutor(tutor).GetAsync($"/api/reference-requests/{id}/issued/3").ShouldBeProblem(HttpStatusCode.NotFound);

        var reads = await api.ClientFor(Roles.Auditor, "aud-1").GetAsync($"/api/reference-requests/{id}/reads").ShouldBe(HttpStatusCode.OK);
        reads.EnumerateArray().Select(r => (r.GetProperty("readerId").GetString(), r.GetProperty("version").GetInt32()))
            .Should().BeEquivalentTo([(tutor, 1), (s, 2)]);
    }

    [Fact]
    public async Task The_school_marks_one_confidential_to_its_recipient_and_the_tutee_then_sees_it_exists_but_not_its_text()
    {
        var tutor = ReferencesApi.NewId("t");
        var s = api.NewTutee(tutor);
        var id = await api.DraftedAsync(s, tutor);
        await api.Tutor(tutor).PostJson($"/api/reference-requests/{id}/issues", IssueBody()).ShouldBe(HttpStatusCode.Created);
        await api.Student(s).GetAsync($"/api/reference-requests/{id}/issued/1").ShouldBe(HttpStatusCode.OK);

        await api.ClientFor(Roles.SeniorTutor, "st-eng", "ENG").PostJson($"/api/reference-requests/{id}/issued/1/confidential", new { reason = "x" })
            .ShouldBeProblem(HttpStatusCode.NotFound);
        var st = api.ClientFor(Roles.SeniorTutor, "st-med", "MED");
        await st.PostJson($"/api/reference-requests/{id}/issued/1/confidential", new { reason = "" }).ShouldBeProblem(HttpStatusCode.BadRequest);
        await st.PostJson($"/api/reference-requests/{id}/issued/1/confidential", new { reason = "The recipient asked for a confidential reference." })
            .ShouldBe(HttpStatusCode.OK);

        var refused = await api.Student(s).GetAsync($"/api/reference-requests/{id}/issued/1").ShouldBeProblem(HttpStatusCode.Forbidden);
        refused.GetProperty("detail").GetString().Should().Contain("The recipient asked for a confidential reference.");
        var request = await api.Student(s).GetAsync($"/api/reference-requests/{id}").ShouldBe(HttpStatusCode.OK);
        request.GetProperty("issued")[0].GetProperty("confidentialToRecipient").GetBoolean().Should().BeTrue();
        await api.Tutor(tutor).GetAsync($"/api/reference-requests/{id}/issued/1").ShouldBe(HttpStatusCode.OK); // the author still reads it
    }

    [Fact]
    public async Task The_Dean_and_Auditors_see_that_a_reference_exists_and_its_metadata_never_its_text()
    {
        var tutor = ReferencesApi.NewId("t");
        var s = api.NewTutee(tutor);
        var id = await api.DraftedAsync(s, tutor);
        await api.Tutor(tutor).PostJson($"/api/reference-requests/{id}/issues", IssueBody()).ShouldBe(HttpStatusCode.Created);
        foreach (var role in new[] { Roles.Dean, Roles.Auditor })
        {
            var client = api.ClientFor(role, "staff-" + role);
            var seen = await client.GetAsync($"/api/reference-requests/{id}").ShouldBe(HttpStatusCode.OK);
            seen.GetProperty("purpose").GetString().Should().BeEmpty();
            seen.GetProperty("issued")[0].GetProperty("contentHash").GetString().Should().MatchRegex("^[0-9a-f]{64}$");
            (await client.GetAsync($"/api/students/{s}/reference-requests").ShouldBe(HttpStatusCode.OK))[0].GetProperty("purpose").GetString().Should().BeEmpty();
            await client.GetAsync($"/api/reference-requests/{id}/issued/1").ShouldBeProblem(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task The_school_list_shows_the_Senior_Tutor_and_the_Dean_every_request_of_the_school_as_metadata_only()
    {
        var tutor = ReferencesApi.NewId("t");
        var s = api.NewTutee(tutor);
        var id = await api.DraftedAsync(s, tutor);
        await api.Tutor(tutor).PostJson($"/api/reference-requests/{id}/issues", IssueBody()).ShouldBe(HttpStatusCode.Created);
        foreach (var client in new[] { api.ClientFor(Roles.SeniorTutor, "st-med", "MED"), api.ClientFor(Roles.Dean, "dean") })
        {
            var list = await client.GetAsync("/api/schools/MED/reference-requests").ShouldBe(HttpStatusCode.OK);
            var item = list.EnumerateArray().Single(r => r.GetProperty("requestId").GetString() == id);
            item.GetProperty("purpose").GetString().Should().BeEmpty();
            item.GetProperty("issued")[0].GetProperty("contentHash").GetString().Should().MatchRegex("^[0-9a-f]{64}$");
        }
        await api.ClientFor(Roles.SeniorTutor, "st-eng", "ENG").GetAsync("/api/schools/MED/reference-requests").ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.ClientFor(Roles.Dean, "dean").GetAsync("/api/schools/ENG/reference-requests").ShouldBe(HttpStatusCode.OK)).EnumerateArray()
            .Select(r => r.GetProperty("requestId").GetString()).Should().NotContain(id);
    }
}
