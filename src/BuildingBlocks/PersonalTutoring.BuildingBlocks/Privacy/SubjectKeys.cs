using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace PersonalTutoring.BuildingBlocks.Privacy;

/// <summary>Nothing personal can be written for a subject whose data was erased.</summary>
public sealed class SubjectErasedException(string subject)
    : Exception($"The personal data of {subject} was erased: nothing personal can be recorded for them again.")
{
    public string Subject { get; } = subject;
}

/// <summary>Personal data is written or read while no master key is configured.</summary>
public sealed class DataProtectionNotConfiguredException()
    : Exception("No master key is configured: set DataProtection:MasterKeys:<id> (base64, 32 bytes) and DataProtection:ActiveMasterKey.");

/// <summary>
/// Every data subject's data keys (AES-256), each wrapped by a master key from configuration and kept in
/// <c>privacy.subject_keys</c>, never in an event. Keys are versioned: new writes use the newest, reads find the one
/// the ciphertext names. Erasing a subject deletes all their keys (docs/adr/0076).
/// </summary>
/// <remarks>
/// Synchronous by necessity: the JSON converter that encrypts runs inside Marten's serializer. A subject's key is read
/// (or created, in its own committed transaction) once, then served from memory; erasures by other hosts are looked for
/// every <see cref="DataProtectionSettings.KeyCacheSeconds"/>.
/// A key created for a transaction that then rolls back is an unused key, harmless.
/// </remarks>
public sealed class SubjectKeys(NpgsqlDataSource database, DataProtectionSettings settings, TimeProvider clock)
{
    public const string Schema = "privacy";

    private readonly ConcurrentDictionary<string, Entry> cache = new();

    public static string Sql => $"""
        CREATE SCHEMA IF NOT EXISTS {Schema};
        CREATE TABLE IF NOT EXISTS {Schema}.subject_keys (
            subject varchar NOT NULL,
            version int NOT NULL,
            master_key varchar NOT NULL,
            wrapped bytea NOT NULL,
            created_at timestamptz NOT NULL,
            PRIMARY KEY (subject, version));
        CREATE TABLE IF NOT EXISTS {Schema}.erased_subjects (
            subject varchar PRIMARY KEY,
            erased_at timestamptz NOT NULL);
        """;

    /// <summary>The key new data of <paramref name="subject"/> is encrypted with, created on first use.</summary>
    public (int Version, byte[] Key) ForWriting(string subject)
    {
        var entry = Load(subject);
        if (entry.Erased) throw new SubjectErasedException(subject);
        if (entry.Keys.Count > 0) return (entry.Current, entry.Keys[entry.Current]);
        Create(subject, 1);
        cache.TryRemove(subject, out _);
        return ForWriting(subject);
    }

    /// <summary>The key of that version, or null when the subject was erased (or the key never existed).</summary>
    public byte[]? ForReading(string subject, int version)
    {
        var entry = Load(subject);
        if (entry.Keys.TryGetValue(version, out var key) || entry.Erased) return key;
        // A version this host has not seen: another host may have rotated the subject's key since it was loaded.
        cache.TryRemove(subject, out _);
        return Load(subject).Keys.GetValueOrDefault(version);
    }

