using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PersonalTutoring.BuildingBlocks.Hosting;

namespace PersonalTutoring.BuildingBlocks.Audit;

/// <summary>The chain's head at a moment, published outside the database: what a rewritten chain cannot match.</summary>
public sealed record ChainCheckpoint(string Store, long Sequence, string ChainHash, DateTimeOffset SealedAt, string? Signature)
{
    internal string SignedText => string.Create(CultureInfo.InvariantCulture, $"{Store}|{Sequence}|{ChainHash}|{SealedAt.UtcDateTime:O}");
}

/// <summary>Signed checkpoint files in <see cref="AuditSettings.CheckpointDirectory"/>, one per publication.</summary>
public sealed class ChainCheckpoints(AuditSettings settings)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Directory => settings.CheckpointDirectory is { Length: > 0 } configured ? Path.GetFullPath(configured) : DevelopmentData.Folder("audit-checkpoints");

    public bool Signs => settings.KeyBytes is not null;

    public async Task<ChainCheckpoint> WriteAsync(string store, long sequence, byte[] chainHash, DateTimeOffset at, CancellationToken ct)
    {
        var unsigned = new ChainCheckpoint(store, sequence, Convert.ToHexStringLower(chainHash), at, null);
        var checkpoint = unsigned with { Signature = Sign(unsigned) };
        System.IO.Directory.CreateDirectory(Directory);
        var name = string.Create(CultureInfo.InvariantCulture, $"{at.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{FileSafe(store)}-{sequence}.json");
        // Created, never overwritten: a second publication of the same head gets its own file.
        await using var file = new FileStream(Path.Combine(Directory, name), FileMode.CreateNew, FileAccess.Write);
        await JsonSerializer.SerializeAsync(file, checkpoint, Json, ct);
        return checkpoint;
    }

    /// <summary>Every readable checkpoint of <paramref name="store"/>, oldest first.</summary>
    public IReadOnlyList<ChainCheckpoint> ReadAll(string store)
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        var found = new List<ChainCheckpoint>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*.json"))
        {
            try
            {
                if (JsonSerializer.Deserialize<ChainCheckpoint>(File.ReadAllText(path), Json) is { } checkpoint && checkpoint.Store == store)
                    found.Add(checkpoint);
            }
            catch (JsonException)
            {
                // Not a checkpoint; the folder may hold other files.
            }
        }
        return [.. found.OrderBy(c => c.Sequence).ThenBy(c => c.SealedAt)];
    }

    public ChainCheckpoint? Latest(string store) => ReadAll(store).LastOrDefault();

    /// <summary>True when signed with this host's key; false when unsigned, signed with another key, or altered.</summary>
    public bool IsSignedHere(ChainCheckpoint checkpoint) =>
        checkpoint.Signature is { } signature && Sign(checkpoint) is { } expected &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(expected));

    private string? Sign(ChainCheckpoint checkpoint) =>
        settings.KeyBytes is { } key ? Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(checkpoint.SignedText))) : null;

    private static string FileSafe(string value) => string.Concat(value.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'));
}
