using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PersonalTutoring.BuildingBlocks.Audit;

namespace PersonalTutoring.Api.Tests.Audit;

/// <summary>A factory whose checkpoints are signed, as production's must be.</summary>
public sealed class SignedChainApiFactory : TutoringApiFactory
{
    public static readonly string Key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Audit:CheckpointKey", Key);
}

/// <summary>
/// The tamper-evident history (issue 16 item 6, ADR 0075): whatever is changed, deleted or slipped into mt_events is
/// reported at its sequence; a history rewritten consistently is caught by the published checkpoint. Each test
/// writes its own streams and tampers with them only, then checks from its own first sequence.
/// </summary>
public sealed class EventChainTests(SignedChainApiFactory api) : EventChainTestBase(api), IClassFixture<SignedChainApiFactory>
{

    [Fact]
    public async Task An_untouched_history_verifies_and_its_signed_checkpoint_matches()
    {
        var (first, _) = await AppendAsync("intact", streams: 3, eventsEach: 4);
        await SealAsync();
        var checkpoint = await Sealer.CheckpointAsync(CancellationToken.None);

        var result = await Verifier.VerifyAsync(first, CancellationToken.None);

        result.Intact.Should().BeTrue();
        result.FirstBroken.Should().BeNull();
        result.EventsChecked.Should().BeGreaterThanOrEqualTo(12);
        checkpoint!.Signature.Should().NotBeNull();
        result.Checkpoints.Should().ContainSingle(c => c.Sequence == checkpoint.Sequence).Which.Should().Match<CheckpointCheck>(c => c.Matches && c.Signed);
        Directory.GetFiles(Api.CheckpointFolder, "*.json").Should().NotBeEmpty("the head is published outside the database");
    }

    [Fact]
    public async Task A_changed_byte_in_an_event_is_reported_at_its_sequence()
    {
        var (first, sequences) = await AppendAsync("byte", streams: 2, eventsEach: 3);
        await SealAsync();
        var target = sequences[3];

        await ExecuteAsync($"UPDATE events.mt_events SET data = jsonb_set(data, '{{text}}', '\"note 3 of byte\"'::jsonb) WHERE seq_id = {target}");
        var result = await Verifier.VerifyAsync(first, CancellationToken.None);

        result.Intact.Should().BeFalse();
        result.FirstBroken!.Sequence.Should().Be(target);
        result.FirstBroken.Kind.Should().Be("event-altered");
    }

    [Fact]
    public async Task A_changed_time_or_author_is_reported_too()
    {
        var (first, sequences) = await AppendAsync("time", streams: 1, eventsEach: 3);
        await SealAsync();

        await ExecuteAsync($"UPDATE events.mt_events SET timestamp = timestamp - interval '1 day' WHERE seq_id = {sequences[1]}");

        (await Verifier.VerifyAsync(first, CancellationToken.None)).FirstBroken!.Sequence.Should().Be(sequences[1]);
    }

    [Fact]
    public async Task Rehashing_a_changed_event_breaks_the_chain_at_that_event()
    {
        var (first, sequences) = await AppendAsync("rehash", streams: 1, eventsEach: 2);
        await SealAsync();
        var target = sequences[^1]; // the stream's last event: no later event of the stream links to it

        await ExecuteAsync($"UPDATE events.mt_events SET data = jsonb_set(data, '{{number}}', '99') WHERE seq_id = {target}");
        await RehashAsync(target);
        var result = await Verifier.VerifyAsync(first, CancellationToken.None);

        result.FirstBroken!.Sequence.Should().Be(target);
        result.FirstBroken.Kind.Should().Be("link-altered");
    }

    [Fact]
    public async Task A_deleted_event_is_reported_at_its_sequence()
    {
        var (first, sequences) = await AppendAsync("deleted", streams: 1, eventsEach: 3);
        await SealAsync();

        await ExecuteAsync($"DELETE FROM events.mt_events WHERE seq_id = {sequences[1]}");
        var result = await Verifier.VerifyAsync(first, CancellationToken.None);

        result.FirstBroken!.Sequence.Should().Be(sequences[1]);
        result.FirstBroken.Kind.Should().Be("event-missing");
    }

