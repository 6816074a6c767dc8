using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.BuildingBlocks.Documents;

/// <summary>
/// Loads, stores and deletes read-model documents on one connection and transaction. Projections receive one
/// bound to their batch's transaction (with table names redirected to shadow tables during a rebuild).
/// </summary>
public sealed class DocumentOperations
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction? transaction;
    private readonly DocumentRegistry registry;
    private readonly bool useShadowTables;
    private readonly Dictionary<Type, Dictionary<string, object>> known;

    internal DocumentOperations(NpgsqlConnection connection, NpgsqlTransaction? transaction, DocumentRegistry registry, bool useShadowTables = false,
        Dictionary<Type, Dictionary<string, object>>? known = null)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.registry = registry;
        this.useShadowTables = useShadowTables;
        this.known = known ?? [];
    }

    /// <summary>The connection, for projections that keep their own SQL tables (rare; prefer documents).</summary>
    public NpgsqlConnection Connection => connection;

    public NpgsqlTransaction? Transaction => transaction;

    public string TableFor<T>() => TableFor(typeof(T));

    public string TableFor(Type type)
    {
        var mapping = registry.For(type);
        return useShadowTables ? mapping.ShadowTableName : mapping.TableName;
    }

    public async Task<T?> LoadAsync<T>(string id, CancellationToken ct = default) where T : class
    {
        var found = await LoadManyAsync<T>([id], ct);
        return found.GetValueOrDefault(id);
    }

    public async Task<Dictionary<string, T>> LoadManyAsync<T>(IReadOnlyCollection<string> ids, CancellationToken ct = default) where T : class
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        var missing = new List<string>(ids.Count);
        var remembered = known.GetValueOrDefault(typeof(T));
        foreach (var id in ids)
            if (remembered is not null && remembered.TryGetValue(id, out var document)) result[id] = (T)document;
            else missing.Add(id);
        if (missing.Count == 0) return result;
        await using var command = Command($"SELECT id, data FROM {TableFor<T>()} WHERE id = ANY(@ids)");
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = missing.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            result[reader.GetString(0)] = JsonSerializer.Deserialize<T>(reader.GetString(1), EventJson.Options)!;
        return result;
    }

    /// <summary>
    /// Documents matching a SQL condition over <c>data</c> (jsonb) and <c>id</c>; parameters by name.
    /// The condition is code, never user input: user values always travel as parameters.
    /// </summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(string where, IReadOnlyDictionary<string, object?>? parameters = null, string? orderBy = null, CancellationToken ct = default) where T : class
    {
        var sql = $"SELECT data FROM {TableFor<T>()} WHERE {where}" + (orderBy is null ? "" : $" ORDER BY {orderBy}");
        await using var command = Command(sql);
        foreach (var (name, value) in parameters ?? new Dictionary<string, object?>())
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        var result = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            result.Add(JsonSerializer.Deserialize<T>(reader.GetString(0), EventJson.Options)!);
        return result;
    }

    public async Task StoreAsync<T>(string id, T document, long? lastSequence = null, CancellationToken ct = default) where T : class
    {
        Forget<T>([id]);
        await using var command = Command($"""
            INSERT INTO {TableFor<T>()} (id, data, last_seq_id, last_modified) VALUES (@id, @data, @seq, now())
            {ReplaceOnConflict}
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(new NpgsqlParameter("data", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(document, EventJson.Options) });
        command.Parameters.AddWithValue("seq", (object?)lastSequence ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Stores (inserts or replaces) many documents of one type. Up to <see cref="CopyThreshold"/> documents go in one
    /// <c>INSERT … SELECT FROM unnest(…)</c>; more are copied with binary <c>COPY</c> into a temporary table and
    /// upserted from there, which measured several times faster for thousands of jsonb values (docs/adr/0006).
    /// </summary>
    public async Task StoreManyAsync<T>(IReadOnlyCollection<(string Id, T Document)> documents, long? lastSequence = null, CancellationToken ct = default) where T : class
    {
        if (documents.Count == 0) return;
        Forget<T>(documents.Select(d => d.Id));
        var table = TableFor<T>();
        if (documents.Count > CopyThreshold && transaction is not null)
        {
            const string staging = "pt_document_staging";
            await using (var create = Command($"CREATE TEMP TABLE IF NOT EXISTS {staging} (id text NOT NULL, data jsonb NOT NULL) ON COMMIT DROP; TRUNCATE {staging}"))
                await create.ExecuteNonQueryAsync(ct);
            await CopyAsync(staging, documents, ct);
            await using var upsert = Command($"""
                INSERT INTO {table} (id, data, last_seq_id, last_modified)
                SELECT d.id, d.data, @seq, now() FROM {staging} d
                {ReplaceOnConflict}
                """);
            upsert.Parameters.AddWithValue("seq", (object?)lastSequence ?? DBNull.Value);
            await upsert.ExecuteNonQueryAsync(ct);
            return;
        }
        await using var command = Command($"""
            INSERT INTO {table} (id, data, last_seq_id, last_modified)
            SELECT d.id, d.data, @seq, now() FROM unnest(@ids, @datas) AS d(id, data)
            {ReplaceOnConflict}
            """);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = documents.Select(d => d.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("datas", NpgsqlDbType.Array | NpgsqlDbType.Jsonb)
        {
            Value = documents.Select(d => JsonSerializer.Serialize(d.Document, EventJson.Options)).ToArray(),
        });
        command.Parameters.AddWithValue("seq", (object?)lastSequence ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(ct);
    }

    private const string ReplaceOnConflict =
        "ON CONFLICT (id) DO UPDATE SET data = excluded.data, last_seq_id = excluded.last_seq_id, last_modified = now()";

    /// <summary>From this many documents, <see cref="StoreManyAsync{T}"/> copies instead of binding arrays.</summary>
    internal const int CopyThreshold = 1_000;

    private async Task CopyAsync<T>(string table, IReadOnlyCollection<(string Id, T Document)> documents, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"COPY {table} (id, data) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var (id, document) in documents)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(id, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(JsonSerializer.Serialize(document, EventJson.Options), NpgsqlDbType.Jsonb, ct);
        }
        await writer.CompleteAsync(ct);
    }

    public async Task DeleteAsync<T>(string id, CancellationToken ct = default) where T : class
    {
        Forget<T>([id]);
        await using var command = Command($"DELETE FROM {TableFor<T>()} WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task DeleteManyAsync<T>(IReadOnlyCollection<string> ids, CancellationToken ct = default) where T : class
    {
        if (ids.Count == 0) return;
        Forget<T>(ids);
        await using var command = Command($"DELETE FROM {TableFor<T>()} WHERE id = ANY(@ids)");
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = ids.ToArray() });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A document written in this transaction is read from the table again, never from what the session was told.</summary>
    private void Forget<T>(IEnumerable<string> ids)
    {
        if (known.GetValueOrDefault(typeof(T)) is { } remembered)
            foreach (var id in ids) remembered.Remove(id);
    }

    public NpgsqlCommand Command(string sql) => new(sql, connection, transaction);
}
