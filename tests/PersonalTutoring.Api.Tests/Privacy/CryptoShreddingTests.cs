using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PersonalTutoring.BuildingBlocks.Audit;
using PersonalTutoring.BuildingBlocks.Privacy;

namespace PersonalTutoring.Api.Tests.Privacy;

/// <summary>
/// Crypto-shredding (issue 16 item 1, ADR 0076): personal text is stored encrypted under its student's key; erasing
/// the student deletes the key, and the text is unreadable in the events, in documents and in what is rebuilt from
/// them, while every event stays where it was and the tamper-evident chain still verifies.
/// </summary>
public sealed class CryptoShreddingTests(TutoringApiFactory api) : IClassFixture<TutoringApiFactory>
{
    public sealed record ConcernNoted(string StudentNumber, PersonalText Note);

    public sealed class NoteCard
    {
        public string Id { get; set; } = "";

        public PersonalText? Note { get; set; }
    }

    private IDocumentStore Store => api.Services.GetRequiredService<IDocumentStore>();

    private SubjectKeys Keys => api.Services.GetRequiredService<SubjectKeys>();

    [Fact]
    public async Task Personal_text_is_stored_encrypted_and_read_back_as_written()
    {
        var stream = await AppendAsync("S-PLAIN", "Disclosed a family bereavement");

        var raw = await RawDataAsync(stream);
        raw.Should().NotContain("bereavement", "the text is ciphertext at rest");
        raw.Should().Contain("S-PLAIN", "the subject is named so the key can be found");
        (await ReadNotesAsync(stream)).Should().Equal("Disclosed a family bereavement");
    }