    [Fact]
    public async Task An_event_slipped_in_around_the_trigger_is_reported()
    {
        var (first, _) = await AppendAsync("slipped", streams: 1, eventsEach: 1);
        long slipped;
        await using (var connection = await OpenAsync())
        {
            await using var command = new NpgsqlCommand("""
                ALTER TABLE events.mt_events DISABLE TRIGGER pt_hash_event;
                INSERT INTO events.mt_events (seq_id, id, stream_id, version, data, type, timestamp)
                SELECT nextval('events.mt_events_sequence'), gen_random_uuid(), stream_id, version + 1, data, type, now()
                FROM events.mt_events WHERE seq_id = (SELECT max(seq_id) FROM events.mt_events WHERE stream_id LIKE 'chain-slipped-%')
                RETURNING seq_id;
                """, connection);
            slipped = (long)(await command.ExecuteScalarAsync())!;
            await new NpgsqlCommand("ALTER TABLE events.mt_events ENABLE TRIGGER pt_hash_event", connection).ExecuteNonQueryAsync();
        }

        var result = await Verifier.VerifyAsync(first, CancellationToken.None);

        result.FirstBroken!.Sequence.Should().Be(slipped);
        result.FirstBroken.Kind.Should().Be("hash-missing");
    }

    [Fact]
    public async Task Verification_can_start_at_any_sequence()
    {
        var (first, sequences) = await AppendAsync("from", streams: 2, eventsEach: 3);
        await SealAsync();

        var result = await Verifier.VerifyAsync(sequences[2], CancellationToken.None);

        result.FirstBroken.Should().BeNull();
        result.From.Should().Be(sequences[2]);
        result.EventsChecked.Should().BeGreaterThanOrEqualTo(sequences.Count - 2);
        first.Should().BeLessThan(sequences[2]);
    }

