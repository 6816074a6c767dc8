using Npgsql;
using PersonalTutoring.BuildingBlocks.Documents;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.TestKit;

namespace PersonalTutoring.BuildingBlocks.Tests.Integration;

public sealed class AppendAndReadTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly DateTimeOffset Start = new(2025, 9, 1, 9, 0, 0, TimeSpan.Zero);

    private Task<EventStoreHarness> Harness(ManualClock? clock = null, IEventMetadataProvider? metadata = null) =>
        EventStoreHarness.StartAsync(db.ConnectionString, o => Ledgers.Configure(o, new BalanceProjection { Lifecycle = ProjectionLifecycle.Inline }),
            runDaemon: false, clock: clock,
            services: metadata is null ? null : s => s.AddSingletonMetadata(metadata));

    [Fact]
    public async Task Appended_events_carry_their_metadata_and_a_stable_alias()
    {
        await using var h = await Harness(metadata: new FixedMetadata(new EventMetadata("corr-1", "cause-1", "staff-9", new Dictionary<string, string> { ["source"] = "test" })));
        var stream = $"acct-{Guid.NewGuid():N}";

        var stored = await h.Store.StartStreamAsync(stream, "account", [new Deposited(stream, 10), new Withdrawn(stream, 3)]);

        stored.Select(e => e.Version).Should().Equal(1, 2);
        stored[1].Sequence.Should().BeGreaterThan(stored[0].Sequence);
        var read = await h.Store.FetchStreamAsync(stream);
        read.Select(e => e.EventType).Should().Equal("ledger.deposited", "ledger.withdrawn");
        read[0].Should().BeEquivalentTo(new { CorrelationId = "corr-1", CausationId = "cause-1", UserName = "staff-9", StreamId = stream });
        read[0].Headers.Should().ContainKey("source");
        read[0].Data.Should().Be(new Deposited(stream, 10));
        (await h.Store.FetchStreamStateAsync(stream))!.Version.Should().Be(2);
    }

    [Fact]
    public async Task Starting_a_stream_that_exists_is_a_conflict()
    {
        await using var h = await Harness();
        var stream = $"acct-{Guid.NewGuid():N}";
        await h.Store.StartStreamAsync(stream, "account", [new Deposited(stream, 1)]);

        var again = () => h.Store.StartStreamAsync(stream, "account", [new Deposited(stream, 2)]);

        await again.Should().ThrowAsync<ConcurrencyException>();
        (await h.Store.FetchStreamAsync(stream)).Should().HaveCount(1);
    }

    [Fact]
    public async Task A_version_mismatch_is_a_conflict_that_writes_nothing_and_takes_no_sequence_number()
    {
        await using var h = await Harness();
        var stream = $"acct-{Guid.NewGuid():N}";
        await h.Store.StartStreamAsync(stream, "account", [new Deposited(stream, 1), new Deposited(stream, 1)]);
        var sequenceBefore = await SequenceValue();

        var stale = () => h.Store.AppendAsync(stream, expectedVersion: 1, [new Deposited(stream, 5)]);

        await stale.Should().ThrowAsync<ConcurrencyException>().Where(e => e.StreamId == stream && e.ExpectedVersion == 1);
        (await SequenceValue()).Should().Be(sequenceBefore);
        (await h.Store.FetchStreamAsync(stream)).Should().HaveCount(2);
    }

    [Fact]
    public async Task Concurrent_appenders_on_one_stream_win_exactly_once_per_version_and_lose_nothing()
    {
        await using var h = await Harness();
        var stream = $"acct-{Guid.NewGuid():N}";
        await h.Store.StartStreamAsync(stream, "account", [new Deposited(stream, 1)]);
        var wins = 0;

        await Parallel.ForEachAsync(Enumerable.Range(0, 24), new ParallelOptions { MaxDegreeOfParallelism = 12 }, async (i, ct) =>
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var current = await h.Store.FetchForWritingAsync<Ledger>(stream, ct);
                try
                {
                    await h.Store.AppendAsync(stream, current.Version, [new Deposited(stream, 1)], ct);
                    Interlocked.Increment(ref wins);
                    return;
                }
                catch (ConcurrencyException) { }
            }
        });

        wins.Should().Be(24);
        var events = await h.Store.FetchStreamAsync(stream);
        events.Select(e => e.Version).Should().Equal(Enumerable.Range(1, 25).Select(v => (long)v));
        (await h.Store.AggregateStreamAsync<Ledger>(stream))!.Total.Should().Be(25);
        (await h.Documents.LoadAsync<Balance>(stream))!.Total.Should().Be(25, "the inline projection commits with every append");
    }

    [Fact]
    public async Task A_write_model_can_be_read_as_of_a_version_or_an_instant()
    {
        var clock = new ManualClock(Start);
        await using var h = await Harness(clock);
        var stream = $"acct-{Guid.NewGuid():N}";
        await h.Store.StartStreamAsync(stream, "account", [new Deposited(stream, 100)]);
        clock.Set(Start.AddDays(30));
        await h.Store.AppendAsync(stream, 1, [new Withdrawn(stream, 40)]);
        clock.Set(Start.AddDays(60));
        await h.Store.AppendAsync(stream, 2, [new Deposited(stream, 5)]);

        (await h.Store.AggregateStreamAsync<Ledger>(stream, version: 1))!.Total.Should().Be(100);
        (await h.Store.AggregateStreamAsync<Ledger>(stream, version: 2))!.Total.Should().Be(60);
        (await h.Store.AggregateStreamAsync<Ledger>(stream, asOf: Start.AddDays(45)))!.Total.Should().Be(60);
        (await h.Store.AggregateStreamAsync<Ledger>(stream, asOf: Start.AddDays(-1))).Should().BeNull();
        (await h.Store.AggregateStreamAsync<Ledger>(stream))!.Total.Should().Be(65);
    }

    [Fact]
    public async Task An_old_event_shape_is_read_as_the_new_one_through_its_upcaster()
    {
        await using var h = await Harness();
        var stream = $"acct-{Guid.NewGuid():N}";
        await h.Store.StartStreamAsync(stream, "account", [new Deposited(stream, 1)]);
        await using (var connection = new NpgsqlConnection(db.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("""
                UPDATE events.mt_streams SET version = 2 WHERE id = @s;
                INSERT INTO events.mt_events (seq_id, id, stream_id, version, data, type, timestamp)
                VALUES (nextval('events.mt_events_sequence'), gen_random_uuid(), @s, 2, '{"account":"x","cents":700}', 'ledger.deposited_v1', now())
                """, connection);
            insert.Parameters.AddWithValue("s", stream);
            await insert.ExecuteNonQueryAsync();
        }

        var events = await h.Store.FetchStreamAsync(stream);

        events[1].Data.Should().Be(new Deposited("x", 7));
        (await h.Store.AggregateStreamAsync<Ledger>(stream))!.Total.Should().Be(8);
    }

    [Fact]
    public async Task A_session_commits_several_streams_and_enlisted_writes_together_or_not_at_all()
    {
        await using var h = await Harness();
        var a = $"acct-{Guid.NewGuid():N}";
        var b = $"acct-{Guid.NewGuid():N}";
        await h.Store.StartStreamAsync(b, "account", [new Deposited(b, 1)]);

        await using (var session = h.Store.OpenSession())
        {
            session.StartStream(a, "account", new Deposited(a, 5));
            session.Append(b, expectedVersion: 7, new Withdrawn(b, 1)); // stale
            var save = () => session.SaveChangesAsync();
            await save.Should().ThrowAsync<ConcurrencyException>();
        }

        (await h.Store.FetchStreamStateAsync(a)).Should().BeNull("the whole session rolled back");
        (await h.Documents.LoadAsync<Balance>(a)).Should().BeNull();
    }

    [Fact]
    public async Task A_bulk_session_appends_to_many_streams_at_their_versions_and_one_stale_stream_refuses_them_all()
    {
        await using var h = await Harness();
        var streams = Enumerable.Range(0, 20).Select(i => $"bulk-{i}-{Guid.NewGuid():N}").ToList();
        foreach (var s in streams) await h.Store.StartStreamAsync(s, "account", [new Deposited(s, 1)]);

        await using (var session = h.Store.OpenSession())
        {
            foreach (var s in streams) session.Append(s, expectedVersion: 1, new Deposited(s, 2), new Withdrawn(s, 1));
            var stored = await session.SaveChangesAsync();
            stored.Should().HaveCount(40).And.BeInAscendingOrder(e => e.Sequence);
            stored.Where(e => e.StreamId == streams[3]).Select(e => e.Version).Should().Equal(2, 3);
        }
        await using (var stale = h.Store.OpenSession())
        {
            foreach (var s in streams) stale.Append(s, expectedVersion: s == streams[7] ? 1 : 3, new Deposited(s, 5));
            var save = () => stale.SaveChangesAsync();
            await save.Should().ThrowAsync<ConcurrencyException>().Where(e => e.StreamId == streams[7]);
        }

        // Nothing was written (numbers the other streams took are a rolled-back gap, which the daemon passes).
        foreach (var s in streams) (await h.Store.FetchStreamAsync(s)).Should().HaveCount(3);
        (await h.Documents.LoadAsync<Balance>(streams[0]))!.Total.Should().Be(2, "the inline projection saw the bulk append and not the refused one");
    }

    [Fact]
    public async Task A_bulk_session_copies_each_event_with_its_metadata_version_and_an_ascending_sequence()
    {
        var metadata = new EventMetadata("corr-bulk", "cause-bulk", "staff-bulk", new Dictionary<string, string> { ["source"] = "auto-allocation" });
        await using var h = await Harness(metadata: new FixedMetadata(metadata));
        var streams = Enumerable.Range(0, EventSession.BulkThreshold + 4).Select(i => $"copy-{i:D2}-{Guid.NewGuid():N}").ToList();
        foreach (var s in streams) await h.Store.StartStreamAsync(s, "account", [new Deposited(s, 1), new Deposited(s, 1)]);

        IReadOnlyList<StoredEvent> stored;
        await using (var session = h.Store.OpenSession())
        {
            foreach (var (s, i) in streams.Select((s, i) => (s, i))) session.Append(s, expectedVersion: 2, [.. Enumerable.Range(0, 1 + i % 3).Select(_ => new Deposited(s, 10))]);
            stored = await session.SaveChangesAsync();
        }

        stored.Should().BeInAscendingOrder(e => e.Sequence).And.OnlyHaveUniqueItems(e => e.Sequence);
        foreach (var (s, i) in streams.Select((s, i) => (s, i)))
        {
            var read = await h.Store.FetchStreamAsync(s);
            read.Select(e => e.Version).Should().Equal(Enumerable.Range(1, 3 + i % 3).Select(v => (long)v));
            read.Skip(2).Should().AllSatisfy(e =>
            {
                e.Should().BeEquivalentTo(new { CorrelationId = "corr-bulk", CausationId = "cause-bulk", UserName = "staff-bulk", EventType = "ledger.deposited" });
                e.Headers.Should().Equal(metadata.Headers);
                e.Data.Should().Be(new Deposited(s, 10));
                stored.Should().ContainSingle(x => x.Id == e.Id).Which.Sequence.Should().Be(e.Sequence);
            });
            (await h.Store.FetchStreamStateAsync(s))!.Version.Should().Be(3 + i % 3);
            (await h.Documents.LoadAsync<Balance>(s))!.Total.Should().Be(2 + 10 * (1 + i % 3));
        }
    }

    [Fact]
    public async Task Storing_more_documents_than_the_copy_threshold_inserts_and_replaces_them_in_the_transaction()
    {
        await using var h = await Harness();
        var prefix = $"many-{Guid.NewGuid():N}";
        var count = DocumentOperations.CopyThreshold + 200;
        (string, Balance)[] Balances(int from, int total) =>
            [.. Enumerable.Range(from, count).Select(i => ($"{prefix}-{i:D5}", new Balance($"{prefix}-{i:D5}", total, 1, 0)))];

        await using (var first = h.Store.OpenSession())
        {
            first.Enlist((operations, ct) => operations.StoreManyAsync(Balances(0, 1), 7, ct));
            first.Enlist((operations, ct) => operations.StoreManyAsync(Balances(count, 2), 8, ct)); // the staging table again, same transaction
            await first.SaveChangesAsync();
        }
        await using (var second = h.Store.OpenSession())
        {
            second.Enlist((operations, ct) => operations.StoreManyAsync(Balances(count / 2, 3), 9, ct));
            await second.SaveChangesAsync();
        }

        var stored = await h.Documents.QueryAsync<Balance>("id LIKE @prefix", new Dictionary<string, object?> { ["prefix"] = prefix + "%" });
        stored.Should().HaveCount(2 * count);
        stored.Count(b => b.Total == 1).Should().Be(count / 2);
        stored.Count(b => b.Total == 3).Should().Be(count, "the second session replaced the documents it stored again");
        stored.Count(b => b.Total == 2).Should().Be(count / 2);
    }

    [Fact]
    public async Task Inline_projections_start_from_the_documents_a_session_remembers_and_a_stale_stream_still_refuses_the_save()
    {
        await using var h = await Harness();
        var stream = $"acct-{Guid.NewGuid():N}";
        var other = $"acct-{Guid.NewGuid():N}";
        await h.Store.StartStreamAsync(stream, "account", [new Deposited(stream, 1)]);
        await h.Store.StartStreamAsync(other, "account", [new Deposited(other, 1)]);

        // The remembered document differs from the table on purpose, to show which one the projection folded from.
        await using (var session = h.Store.OpenSession())
        {
            session.Remember<Balance>([(stream, new Balance(stream, 100, 1, 0))]);
            session.Append(stream, expectedVersion: 1, new Deposited(stream, 5));
            session.Append(other, expectedVersion: 1, new Deposited(other, 5));
            await session.SaveChangesAsync();
        }
        (await h.Documents.LoadAsync<Balance>(stream))!.Total.Should().Be(105, "the projection started from the remembered document");
        (await h.Documents.LoadAsync<Balance>(other))!.Total.Should().Be(6, "a document not remembered is loaded");

        await using (var stale = h.Store.OpenSession())
        {
            stale.Remember<Balance>([(stream, new Balance(stream, 999, 1, 0))]);
            stale.Append(stream, expectedVersion: 1, new Deposited(stream, 5));
            var save = () => stale.SaveChangesAsync();
            await save.Should().ThrowAsync<ConcurrencyException>();
        }
        (await h.Documents.LoadAsync<Balance>(stream))!.Total.Should().Be(105);
    }

    private async Task<long> SequenceValue()
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT last_value FROM events.mt_events_sequence", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private sealed class FixedMetadata(EventMetadata metadata) : IEventMetadataProvider
    {
        public EventMetadata Current => metadata;
    }
}

internal static class MetadataRegistration
{
    public static void AddSingletonMetadata(this Microsoft.Extensions.DependencyInjection.IServiceCollection services, IEventMetadataProvider provider) =>
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services, provider);
}
