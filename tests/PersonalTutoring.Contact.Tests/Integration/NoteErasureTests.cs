using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Contact.Tests.Support;
using static PersonalTutoring.Contact.Tests.Support.ContactWorld;
using static PersonalTutoring.TestKit.HandWorkedCalendar;

namespace PersonalTutoring.Contact.Tests.Integration;

/// <summary>
/// Notes are the first record kind under crypto-shredding (issue 16 item 1, ADR 0076): the text is ciphertext in the
/// events and in the student's record, and once the student is erased the API shows "[erased]", also after a rebuild,
/// while the notes themselves (who wrote one, when, how confidential) stay.
/// </summary>
public sealed class NoteErasureTests(ContactApi api) : IClassFixture<ContactApi>
{
    [Fact]
    public async Task An_erased_students_notes_read_erased_in_the_record_and_after_a_rebuild_and_the_notes_stay()
    {
        api.SetClock(London(2025, 11, 20, 12));
        var student = NewId("s");
        var other = NewId("s");
        api.Allocation.AddStudent(student, "MED", "t-tom", new DateOnly(2025, 8, 1));
        api.Allocation.AddStudent(other, "MED", "t-tom", new DateOnly(2025, 8, 1));
        var tutor = api.Tutor("t-tom");
        var note = await tutor.PostJson($"/api/students/{student}/notes", new { text = "Told me about a bereavement", confidentiality = "Standard" }).ShouldBe(HttpStatusCode.Created);
        await tutor.PostJson($"/api/students/{student}/notes/{note.GetProperty("noteId").GetGuid()}/amendments", new { text = "It was a grandparent" }).ShouldBe(HttpStatusCode.Created);
        await tutor.PostJson($"/api/students/{other}/notes", new { text = "Asked about placements", confidentiality = "Standard" }).ShouldBe(HttpStatusCode.Created);
        await api.CatchUpAsync();
        (await RawAsync($"contact-{student}")).Should().NotContain("bereavement").And.NotContain("grandparent");

        await api.Services.GetRequiredService<SubjectKeys>().EraseAsync(student, CancellationToken.None);
        var record = await tutor.GetAsync($"/api/students/{student}/contacts").ShouldBe(HttpStatusCode.OK);

        var notes = record.GetProperty("notes").EnumerateArray().ToList();
        notes.Should().ContainSingle();
        notes[0].GetProperty("text").GetString().Should().Be(PersonalText.ErasedText);
        notes[0].GetProperty("authorId").GetString().Should().Be("t-tom");
        notes[0].GetProperty("amendments")[0].GetProperty("text").GetString().Should().Be(PersonalText.ErasedText);
        (await tutor.GetAsync($"/api/students/{other}/contacts").ShouldBe(HttpStatusCode.OK))
            .GetProperty("notes")[0].GetProperty("text").GetString().Should().Be("Asked about placements");

        var admin = api.Services.GetRequiredService<ProjectionAdmin>();
        foreach (var name in admin.Names.Where(n => n.StartsWith("contact", StringComparison.Ordinal)))
            await admin.RebuildAsync(name, CancellationToken.None);
        (await tutor.GetAsync($"/api/students/{student}/contacts").ShouldBe(HttpStatusCode.OK))
            .GetProperty("notes")[0].GetProperty("text").GetString().Should().Be(PersonalText.ErasedText);
    }

    private async Task<string> RawAsync(string stream)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT coalesce(string_agg(data::text, '|'), '') FROM events.mt_events WHERE stream_id = @s", connection);
        command.Parameters.AddWithValue("s", stream);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