    [Fact]
    public async Task The_auditor_verifies_over_http_and_other_roles_may_not()
    {
        await AppendAsync("http", streams: 1, eventsEach: 1);
        await SealAsync();

        var body = await Api.ClientFor(Roles.Auditor, "auditor-1").GetAsync("/api/audit/event-chain").ShouldBe(HttpStatusCode.OK);
        body.GetProperty("eventsChecked").GetInt64().Should().BeGreaterThan(0);
        body.TryGetProperty("firstBroken", out _).Should().BeTrue();

        foreach (var role in Roles.All.Except([Roles.Auditor, Roles.Admin]))
            (await Api.ClientFor(role, "someone-1", "MED").GetAsync("/api/audit/event-chain")).StatusCode.Should().Be(HttpStatusCode.Forbidden, role);
        (await Api.ClientFor(Roles.Auditor, "auditor-1").GetAsync("/api/audit/event-chain?from=0")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_store_with_events_from_before_the_chain_is_hashed_when_the_chain_is_installed()
    {
        await using var scratch = await TestPostgres.CreateDatabaseAsync("chain-backfill");
        await using (var connection = new NpgsqlConnection(scratch.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                CREATE SCHEMA events;
                CREATE TABLE events.mt_events (seq_id bigint PRIMARY KEY, id uuid, stream_id varchar, version bigint, data jsonb NOT NULL, bdata bytea,
                    type varchar NOT NULL, timestamp timestamptz NOT NULL, correlation_id varchar, causation_id varchar, headers jsonb, user_name varchar);
                INSERT INTO events.mt_events VALUES
                    (1, gen_random_uuid(), 'a', 1, '{"x": 1}', NULL, 'noted', now(), NULL, NULL, NULL, NULL),
                    (2, gen_random_uuid(), 'b', 1, '{"x": 2}', NULL, 'noted', now(), 'c-1', NULL, '{"h": "v"}', 'someone'),
                    (3, gen_random_uuid(), 'a', 2, '{"x": 3}', NULL, 'noted', now(), NULL, NULL, NULL, NULL);
                """, connection);
            await command.ExecuteNonQueryAsync();
            await EventChainSchema.ApplyAsync(connection, "events", CancellationToken.None);
            await using var count = new NpgsqlCommand("SELECT count(*) FROM events.pt_event_hashes", connection);
            ((long)(await count.ExecuteScalarAsync())!).Should().Be(3);
        }
    }

    [Theory]
    [InlineData("plain", "{\"x\": 1}", null, null, null, "2026-12-01T09:30:00.123456+00:00")]
    [InlineData("it's a \\ back'slash", "{\"text\": \"l\u00e9on's \\\\ \\\"quoted\\\" \\n \ud83d\ude00\", \"n\": [1.50, -2]}", "{\"h\": \"v\"}", "c-1", "\u00c9lodie O'Brien", "1969-12-31T23:59:59.500000+00:00")]
    [InlineData("", "{}", "null", "", "", "2000-01-01T00:00:00+00:00")]
    public async Task The_verifier_spells_an_event_exactly_as_the_database_hashes_it(
        string stream, string data, string? headers, string? correlation, string? user, string at)
    {
        await using var connection = await OpenAsync();
        var previous = stream.Length == 0 ? null : new byte[] { 0, 1, 0xab, 0xff };
        var binary = correlation is null ? null : new byte[] { 0x5c, 0x27, 0 };
        await using var command = new NpgsqlCommand(
            "SELECT events.pt_event_hash(@previous, 9007199254740993, @stream, 42, 'type''s', @data::jsonb, @binary, @headers::jsonb, @correlation, NULL, @user, @at), " +
            "@data::jsonb::text, @headers::jsonb::text", connection);
        command.Parameters.Add(new NpgsqlParameter("previous", NpgsqlTypes.NpgsqlDbType.Bytea) { Value = (object?)previous ?? DBNull.Value });
        command.Parameters.AddWithValue("stream", stream);
        command.Parameters.AddWithValue("data", data);
        command.Parameters.Add(new NpgsqlParameter("binary", NpgsqlTypes.NpgsqlDbType.Bytea) { Value = (object?)binary ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("headers", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)headers ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("correlation", NpgsqlTypes.NpgsqlDbType.Varchar) { Value = (object?)correlation ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("user", NpgsqlTypes.NpgsqlDbType.Varchar) { Value = (object?)user ?? DBNull.Value });
        command.Parameters.AddWithValue("at", DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture));
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var stored = (byte[])reader[0];
        var printed = new ChainedEvent(9007199254740993, stream, 42, "type's", reader.GetString(1), binary, reader.IsDBNull(2) ? null : reader.GetString(2),
            correlation, null, user, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture));

        Convert.ToHexStringLower(EventChainHash.Event(previous, printed)).Should().Be(Convert.ToHexStringLower(stored));
        Convert.ToHexStringLower(EventChainHash.Event(previous, printed with { Data = printed.Data + " " })).Should().NotBe(Convert.ToHexStringLower(stored));
    }

    /// <summary>
    /// Two appends racing for the same version of a stream: the loser must fail on Marten's own unique index, which
    /// Marten turns into its concurrency exception (a 409 to a client, a retry to a handler), not on the hash table's key.
    /// </summary>
    [Fact]
    public async Task Two_appends_racing_for_one_stream_version_fail_on_martens_index_not_the_chains()
    {
        var (_, sequences) = await AppendAsync("race", streams: 1, eventsEach: 1);
        await using var first = await OpenAsync();
        await using var second = await OpenAsync();
        string stream;
        await using (var name = new NpgsqlCommand($"SELECT stream_id FROM events.mt_events WHERE seq_id = {sequences[0]}", first))
            stream = (string)(await name.ExecuteScalarAsync())!;
        const string Append = """
            INSERT INTO events.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id)
            VALUES (nextval('events.mt_events_sequence'), gen_random_uuid(), @stream, 2, '{"text": "race", "number": 2}', 'race', now(), '*DEFAULT*')
            """;
        await using var winner = await first.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand(Append, first, winner))
        {
            command.Parameters.AddWithValue("stream", stream);
            await command.ExecuteNonQueryAsync();
        }
        var loser = Task.Run(async () =>
        {
            await using var command = new NpgsqlCommand(Append, second);
            command.Parameters.AddWithValue("stream", stream);
            await command.ExecuteNonQueryAsync(); // waits on the winner's row, then fails
        });
        await Task.Delay(300);
        await winner.CommitAsync();

        var failure = await FluentActions.Awaiting(() => loser).Should().ThrowAsync<PostgresException>();
        failure.Which.SqlState.Should().Be(PostgresErrorCodes.UniqueViolation);
        failure.Which.ConstraintName.Should().Be("pk_mt_events_stream_and_version");
    }

    [Fact]
    public async Task A_chain_hashed_with_the_earlier_formula_is_hashed_again_and_verifies()
    {
        await using var scratch = await TestPostgres.CreateDatabaseAsync("chain-earlier");
        await using var connection = new NpgsqlConnection(scratch.ConnectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand("""
            CREATE SCHEMA events;
            CREATE TABLE events.mt_events (seq_id bigint PRIMARY KEY, id uuid, stream_id varchar, version bigint, data jsonb NOT NULL, bdata bytea,
                type varchar NOT NULL, timestamp timestamptz NOT NULL, correlation_id varchar, causation_id varchar, headers jsonb, user_name varchar);
            INSERT INTO events.mt_events VALUES
                (1, gen_random_uuid(), 'a', 1, '{"x": 1}', NULL, 'noted', now(), NULL, NULL, NULL, NULL),
                (2, gen_random_uuid(), 'a', 2, '{"x": 2}', NULL, 'noted', now(), NULL, NULL, NULL, NULL);
            CREATE TABLE events.pt_event_hashes (seq_id bigint PRIMARY KEY, stream_id varchar NOT NULL, version bigint NOT NULL, hash bytea NOT NULL);
            INSERT INTO events.pt_event_hashes VALUES (1, 'a', 1, ''), (2, 'a', 2, '');
            CREATE TABLE events.pt_event_chain (seq_id bigint PRIMARY KEY, chain_hash bytea NOT NULL);
            INSERT INTO events.pt_event_chain VALUES (1, '');
            """, connection))
            await command.ExecuteNonQueryAsync();

        await EventChainSchema.ApplyAsync(connection, "events", CancellationToken.None);

        await using var check = new NpgsqlCommand("""
            SELECT count(*), bool_and(h.hash = events.pt_event_hash(p.hash, e.seq_id, e.stream_id, e.version, e.type, e.data, e.bdata, e.headers,
                       e.correlation_id, e.causation_id, e.user_name, e.timestamp)),
                   (SELECT count(*) FROM events.pt_event_chain), obj_description('events.pt_event_hashes'::regclass, 'pg_class')
            FROM events.mt_events e JOIN events.pt_event_hashes h ON h.stream_id = e.stream_id AND h.version = e.version
            LEFT JOIN events.pt_event_hashes p ON p.stream_id = e.stream_id AND p.version = e.version - 1
            """, connection);
        await using var reader = await check.ExecuteReaderAsync();
        await reader.ReadAsync();
        reader.GetInt64(0).Should().Be(2);
        reader.GetBoolean(1).Should().BeTrue("every event is hashed again with this formula, chained in its stream");
        reader.GetInt64(2).Should().Be(0, "the old links are dropped; the sealer links the new hashes");
        reader.GetString(3).Should().Be(EventChainSchema.Formula);
    }
}

/// <summary>Its own database: the rewrite leaves a checkpoint that no longer matches, which the other tests must not see.</summary>
public sealed class RewrittenHistoryTests(SignedChainApiFactory api) : EventChainTestBase(api), IClassFixture<SignedChainApiFactory>
{
    [Fact]
    public async Task A_history_rewritten_consistently_is_caught_by_the_published_checkpoint()
    {
        var (_, sequences) = await AppendAsync("rewrite", streams: 1, eventsEach: 2);
        await SealAsync();
        var checkpoint = await Sealer.CheckpointAsync(CancellationToken.None);
        var target = sequences[^1];

        // Whoever holds the database changes the event, its hash, and every link from it: the walk finds nothing.
        await ExecuteAsync($"UPDATE events.mt_events SET data = jsonb_set(data, '{{number}}', '42') WHERE seq_id = {target}");
        await RehashAsync(target);
        await ExecuteAsync($"DELETE FROM events.pt_event_chain WHERE seq_id >= {target}");
        await ExecuteAsync("SELECT events.pt_seal_event_chain(9223372036854775807, 1000000)");
        var result = await Verifier.VerifyAsync(target, CancellationToken.None);

        result.FirstBroken.Should().BeNull();
        result.Intact.Should().BeFalse();
        result.Checkpoints.Should().Contain(c => c.Sequence == checkpoint!.Sequence && !c.Matches);
    }
}

/// <summary>Appending, sealing and tampering, shared by the chain's tests.</summary>
public abstract class EventChainTestBase(SignedChainApiFactory api)
{
    protected SignedChainApiFactory Api => api;

    private sealed record LessonNoted(string Text, int Number);

    protected EventChainVerifier Verifier => api.Services.GetRequiredService<EventChainVerifier>();

    protected EventChainSealer Sealer => api.Services.GetRequiredService<EventChainSealer>();

    protected async Task<(long First, IReadOnlyList<long> Sequences)> AppendAsync(string name, int streams, int eventsEach)
    {
        var store = api.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            for (var s = 0; s < streams; s++)
                session.Events.StartStream($"chain-{name}-{s}", Enumerable.Range(1, eventsEach).Select(i => (object)new LessonNoted($"note {i} of {name}", i)).ToArray());
            await session.SaveChangesAsync();
        }
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT seq_id FROM events.mt_events WHERE stream_id LIKE 'chain-{name}-%' ORDER BY seq_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var sequences = new List<long>();
        while (await reader.ReadAsync()) sequences.Add(reader.GetInt64(0));
        return (sequences[0], sequences);
    }

    /// <summary>
    /// Seals until every event appended so far is linked. One pass is not always enough on a loaded machine: the
    /// daemon's high-water mark may still lag the last append, or the host's own sealer may hold the lock (a pass then
    /// links nothing), and a checkpoint taken then names an older head than the test's events.
    /// </summary>
    protected async Task SealAsync()
    {
        await using var connection = await OpenAsync();
        await using var last = new NpgsqlCommand("SELECT max(seq_id) FROM events.mt_events", connection);
        var target = (long)(await last.ExecuteScalarAsync())!;
        await using var head = new NpgsqlCommand("SELECT coalesce(max(seq_id), 0) FROM events.pt_event_chain", connection);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await api.CatchUpAsync(); // the high-water mark passes the new events
            await Sealer.SealAsync(CancellationToken.None);
            if ((long)(await head.ExecuteScalarAsync())! >= target) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The chain was not sealed up to {target} within 60 s.");
            await Task.Delay(100);
        }
    }

    /// <summary>Recomputes a tampered event's hash with the database's own function, as an administrator could.</summary>
    protected Task RehashAsync(long sequence) => ExecuteAsync($"""
        UPDATE events.pt_event_hashes h SET hash = events.pt_event_hash(
            (SELECT ph.hash FROM events.pt_event_hashes ph WHERE ph.stream_id = e.stream_id AND ph.version = e.version - 1),
            e.seq_id, e.stream_id, e.version, e.type, e.data, e.bdata, e.headers, e.correlation_id, e.causation_id, e.user_name, e.timestamp)
        FROM events.mt_events e WHERE e.seq_id = h.seq_id AND h.seq_id = {sequence}
        """);

    protected async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
