using System.Diagnostics;
using Marten;
using Npgsql;

namespace PersonalTutoring.BuildingBlocks.Audit;

/// <summary>The first link of the history that does not hold, and why.</summary>
public sealed record BrokenLink(long Sequence, string? StreamKey, string Kind, string Detail);

/// <summary>A published checkpoint held against the chain as it stands now.</summary>
public sealed record CheckpointCheck(long Sequence, DateTimeOffset SealedAt, bool Signed, bool Matches);

/// <summary>What a verification found: intact, or the first broken link; and whether the published checkpoints still match.</summary>
public sealed record ChainVerification(
    long From, long EventsChecked, long? LastSequence, long SealedTo, bool Intact, BrokenLink? FirstBroken,
    IReadOnlyList<CheckpointCheck> Checkpoints, double Seconds);

/// <summary>
/// Walks the history from any sequence, recomputing in .NET each event's hash (its stored columns and the previous
/// hash of its stream) and each link of the chain, and stops at the first that does not hold. It trusts the link
/// just before the starting point; the published checkpoints are what vouch for that link (docs/adr/0075).
/// </summary>
public sealed class EventChainVerifier(IDocumentStore store, ChainCheckpoints checkpoints)
{
    private readonly string schema = store.Options.Events.DatabaseSchemaName;

    private const int Page = 5_000;

    public async Task<ChainVerification> VerifyAsync(long from, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await store.OpenConnectionAsync(ct);
        var storeName = StoreName(connection, schema);
        var sealedTo = await ScalarAsync<long?>(connection, $"SELECT max(seq_id) FROM {schema}.pt_event_chain", ct) ?? 0;
        var published = await CheckCheckpointsAsync(connection, storeName, ct);
        var previousLink = await LinkBeforeAsync(connection, from, ct);

        var heads = new Dictionary<string, (long Version, byte[] Hash)>();
        long after = from - 1, checkedEvents = 0;
        long? last = null;
        BrokenLink? broken = null;
        while (broken is null)
        {
            var events = await EventsAsync(connection, after, ct);
            var upTo = events.Count == Page ? events[^1].Sequence : long.MaxValue;
            var hashes = await HashesAsync(connection, after, upTo, ct);
            var links = await LinksAsync(connection, after, upTo, ct);
            await AddPreviousHashesAsync(connection, events, heads, ct);

            var bySequence = events.ToDictionary(e => e.Sequence);
            foreach (var sequence in bySequence.Keys.Union(hashes.Keys).Union(links.Keys).Order())
            {
                broken = Check(sequence, bySequence.GetValueOrDefault(sequence), hashes.GetValueOrDefault(sequence), links.TryGetValue(sequence, out var l) ? l : null,
                    sequence <= sealedTo, heads, ref previousLink);
                if (broken is not null) break;
                checkedEvents++;
                last = sequence;
            }
            if (events.Count < Page) break;
            after = upTo;
        }

        var intact = broken is null && published.All(c => c.Matches);
        return new ChainVerification(from, checkedEvents, last, sealedTo, intact, broken, published, clock.Elapsed.TotalSeconds);
    }

    public static string StoreName(NpgsqlConnection connection, string schema) => $"{connection.Database}/{schema}";

    private static BrokenLink? Check(long sequence, ChainedEvent? e, StoredHash? hash, byte[]? link, bool sealedHere,
        Dictionary<string, (long Version, byte[] Hash)> heads, ref byte[]? previousLink)
    {
        if (e is null)
            return new(sequence, hash?.StreamKey, "event-missing", "A hash or link was written for this sequence but the event is gone: it was deleted.");
        if (hash is null)
            return new(sequence, e.StreamKey, "hash-missing", "The event has no hash: it was written around the append path's trigger.");
        if (hash.StreamKey != e.StreamKey || hash.Version != e.Version)
            return new(sequence, e.StreamKey, "event-moved", $"The hash was written for {hash.StreamKey} version {hash.Version}; the event now says {e.StreamKey} version {e.Version}.");

        byte[]? previous = null;
        if (e.Version > 1)
        {
            if (!heads.TryGetValue(e.StreamKey, out var head) || head.Version != e.Version - 1)
                return new(sequence, e.StreamKey, "stream-link-missing", $"The stream's previous event (version {e.Version - 1}) has no hash: it was deleted or written around the trigger.");
            previous = head.Hash;
        }
        if (!EventChainHash.Event(previous, e).AsSpan().SequenceEqual(hash.Hash))
            return new(sequence, e.StreamKey, "event-altered", "The event's stored content (or its stream's previous hash) no longer hashes to the hash written when it was appended.");
        heads[e.StreamKey] = (e.Version, hash.Hash);

        if (!sealedHere) return null;
        if (link is null)
            return new(sequence, e.StreamKey, "link-missing", "The chain has no link for this sealed event.");
        var expected = EventChainHash.Link(previousLink, sequence, hash.Hash);
        if (!expected.AsSpan().SequenceEqual(link))
            return new(sequence, e.StreamKey, "link-altered", "The chain's link here does not follow from the previous link and this event's hash.");
        previousLink = link;
        return null;
    }

