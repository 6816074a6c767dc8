using System.Net.Http.Json;
using System.Text.Json;
using PersonalTutoring.DataProtection.Contracts;

namespace PersonalTutoring.Web.Tests;

/// <summary>
/// Issue 16 item 3 over the demo university: the subject-access export of a seeded student holds every kind of record
/// the product keeps about a student, read from every module. The student is one the seed left unresponsive (so they
/// have a support flag); the test gives them, through the API as their tutor and themselves, the kinds a term of the
/// seed does not give one student.
/// </summary>
[Collection(DemoUniversityCollection.Name)]
public sealed class SubjectAccessExportTests(DemoUniversity app)
{
    [Fact]
    public async Task The_export_of_a_seeded_student_holds_every_kind_of_record_from_every_module()
    {
        var worklist = (await app.ApiAs("support-team").GetFromJsonAsync<List<JsonElement>>("/api/support-team/worklist"))!;
        var s = worklist.First(w => w.GetProperty("openFlags").GetArrayLength() > 0 && w.GetProperty("studentId").GetString() != "med-0001").GetProperty("studentId").GetString()!;
        var profile = (await app.ApiAs("admin").GetFromJsonAsync<JsonElement>($"/api/students/{s}"))!;
        var tutor = app.ClientFor(Roles.Tutor, profile.GetProperty("currentTutor").GetProperty("staffId").GetString()!);
        var student = app.ClientFor(Roles.Student, s);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        await tutor.PostJson($"/api/students/{s}/notes", new { text = "Told me in confidence about a family illness", confidentiality = "Confidential" }).ShouldBe(HttpStatusCode.Created);
        await tutor.PostJson($"/api/students/{s}/notes", new { text = "Talked through the timetable", confidentiality = "Standard" }).ShouldBe(HttpStatusCode.Created);
        await tutor.PostJson($"/api/students/{s}/consents", new { scope = "AllNotes", until = today.AddMonths(6) }).ShouldBe(HttpStatusCode.Created);
        await tutor.PostJson($"/api/students/{s}/referrals", new { service = "Wellbeing", reason = "Low mood since November", consentGiven = true }).ShouldBe(HttpStatusCode.Created);
        await tutor.PostJson($"/api/students/{s}/concerns", new { kind = "NeedsMoreTime", detail = "Asks for help most days" }).ShouldBe(HttpStatusCode.Created);
        await tutor.PostJson($"/api/students/{s}/objectives", new { text = "Meet the module lead about the resit", reviewOn = today.AddDays(30) }).ShouldBe(HttpStatusCode.Created);
        await student.PostJson($"/api/students/{s}/tutor-change-requests", new { reason = "Our free times never match" }).ShouldBe(HttpStatusCode.Created);
        var request = await student.PostJson($"/api/students/{s}/reference-requests", new
        {
            kind = "Employment", recipient = "Graduate recruitment, Acme Ltd", deadline = today.AddDays(30), purpose = "Graduate scheme",
            consent = new { health = false, personalCircumstances = false }, previousTutorId = (string?)null,
        }).ShouldBe(HttpStatusCode.Created);
        var requestId = request.GetProperty("requestId").GetString();
        await tutor.PostAsync($"/api/reference-requests/{requestId}/accept", null).ShouldBe(HttpStatusCode.OK);
        await tutor.PutJson($"/api/reference-requests/{requestId}/draft", new { text = "A thoughtful and reliable student." }).ShouldBe(HttpStatusCode.OK);
        await tutor.PostJson($"/api/reference-requests/{requestId}/issues", new
        {
            attestation = new { isTrue = true, isAccurate = true, isNotUnfairOverall = true },
            knownFrom = today.AddYears(-1), knownTo = (DateOnly?)null, capacity = "Personal tutor", correctionReason = (string?)null,
        }).ShouldBe(HttpStatusCode.Created);
        var tutorId = profile.GetProperty("currentTutor").GetProperty("staffId").GetString()!;
        var day = today.AddDays(7);
        while (day.DayOfWeek != DayOfWeek.Tuesday) day = day.AddDays(1);
        // The seed's term may be over on the day this runs: published slots then fall on a closure day, which the tutor may allow.
        var slots = await tutor.PostJson($"/api/tutors/{tutorId}/slots", new
        {
            on = day, repeatWeeklyUntil = (DateOnly?)null, startTime = new TimeOnly(15, 40), lengthMinutes = 20, count = 1, capacity = 1, room = "G01",
            onlineLink = (string?)null, onClosureDays = true,
        }).ShouldBe(HttpStatusCode.Created);
        await student.PostJson($"/api/slots/{slots.GetProperty("slots")[0].GetProperty("slotId").GetGuid()}/bookings", new { agenda = "My placement" }).ShouldBe(HttpStatusCode.Created);
        await tutor.PostJson($"/api/tutors/{tutorId}/meetings", new
        {
            startsAt = new DateTimeOffset(day.AddDays(1).ToDateTime(new TimeOnly(11, 0)), TimeSpan.Zero), lengthMinutes = 30, format = "InPerson", purpose = "Regular",
            room = "Room 1.01", onlineLink = (string?)null, inviteeIds = new[] { s },
        }).ShouldBe(HttpStatusCode.Created);
        await tutor.GetAsync($"/api/students/{s}/contacts?purpose=Wellbeing").ShouldBe(HttpStatusCode.OK);
        await app.ApiAs("admin").PostJson($"/api/students/{s}/legal-holds", new { kind = "Other", reason = "A complaint under review" }).ShouldBe(HttpStatusCode.Created);
        await app.CatchUpAsync();

        var bundle = (await app.ApiAs("admin").GetFromJsonAsync<JsonElement>($"/api/students/{s}/subject-access-export?purpose=SubjectAccess"))!;

        var kinds = bundle.GetProperty("sections").EnumerateArray().SelectMany(x => x.GetProperty("records").EnumerateArray())
            .Select(r => r.GetProperty("kind").GetString()).Distinct().ToList();
        kinds.Should().BeEquivalentTo(SubjectRecordKinds.All, "the student has a record of every kind");
        bundle.GetProperty("sections").EnumerateArray().Select(x => x.GetProperty("module").GetString())
            .Should().Equal("Allocation", "Contact", "Meetings", "References", "DataProtection");
        var html = await (await app.ApiAs("dean").GetAsync($"/api/students/{s}/subject-access-export?format=Html")).Content.ReadAsStringAsync();
        html.Should().Contain("Told me in confidence about a family illness").And.Contain("A thoughtful and reliable student.").And.Contain("Support flag");
    }
}