    /// <summary>
    /// Loads the keys of many subjects in one query (a school's students before their records are read), so that reading
    /// their text then asks the database nothing; subjects already in memory are skipped. Same answer as one by one.
    /// </summary>
    public async Task WarmAsync(IEnumerable<string> subjects, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        CheckErasures(now);
        var missing = subjects.Distinct().Where(s => !(cache.TryGetValue(s, out var cached) && Fresh(cached, now))).ToArray();
        if (missing.Length == 0) return;
        var keys = missing.ToDictionary(s => s, _ => new Dictionary<int, byte[]>(), StringComparer.Ordinal);
        var erased = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = await database.OpenConnectionAsync(ct);
        await using (var read = new NpgsqlCommand($"SELECT subject, version, master_key, wrapped FROM {Schema}.subject_keys WHERE subject = ANY(@s)", connection))
        {
            read.Parameters.AddWithValue("s", missing);
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var (subject, version) = (reader.GetString(0), reader.GetInt32(1));
                keys[subject][version] = Unwrap(Master(reader.GetString(2)), (byte[])reader[3], subject, version);
            }
        }
        await using (var read = new NpgsqlCommand($"SELECT subject FROM {Schema}.erased_subjects WHERE subject = ANY(@s) OR subject = ANY(@students)", connection))
        {
            read.Parameters.AddWithValue("s", missing);
            read.Parameters.AddWithValue("students", missing.Select(PersonalSubjects.StudentOf).Distinct().ToArray());
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) erased.Add(reader.GetString(0));
        }
        foreach (var subject in missing)
        {
            var isErased = erased.Contains(subject) || erased.Contains(PersonalSubjects.StudentOf(subject));
            cache[subject] = Entry.Of(keys[subject], isErased, now);
        }
    }

    /// <summary>
    /// Deletes every key of the subject: all their personal data becomes unreadable, here now, elsewhere within the cache
    /// time. A student's subject takes the keys of each kind of their records with it (<see cref="PersonalSubjects"/>).
    /// </summary>
    public async Task<int> EraseAsync(string subject, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var delete = new NpgsqlCommand(
            $"DELETE FROM {Schema}.subject_keys WHERE subject = @s OR (strpos(subject, '{PersonalSubjects.Separator}') > 0 AND split_part(subject, '{PersonalSubjects.Separator}', 1) = @s)",
            connection, tx);
        delete.Parameters.AddWithValue("s", subject);
        var deleted = await delete.ExecuteNonQueryAsync(ct);
        await using var mark = new NpgsqlCommand($"INSERT INTO {Schema}.erased_subjects (subject, erased_at) VALUES (@s, @at) ON CONFLICT DO NOTHING", connection, tx);
        mark.Parameters.AddWithValue("s", subject);
        mark.Parameters.AddWithValue("at", clock.GetUtcNow());
        await mark.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        foreach (var cached in cache.Keys.Where(k => k == subject || PersonalSubjects.StudentOf(k) == subject)) cache.TryRemove(cached, out _);
        return deleted;
    }

    /// <summary>A new key version for the subject: new data uses it, older data keeps its own.</summary>
    public async Task<int> RotateSubjectAsync(string subject, CancellationToken ct)
    {
        var entry = Load(subject);
        if (entry.Erased) throw new SubjectErasedException(subject);
        var version = entry.Keys.Count == 0 ? 1 : entry.Keys.Keys.Max() + 1;
        await Task.Run(() => Create(subject, version), ct);
        cache.TryRemove(subject, out _);
        return version;
    }

    /// <summary>Rewraps every data key not wrapped by the active master key (after a new master key is made active).</summary>
    public async Task<int> RewrapAsync(CancellationToken ct)
    {
        var (activeId, active) = ActiveMaster();
        await using var connection = await database.OpenConnectionAsync(ct);
        var stale = new List<(string Subject, int Version, string Master, byte[] Wrapped)>();
        await using (var read = new NpgsqlCommand($"SELECT subject, version, master_key, wrapped FROM {Schema}.subject_keys WHERE master_key <> @m", connection))
        {
            read.Parameters.AddWithValue("m", activeId);
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) stale.Add((reader.GetString(0), reader.GetInt32(1), reader.GetString(2), (byte[])reader[3]));
        }
        foreach (var (subject, version, master, wrapped) in stale)
        {
            var key = Unwrap(Master(master), wrapped, subject, version);
            await using var update = new NpgsqlCommand($"UPDATE {Schema}.subject_keys SET master_key = @m, wrapped = @w WHERE subject = @s AND version = @v", connection);
            update.Parameters.AddWithValue("m", activeId);
            update.Parameters.AddWithValue("w", Wrap(active, key, subject, version));
            update.Parameters.AddWithValue("s", subject);
            update.Parameters.AddWithValue("v", version);
            await update.ExecuteNonQueryAsync(ct);
        }
        cache.Clear();
        return stale.Count;
    }

    /// <summary>
    /// Keys stay in memory for <see cref="KeyLifetime"/>; erasures elsewhere are what must reach this host quickly, and
    /// they are looked for in one query every <see cref="DataProtectionSettings.KeyCacheSeconds"/>, not by reading every
    /// key again (which made every page that shows names read its keys one by one each minute: docs/performance.md).
    /// </summary>
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromHours(1);

    /// <summary>Another host's clock may lag this one's: erasures are looked for this far before the last look.</summary>
    private static readonly TimeSpan ClockMargin = TimeSpan.FromMinutes(10);

    private readonly Lock erasureGate = new();
    private DateTimeOffset erasuresCheckedAt = clock.GetUtcNow();

    private static bool Fresh(Entry entry, DateTimeOffset now) => now - entry.LoadedAt < KeyLifetime;

    /// <summary>Forgets the keys of subjects erased (by any host) since the last look, once per KeyCacheSeconds.</summary>
    private void CheckErasures(DateTimeOffset now)
    {
        if (now - erasuresCheckedAt < TimeSpan.FromSeconds(settings.KeyCacheSeconds)) return;
        lock (erasureGate)
        {
            if (now - erasuresCheckedAt < TimeSpan.FromSeconds(settings.KeyCacheSeconds)) return;
            var erased = new HashSet<string>(StringComparer.Ordinal);
            using (var connection = database.OpenConnection())
            using (var command = new NpgsqlCommand($"SELECT subject FROM {Schema}.erased_subjects WHERE erased_at >= @since", connection))
            {
                command.Parameters.AddWithValue("since", erasuresCheckedAt - ClockMargin);
                using var reader = command.ExecuteReader();
                while (reader.Read()) erased.Add(reader.GetString(0));
            }
            if (erased.Count > 0)
                foreach (var subject in cache.Where(c => !c.Value.Erased && (erased.Contains(c.Key) || erased.Contains(PersonalSubjects.StudentOf(c.Key))))
                             .Select(c => c.Key).ToList())
                    cache.TryRemove(subject, out _); // an entry already known erased stays: it cannot change back
            erasuresCheckedAt = now;
        }
    }

    private Entry Load(string subject)
    {
        var now = clock.GetUtcNow();
        CheckErasures(now);
        if (cache.TryGetValue(subject, out var cached) && Fresh(cached, now))
            return cached;
        using var connection = database.OpenConnection();
        using var command = new NpgsqlCommand(
            $"SELECT version, master_key, wrapped, false FROM {Schema}.subject_keys WHERE subject = @s " +
            $"UNION ALL SELECT 0, '', ''::bytea, true FROM {Schema}.erased_subjects WHERE subject = @s OR subject = @student", connection);
        command.Parameters.AddWithValue("s", subject);
        command.Parameters.AddWithValue("student", PersonalSubjects.StudentOf(subject));
        var keys = new Dictionary<int, byte[]>();
        var erased = false;
        using (var reader = command.ExecuteReader())
            while (reader.Read())
            {
                if (reader.GetBoolean(3)) { erased = true; continue; }
                var version = reader.GetInt32(0);
                keys[version] = Unwrap(Master(reader.GetString(1)), (byte[])reader[2], subject, version);
            }
        var entry = Entry.Of(keys, erased, clock.GetUtcNow());
        cache[subject] = entry;
        return entry;
    }

    private void Create(string subject, int version)
    {
        var (masterId, master) = ActiveMaster();
        using var connection = database.OpenConnection();
        using var command = new NpgsqlCommand(
            $"INSERT INTO {Schema}.subject_keys (subject, version, master_key, wrapped, created_at) " +
            $"SELECT @s, @v, @m, @w, @at WHERE NOT EXISTS (SELECT 1 FROM {Schema}.erased_subjects WHERE subject = @s OR subject = @student) ON CONFLICT DO NOTHING", connection);
        command.Parameters.AddWithValue("s", subject);
        command.Parameters.AddWithValue("student", PersonalSubjects.StudentOf(subject));
        command.Parameters.AddWithValue("v", version);
        command.Parameters.AddWithValue("m", masterId);
        command.Parameters.AddWithValue("w", Wrap(master, RandomNumberGenerator.GetBytes(32), subject, version));
        command.Parameters.AddWithValue("at", clock.GetUtcNow());
        command.ExecuteNonQuery(); // a racing host's key wins (ON CONFLICT): both then read the same one
    }

    private (string Id, byte[] Key) ActiveMaster() =>
        settings.ActiveMasterKey is { } id ? (id, Master(id)) : throw new DataProtectionNotConfiguredException();

    private byte[] Master(string id) =>
        settings.MasterKeys.TryGetValue(id, out var value) && DataProtectionSettings.Decode(value) is { } key
            ? key
            : throw new CryptographicException($"Master key '{id}' wraps stored data keys but is not configured (DataProtection:MasterKeys:{id}).");

    private static byte[] Wrap(byte[] master, byte[] key, string subject, int version) => Aead.Seal(master, key, Context(subject, version));

    private static byte[] Unwrap(byte[] master, byte[] wrapped, string subject, int version) => Aead.Open(master, wrapped, Context(subject, version));

    private static byte[] Context(string subject, int version) => Encoding.UTF8.GetBytes($"data-key|{subject}|{version}");

    private sealed record Entry(Dictionary<int, byte[]> Keys, int Current, bool Erased, DateTimeOffset LoadedAt)
    {
        public static Entry Of(Dictionary<int, byte[]> keys, bool erased, DateTimeOffset at) =>
            new(erased ? [] : keys, keys.Count == 0 ? 0 : keys.Keys.Max(), erased, at);
    }
}

/// <summary>AES-256-GCM: nonce (12) ‖ tag (16) ‖ ciphertext, bound to its context by the associated data.</summary>
internal static class Aead
{
    public static byte[] Seal(byte[] key, byte[] plaintext, byte[] context)
    {
        var sealedBytes = new byte[12 + 16 + plaintext.Length];
        var nonce = sealedBytes.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16), context);
        return sealedBytes;
    }

    public static byte[] Open(byte[] key, byte[] sealedBytes, byte[] context)
    {
        if (sealedBytes.Length < 28) throw new CryptographicException("The ciphertext is too short.");
        var plaintext = new byte[sealedBytes.Length - 28];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(sealedBytes.AsSpan(0, 12), sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16), plaintext, context);
        return plaintext;
    }
}
