using System.Security.Cryptography;
using System.Text;
using Marten;
using Npgsql;

namespace PersonalTutoring.BuildingBlocks.Projections;

/// <summary>
/// The change ledger of the async fold projections that keep one (docs/adr/0098): for each key a projection gives its
/// documents (<see cref="FoldProjection{TDoc}.ChangeKeys"/>, e.g. a school and academic year), a token drawn afresh
/// whenever a document under that key is written with other content, or deleted, in the same transaction as the write.
/// A reader that worked something out from the documents under some keys keeps their tokens; while the tokens are the
/// same (and the daemon has caught up), none of those documents has changed. Tokens are random, never ordered: a
/// transaction that commits late cannot hide behind a later one's value, as a timestamp or a sequence could.
/// </summary>
public static class ReadModelChanges
{
    private const string Table = "pt_read_model_changes";

    /// <summary>Idempotent: applied by the migrate step (StoreSchema). A key never written has no token, which reads as none.</summary>
    public static string Sql(string schema) => $"""
        CREATE TABLE IF NOT EXISTS {schema}.{Table} (
            projection varchar NOT NULL,
            key varchar NOT NULL,
            token uuid NOT NULL,
            PRIMARY KEY (projection, key));
        """;

    /// <summary>Draws new tokens for <paramref name="keys"/> in the transaction that writes the projection's documents.</summary>
    internal static void Queue(IDocumentOperations operations, string projection, IReadOnlyCollection<string> keys)
    {
        if (keys.Count == 0) return;
        var schema = operations.DocumentStore.Options.Events.DatabaseSchemaName;
        // In key order, so two writers of the same keys would lock them in the same order (the daemon is one writer per projection).
        operations.QueueSqlCommand($"""
            INSERT INTO {schema}.{Table} AS c (projection, key, token)
            SELECT ?, k.key, gen_random_uuid() FROM unnest(?::varchar[]) AS k(key) ORDER BY k.key
            ON CONFLICT (projection, key) DO UPDATE SET token = excluded.token
            """, projection, keys.Order(StringComparer.Ordinal).ToArray());
    }

    /// <summary>
    /// For each of <paramref name="lastKeys"/>, one text that changes whenever a document under any key up to it (in
    /// ordinal order; e.g. every year up to one, or every date, spelt with as many digits) changes, read in one snapshot: a
    /// digest of those keys' tokens in key order, the same whatever other keys are asked alongside (docs/adr/0102: a key per
    /// date makes hundreds of them).
    /// </summary>
    public static async Task<IReadOnlyList<string>> MarksThroughAsync(IDocumentStore store, string projection, IReadOnlyList<string> lastKeys, CancellationToken ct)
    {
        if (lastKeys.Count == 0) return [];
        var tokens = (await TokensAsync(store, projection, "key COLLATE \"C\" <= @last", "last", lastKeys.Max(StringComparer.Ordinal)!, ct))
            .OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        // One pass over the keys in order, the digest so far taken at each last key (asked in order).
        var marks = new Dictionary<string, string>(StringComparer.Ordinal);
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var next = 0;
        foreach (var last in lastKeys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            for (; next < tokens.Count && string.CompareOrdinal(tokens[next].Key, last) <= 0; next++)
                digest.AppendData(Encoding.UTF8.GetBytes($"{tokens[next].Key}={tokens[next].Value};"));
            marks[last] = $"{next}:{Convert.ToHexStringLower(digest.GetCurrentHash())}";
        }
        return [.. lastKeys.Select(last => marks[last])];
    }

    /// <summary>
    /// For each list of keys, one text that changes whenever a document under any of them changes (their tokens in key
    /// order; a key never written counts as such), read in one snapshot.
    /// </summary>
    public static async Task<IReadOnlyList<string>> MarksAsync(IDocumentStore store, string projection, IReadOnlyList<IReadOnlyList<string>> keyLists,
        CancellationToken ct)
    {
        var keys = keyLists.SelectMany(k => k).Distinct(StringComparer.Ordinal).ToArray();
        var tokens = keys.Length == 0 ? [] : await TokensAsync(store, projection, "key = ANY(@keys)", "keys", keys, ct);
        return [.. keyLists.Select(list => string.Join(',', list.Order(StringComparer.Ordinal).Select(k => $"{k}={tokens.GetValueOrDefault(k, "-")}")))];
    }

    /// <summary>The projection's tokens of the keys <paramref name="condition"/> picks, in one statement.</summary>
    private static async Task<Dictionary<string, string>> TokensAsync(IDocumentStore store, string projection, string condition, string name, object value,
        CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"SELECT key, token::text FROM {store.Options.Events.DatabaseSchemaName}.{Table} WHERE projection = @projection AND {condition}", connection);
        command.Parameters.AddWithValue("projection", projection);
        command.Parameters.AddWithValue(name, value);
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) tokens[reader.GetString(0)] = reader.GetString(1);
        return tokens;
    }
}
