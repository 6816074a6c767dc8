using System.Diagnostics;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.Notifications;
using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.BuildingBlocks.Projections;
using Wolverine;
using Xunit.Abstractions;

namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>
/// Students' names and e-mail addresses under the key of their profile (issue 16 item 1, docs/adr/0086): ciphertext in
/// the events from the start; after an erasure "[erased]" in every view, answer, export and e-mail record, and after a
/// rebuild; never written to again; everyone else still listed and found by name.
/// </summary>
public sealed class NameErasureTests(ClockedAllocationApi api, ITestOutputHelper output) : IClassFixture<ClockedAllocationApi>
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, object?> Body(string given, string family, string email, string school, string status = "Studying")
    {
        var body = Students.Body(school, status: status);
        (body["givenName"], body["familyName"], body["email"]) = (given, family, email);
        return body;
    }

    private async Task GivenAsync(string p)
    {
        api.Clock.Set(Start);
        await api.SchoolAsync(p);
        var registry = api.ClientFor(Roles.Integration, "registry");
        await registry.PutJson($"/api/students/{p}-s1", Body("Grace", $"Hopper{p}", $"grace.{p}@students.test", p)).ShouldBe(HttpStatusCode.Created);
        await registry.PutJson($"/api/students/{p}-s2", Body("Alan", $"Turing{p}", $"alan.{p}@students.test", p)).ShouldBe(HttpStatusCode.Created);
        await api.TutorAsync($"{p}-t1", p);
        await api.AllocateAsync($"{p}-s1", $"{p}-t1", p);
    }

    private async Task EraseAsync(string studentId)
    {
        var request = await api.Admin().PostJson($"/api/students/{studentId}/erasure-requests", new { ground = "ConsentWithdrawn", detail = "Written request" })
            .ShouldBe(HttpStatusCode.Created);
        await api.ClientFor(Roles.Dean, "dean-1").PostAsync($"/api/students/{studentId}/erasure-requests/{request.GetProperty("requestId").GetGuid()}/approve", null)
            .ShouldBe(HttpStatusCode.OK);
    }

    private async Task<string> EventDataAsync(string stream)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT string_agg(data::text, '|' ORDER BY version) FROM events.mt_events WHERE stream_id = @s", connection);
        command.Parameters.AddWithValue("s", stream);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<string> DocumentAsync(string table, string id)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT data::text FROM allocation.{table} WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static string[] Column(JsonElement students, string property) =>
        students.GetProperty("students").EnumerateArray().Select(s => s.GetProperty(property).GetString()!).ToArray();

    [Fact]
    public async Task An_erased_students_name_and_address_stay_ciphertext_in_the_events_and_read_erased_everywhere_while_others_are_found()
    {
        await GivenAsync("NE");
        var events = await EventDataAsync("student-NE-s1");
        events.Should().NotContain("Grace").And.NotContain("HopperNE").And.NotContain("grace.NE@").And.Contain("\"NE-s1#profile\"");
        (await DocumentAsync("mt_doc_studentview", "NE-s1")).Should().NotContain("HopperNE").And.NotContain("grace.NE@");
        var before = await api.SeniorTutor("NE").GetAsync("/api/schools/NE/students?name=grace%20hopper").ShouldBe(HttpStatusCode.OK);
        Column(before, "studentId").Should().Equal("NE-s1");

        await EraseAsync("NE-s1");

        (await EventDataAsync("student-NE-s1")).Should().Be(events, "erasure deletes keys, never a stored byte (the chain still verifies)");
        var profile = (await api.Admin().GetAsync("/api/students/NE-s1").ShouldBe(HttpStatusCode.OK)).GetProperty("profile");
        (profile.GetProperty("givenName").GetString(), profile.GetProperty("familyName").GetString(), profile.GetProperty("email").GetString())
            .Should().Be((PersonalText.ErasedText, PersonalText.ErasedText, PersonalText.ErasedText));
        (await api.ClientFor(Roles.Tutor, "NE-t1").GetAsync("/api/tutors/NE-t1/tutees").ShouldBe(HttpStatusCode.OK))[0].GetProperty("name").GetString()
            .Should().Be(PersonalText.ErasedText);
        var unallocated = await api.SeniorTutor("NE").GetAsync("/api/schools/NE/unallocated").ShouldBe(HttpStatusCode.OK);
        unallocated.GetProperty("students").EnumerateArray().Single().GetProperty("name").GetString().Should().Be($"Alan TuringNE");

        var all = await api.SeniorTutor("NE").GetAsync("/api/schools/NE/students").ShouldBe(HttpStatusCode.OK);
        Column(all, "familyName").Should().BeEquivalentTo(PersonalText.ErasedText, "TuringNE");
        Column(all, "email").Should().Contain(PersonalText.ErasedText).And.Contain("alan.NE@students.test");
        Column(await api.SeniorTutor("NE").GetAsync("/api/schools/NE/students?name=hopper").ShouldBe(HttpStatusCode.OK), "studentId").Should().BeEmpty();
        Column(await api.SeniorTutor("NE").GetAsync("/api/schools/NE/students?name=Alan%20turingne").ShouldBe(HttpStatusCode.OK), "studentId").Should().Equal("NE-s2");
        Column(await api.SeniorTutor("NE").GetAsync("/api/schools/NE/students?name=erased").ShouldBe(HttpStatusCode.OK), "studentId").Should().BeEmpty();

        var export = await api.Admin().GetAsync("/api/students/NE-s1/subject-access-export?purpose=SubjectAccess").ShouldBe(HttpStatusCode.OK);
        export.GetRawText().Should().NotContain("HopperNE").And.NotContain("grace.NE@").And.Contain(PersonalText.ErasedText);
        (await api.Admin().GetAsync("/api/students/NE-s2/subject-access-export?purpose=SubjectAccess").ShouldBe(HttpStatusCode.OK)).GetRawText()
            .Should().Contain("TuringNE").And.Contain("alan.NE@students.test");

        // A rebuild decrypts the events again: the erased student's fields stay erased, the other's come back.
        await api.Services.GetRequiredService<ProjectionAdmin>().RebuildAsync("allocation-students");
        var rebuilt = await api.SeniorTutor("NE").GetAsync("/api/schools/NE/students").ShouldBe(HttpStatusCode.OK);
        Column(rebuilt, "givenName").Should().BeEquivalentTo(PersonalText.ErasedText, "Alan");
        (await DocumentAsync("mt_doc_studentview", "NE-s1")).Should().NotContain("HopperNE");
    }

    [Fact]
    public async Task The_emails_about_an_erased_student_are_blanked_and_nothing_is_sent_to_them_again()
    {
        await GivenAsync("NM");
        var sent = await api.Admin().GetAsync("/api/notifications?studentId=NM-s1").ShouldBe(HttpStatusCode.OK);
        sent.EnumerateArray().Select(n => n.GetProperty("recipient").GetString()).Should().Contain("grace.NM@students.test");
        var others = (await api.Admin().GetAsync("/api/notifications?studentId=NM-s2").ShouldBe(HttpStatusCode.OK)).GetRawText();

        await EraseAsync("NM-s1");

        var blanked = await api.Admin().GetAsync("/api/notifications?studentId=NM-s1").ShouldBe(HttpStatusCode.OK);
        var emails = blanked.EnumerateArray().Where(n => n.GetProperty("channel").GetString() == "Email").ToList();
        emails.Should().NotBeEmpty().And.OnlyContain(n => n.GetProperty("recipient").GetString() == PersonalText.ErasedText
            && n.GetProperty("subject").GetString() == PersonalText.ErasedText && n.GetProperty("body").GetString() == PersonalText.ErasedText);
        blanked.GetRawText().Should().NotContain("HopperNM").And.NotContain("grace.NM@");
        (await api.Admin().GetAsync("/api/notifications?studentId=NM-s2").ShouldBe(HttpStatusCode.OK)).GetRawText().Should().Be(others);

        // Another module asks for an e-mail to the student, with the address it held: not written, not sent.
        var before = blanked.EnumerateArray().Select(n => n.GetProperty("id").GetString()).ToHashSet();
        await using (var scope = api.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(
                new EmailRequested("NM-s1", "NM-s1", "grace.NM@students.test", "Reminder", "Dear Grace HopperNM"));
        // A change of tutor still tells the tutors, naming the student "[erased]", and writes nothing to the student.
        await api.TutorAsync("NM-t2", "NM");
        await api.SeniorTutor("NM").PostJson("/api/allocations", new { studentId = "NM-s1", tutorId = "NM-t2", reason = "Tutor left" }).ShouldBe(HttpStatusCode.OK);
        var after = await api.Admin().GetAsync("/api/notifications?studentId=NM-s1").ShouldBe(HttpStatusCode.OK);
        var added = after.EnumerateArray().Where(n => !before.Contains(n.GetProperty("id").GetString()) && n.GetProperty("channel").GetString() == "Email").ToList();
        added.Select(n => n.GetProperty("recipient").GetString()).Should().BeEquivalentTo("NM-t2@uni.test", "NM-t1@uni.test");
        added.Should().OnlyContain(n => n.GetProperty("subject").GetString()!.Contains(PersonalText.ErasedText));
        after.GetRawText().Should().NotContain("HopperNM").And.NotContain("grace.NM@");
    }

    [Fact]
    public async Task An_email_still_waiting_when_its_student_is_erased_is_blanked_and_never_sent()
    {
        await GivenAsync("NP");
        var store = api.Services.GetRequiredService<IDocumentStore>();
        var waiting = Notices.Email("NP-s1", "grace.NP@students.test", "Your meeting", "Dear Grace HopperNP", api.Clock.GetUtcNow()) with
        {
            Status = DeliveryStatus.DeadLettered,
            LastError = "550 grace.NP@students.test unknown",
        };
        await using (var session = store.LightweightSession())
        {
            session.Store(waiting);
            await session.SaveChangesAsync();
        }

        await EraseAsync("NP-s1");

        await using (var session = store.QuerySession())
        {
            var blanked = await session.LoadAsync<Notification>(waiting.Id);
            (blanked!.Status, blanked.Recipient, blanked.Subject, blanked.Body, blanked.LastError)
                .Should().Be((DeliveryStatus.Erased, PersonalText.ErasedText, PersonalText.ErasedText, PersonalText.ErasedText, PersonalText.ErasedText));
        }
        // An Admin replaying the dead letter delivers nothing.
        await api.Services.GetRequiredService<NotificationCourier>().DeliverAsync(waiting.Id, 1, CancellationToken.None);
        File.Exists(Path.Combine(api.MailFolder, waiting.Id + ".eml")).Should().BeFalse();
        await using (var session = store.QuerySession())
            (await session.LoadAsync<Notification>(waiting.Id))!.Status.Should().Be(DeliveryStatus.Erased);
    }

    [Fact]
    public async Task The_student_record_system_may_send_an_erased_student_again_without_their_name_being_recorded()
    {
        await GivenAsync("NR");
        await EraseAsync("NR-s1");
        var registry = api.ClientFor(Roles.Integration, "registry");
        var version = await api.EventCountAsync("student-NR-s1");

        var same = await registry.PutJson("/api/students/NR-s1", Body("Grace", "HopperNR", "grace.NR@students.test", "NR")).ShouldBe(HttpStatusCode.OK);
        same.GetProperty("givenName").GetString().Should().Be(PersonalText.ErasedText);
        (await api.EventCountAsync("student-NR-s1")).Should().Be(version, "only the erased name differs, and it is never recorded again");

        await registry.PutJson("/api/students/NR-s1", Body("Grace", "HopperNR", "grace.NR@students.test", "NR", status: "Graduated")).ShouldBe(HttpStatusCode.OK);
        var batch = new { students = new[] { new Dictionary<string, object?>(Body("Grace", "Hopper", "g@students.test", "NR", "Graduated")) { ["studentId"] = "NR-s1" } } };
        (await registry.PostJson("/api/students/batch", batch).ShouldBe(HttpStatusCode.OK)).GetProperty("unchanged").GetInt32().Should().Be(1);
        (await api.EventCountAsync("student-NR-s1")).Should().Be(version + 2, "the status change and the allocation it ends");
        (await EventDataAsync("student-NR-s1")).Should().NotContain("HopperNR").And.NotContain("grace.NR@");
        var profile = (await api.Admin().GetAsync("/api/students/NR-s1").ShouldBe(HttpStatusCode.OK)).GetProperty("profile");
        (profile.GetProperty("status").GetString(), profile.GetProperty("familyName").GetString()).Should().Be(("Graduated", PersonalText.ErasedText));
    }

    [Theory]
    [InlineData(Roles.Student, "NA-s1")]
    [InlineData(Roles.Governance, "gov")]
    public async Task The_school_directory_is_refused_to_roles_without_school_reads(string role, string subject)
    {
        await api.SchoolAsync("NA");
        await api.ClientFor(role, subject).GetAsync("/api/schools/NA/students").ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_school_directory_is_refused_to_a_senior_tutor_of_another_school_and_refuses_a_long_name()
    {
        await api.SchoolAsync("NB");
        await api.SeniorTutor("MED").GetAsync("/api/schools/NB/students").ShouldBeProblem(HttpStatusCode.Forbidden);
        await api.SeniorTutor("NB").GetAsync($"/api/schools/NB/students?name={new string('a', 101)}").ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    /// <summary>The cost of decrypting a school of 2,000 in memory (ADR 0086): with every key cold, and within the key cache's minute.</summary>
    [Fact]
    public async Task Searching_a_school_of_2000_by_name_decrypts_it_in_memory()
    {
        api.Clock.Set(Start);
        await api.SchoolAsync("NK");
        var rows = Enumerable.Range(1, 2000).Select(i => new Dictionary<string, object?>(Body($"Given{i:D4}", $"Family{i:D4}", $"s{i:D4}@students.test", "NK"))
        {
            ["studentId"] = $"NK-{i:D4}",
        }).ToArray();
        (await api.ClientFor(Roles.Integration, "registry").PostJson("/api/students/batch", new { students = rows }).ShouldBe(HttpStatusCode.OK))
            .GetProperty("created").GetInt32().Should().Be(2000);
        var client = api.SeniorTutor("NK");

        api.Clock.Advance(TimeSpan.FromMinutes(5)); // every key cached by the batch has expired
        var cold = Stopwatch.StartNew();
        var found = await client.GetAsync("/api/schools/NK/students?name=family1234").ShouldBe(HttpStatusCode.OK);
        cold.Stop();
        Column(found, "studentId").Should().Equal("NK-1234");
        var warm = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            (await client.GetAsync("/api/schools/NK/students?name=given0007").ShouldBe(HttpStatusCode.OK)).GetProperty("count").GetInt32().Should().Be(1);
            warm.Add(watch.Elapsed.TotalMilliseconds);
        }
        output.WriteLine($"School of 2,000: cold keys {cold.Elapsed.TotalMilliseconds:F0} ms; warm {string.Join(", ", warm.Select(w => w.ToString("F0")))} ms");
        cold.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20));
        warm.Min().Should().BeLessThan(2000);
    }
}