    [Fact]
    public async Task An_erased_students_text_is_unreadable_in_events_documents_and_a_replay_while_the_events_stay()
    {
        var erased = await AppendAsync("S-ERASE", "Anxiety about exams", "Referred to wellbeing");
        var kept = await AppendAsync("S-KEEP", "Asked about a placement");
        // A read model is a document written by the same serializer as the events.
        var serializer = Store.Options.Serializer();
        var document = serializer.ToJson(new NoteCard { Id = "card-S-ERASE", Note = PersonalText.Of("S-ERASE", "Anxiety about exams") });
        document.Should().NotContain("Anxiety");
        var rawBefore = await RawDataAsync(erased);

        await Keys.EraseAsync("S-ERASE", CancellationToken.None);

        (await ReadNotesAsync(erased)).Should().Equal(PersonalText.ErasedText, PersonalText.ErasedText);
        (await ReadNotesAsync(kept)).Should().Equal("Asked about a placement");
        serializer.FromJson<NoteCard>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(document))).Note!.IsErased.Should().BeTrue();
        await using (var query = Store.QuerySession())
        {
            // A replay (what a rebuild does) folds the erased events without failing and without the text.
            var replayed = await query.Events.AggregateStreamAsync<NoteLog>(erased);
            replayed!.Notes.Should().Equal(PersonalText.ErasedText, PersonalText.ErasedText);
        }
        (await RawDataAsync(erased)).Should().Be(rawBefore, "no stored byte of an event changes");
    }

    [Fact]
    public async Task Erasure_leaves_the_tamper_evident_chain_intact()
    {
        var stream = await AppendAsync("S-CHAIN", "Financial hardship");
        var first = await FirstSequenceAsync(stream);
        await api.CatchUpAsync();
        await api.Services.GetRequiredService<EventChainSealer>().SealAsync(CancellationToken.None);

        await Keys.EraseAsync("S-CHAIN", CancellationToken.None);

        (await api.Services.GetRequiredService<EventChainVerifier>().VerifyAsync(first, CancellationToken.None)).FirstBroken.Should().BeNull();
    }

    [Fact]
    public async Task Nothing_personal_can_be_recorded_for_an_erased_student()
    {
        await AppendAsync("S-AFTER", "First note");
        await Keys.EraseAsync("S-AFTER", CancellationToken.None);

        var writing = () => AppendAsync("S-AFTER", "A note after the erasure");

        (await writing.Should().ThrowAsync<Exception>()).Which.GetBaseException().Should().BeOfType<SubjectErasedException>();
    }

    [Fact]
    public async Task A_rotated_subject_key_reads_old_and_new_text()
    {
        var before = await AppendAsync("S-ROTATE", "Written under key 1");
        (await Keys.RotateSubjectAsync("S-ROTATE", CancellationToken.None)).Should().Be(2);
        var after = await AppendAsync("S-ROTATE", "Written under key 2");

        (await ReadNotesAsync(before)).Should().Equal("Written under key 1");
        (await ReadNotesAsync(after)).Should().Equal("Written under key 2");
        (await RawDataAsync(after)).Should().Contain("\"k\": 2");
    }

    [Fact]
    public void The_api_shows_personal_text_as_its_text_or_erased()
    {
        var options = new JsonSerializerOptions { Converters = { new ApiPersonalTextConverter() } };

        JsonSerializer.Serialize(new { note = PersonalText.Of("S-1", "hello") }, options).Should().Be("{\"note\":\"hello\"}");
        JsonSerializer.Serialize(new { note = new PersonalText("S-1", null) }, options).Should().Be("{\"note\":\"[erased]\"}");
    }

    public sealed class NoteLog
    {
        public string Id { get; set; } = "";

        public List<string> Notes { get; set; } = [];

        public void Apply(ConcernNoted e) => Notes.Add(e.Note.Text);
    }

    /// <summary>Many subjects' keys in one query (a school's names, ADR 0086): afterwards they are read without the database, as one by one.</summary>
    [Fact]
    public async Task Warming_many_subjects_at_once_answers_as_reading_them_one_by_one()
    {
        await AppendAsync("S-WARM-A", "Kept");
        await AppendAsync("S-WARM-B#profile", "Gone");
        await Keys.EraseAsync("S-WARM-B", CancellationToken.None);
        var settings = api.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DataProtectionSettings>>().Value;
        var database = NpgsqlDataSource.Create(api.ConnectionString);
        var fresh = new SubjectKeys(database, settings, TimeProvider.System);

        await fresh.WarmAsync(["S-WARM-A", "S-WARM-B#profile", "S-WARM-C"], CancellationToken.None);
        await database.DisposeAsync(); // from here on, a query would throw

        fresh.ForReading("S-WARM-A", 1).Should().Equal(Keys.ForReading("S-WARM-A", 1));
        fresh.ForReading("S-WARM-B#profile", 1).Should().BeNull();
        fresh.Invoking(k => k.ForWriting("S-WARM-B#profile")).Should().Throw<SubjectErasedException>();
        // S-WARM-C has no key: a ciphertext naming one was written after the warm-up (by another host), so reading it asks
        // the database again rather than answering "[erased]" from memory.
        fresh.Invoking(k => k.ForReading("S-WARM-C", 1)).Should().Throw<ObjectDisposedException>();
    }

    /// <summary>
    /// Keys stay in memory; what another host's erasure needs is this host's next look at the erasures (one query every
    /// KeyCacheSeconds), not reading every key again.
    /// </summary>
    [Fact]
    public async Task An_erasure_on_another_host_reaches_this_one_at_its_next_look()
    {
        await AppendAsync("S-HOST-A", "Kept");
        await AppendAsync("S-HOST-B", "Gone");
        var settings = api.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DataProtectionSettings>>().Value;
        await using var database = NpgsqlDataSource.Create(api.ConnectionString);
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var here = new SubjectKeys(database, settings, clock);
        var key = here.ForReading("S-HOST-B", 1);
        key.Should().NotBeNull();

        await Keys.EraseAsync("S-HOST-B", CancellationToken.None); // another host: this one's memory still has the key
        here.ForReading("S-HOST-B", 1).Should().Equal(key, "until this host next looks for erasures");

        clock.Advance(TimeSpan.FromSeconds(settings.KeyCacheSeconds + 1));
        here.ForReading("S-HOST-B", 1).Should().BeNull();
        here.Invoking(k => k.ForWriting("S-HOST-B")).Should().Throw<SubjectErasedException>();
        here.ForReading("S-HOST-A", 1).Should().Equal(Keys.ForReading("S-HOST-A", 1));
    }

    private async Task<string> AppendAsync(string student, params string[] notes)
    {
        var stream = $"shred-{student}-{Guid.NewGuid():N}";
        await using var session = Store.LightweightSession();
        session.Events.StartStream(stream, notes.Select(n => (object)new ConcernNoted(student, PersonalText.Of(student, n))).ToArray());
        await session.SaveChangesAsync();
        return stream;
    }

    private async Task<IReadOnlyList<string>> ReadNotesAsync(string stream)
    {
        await using var query = Store.QuerySession();
        var events = await query.Events.FetchStreamAsync(stream);
        return events.Select(e => ((ConcernNoted)e.Data).Note.Text).ToList();
    }

    private async Task<string> RawDataAsync(string stream)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT string_agg(data::text, '|' ORDER BY version) FROM events.mt_events WHERE stream_id = @s", connection);
        command.Parameters.AddWithValue("s", stream);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<long> FirstSequenceAsync(string stream)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT min(seq_id) FROM events.mt_events WHERE stream_id = @s", connection);
        command.Parameters.AddWithValue("s", stream);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