    private async Task<IReadOnlyList<CheckpointCheck>> CheckCheckpointsAsync(NpgsqlConnection connection, string storeName, CancellationToken ct)
    {
        var checks = new List<CheckpointCheck>();
        foreach (var checkpoint in checkpoints.ReadAll(storeName))
        {
            var link = await ScalarAsync<byte[]?>(connection, $"SELECT chain_hash FROM {schema}.pt_event_chain WHERE seq_id = @p", ct, checkpoint.Sequence);
            checks.Add(new(checkpoint.Sequence, checkpoint.SealedAt, checkpoints.IsSignedHere(checkpoint),
                link is not null && Convert.ToHexStringLower(link) == checkpoint.ChainHash));
        }
        return checks;
    }

    private Task<byte[]?> LinkBeforeAsync(NpgsqlConnection connection, long from, CancellationToken ct) =>
        ScalarAsync<byte[]?>(connection, $"SELECT chain_hash FROM {schema}.pt_event_chain WHERE seq_id < @p ORDER BY seq_id DESC LIMIT 1", ct, from);

    private async Task<List<ChainedEvent>> EventsAsync(NpgsqlConnection connection, long after, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT seq_id, stream_id, version, type, data::text, bdata, headers::text, correlation_id, causation_id, user_name, timestamp " +
            $"FROM {schema}.mt_events WHERE seq_id > @after ORDER BY seq_id LIMIT {Page}", connection);
        command.Parameters.AddWithValue("after", after);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var events = new List<ChainedEvent>(Page);
        while (await reader.ReadAsync(ct))
            events.Add(new(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : (byte[])reader[5], reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9), reader.GetFieldValue<DateTimeOffset>(10)));
        return events;
    }

    private async Task<Dictionary<long, StoredHash>> HashesAsync(NpgsqlConnection connection, long after, long upTo, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT seq_id, stream_id, version, hash FROM {schema}.pt_event_hashes WHERE seq_id > @after AND seq_id <= @upTo", connection);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("upTo", upTo);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var hashes = new Dictionary<long, StoredHash>();
        while (await reader.ReadAsync(ct))
            hashes[reader.GetInt64(0)] = new(reader.GetString(1), reader.GetInt64(2), (byte[])reader[3]);
        return hashes;
    }

    private async Task<Dictionary<long, byte[]>> LinksAsync(NpgsqlConnection connection, long after, long upTo, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT seq_id, chain_hash FROM {schema}.pt_event_chain WHERE seq_id > @after AND seq_id <= @upTo", connection);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("upTo", upTo);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var links = new Dictionary<long, byte[]>();
        while (await reader.ReadAsync(ct)) links[reader.GetInt64(0)] = (byte[])reader[1];
        return links;
    }

    /// <summary>
    /// The stored hash of the previous event of each stream whose previous event lies before this page (the walk has
    /// not seen it): trusted as the anchor, as the link before the starting point is.
    /// </summary>
    private async Task AddPreviousHashesAsync(NpgsqlConnection connection, List<ChainedEvent> events, Dictionary<string, (long Version, byte[] Hash)> heads, CancellationToken ct)
    {
        var firstInPage = events.Where(e => e.Version > 1).GroupBy(e => e.StreamKey).Select(g => g.MinBy(e => e.Version)!)
            .Where(e => !heads.TryGetValue(e.StreamKey, out var head) || head.Version != e.Version - 1).ToList();
        if (firstInPage.Count == 0) return;
        await using var command = new NpgsqlCommand(
            $"SELECT h.stream_id, h.version, h.hash FROM unnest(@streams, @versions) AS wanted(stream_id, version) " +
            $"JOIN {schema}.pt_event_hashes h ON h.stream_id = wanted.stream_id AND h.version = wanted.version", connection);
        command.Parameters.AddWithValue("streams", firstInPage.Select(e => e.StreamKey).ToArray());
        command.Parameters.AddWithValue("versions", firstInPage.Select(e => e.Version - 1).ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) heads[reader.GetString(0)] = (reader.GetInt64(1), (byte[])reader[2]);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken ct, long? parameter = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is { } p) command.Parameters.AddWithValue("p", p);
        var value = await command.ExecuteScalarAsync(ct);
        return value is null or DBNull ? default! : (T)value;
    }

    private sealed record StoredHash(string StreamKey, long Version, byte[] Hash);
}
