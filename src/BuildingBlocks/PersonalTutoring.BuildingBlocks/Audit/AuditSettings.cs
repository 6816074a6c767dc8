namespace PersonalTutoring.BuildingBlocks.Audit;

/// <summary>The <c>Audit</c> section: how the event chain is sealed and where its checkpoints are published.</summary>
public sealed class AuditSettings
{
    public const string Section = "Audit";

    /// <summary>How often the sealer links new events into the chain (it follows the daemon's high-water mark).</summary>
    public double SealSeconds { get; set; } = 5;

    /// <summary>How often the chain's head is published as a signed checkpoint.</summary>
    public double CheckpointHours { get; set; } = 24;

    /// <summary>
    /// Where checkpoints are written: a folder the database administrator cannot rewrite (the application server's
    /// disk, a mounted write-once share). Default <c>.data/audit-checkpoints</c> of the checkout (Development).
    /// </summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>
    /// The HMAC-SHA256 key (base64, at least 32 bytes) that signs checkpoints; kept out of the database. Without it
    /// checkpoints are written unsigned and the verifier says so.
    /// </summary>
    public string? CheckpointKey { get; set; }

    public TimeSpan SealInterval => TimeSpan.FromSeconds(SealSeconds);

    public TimeSpan CheckpointInterval => TimeSpan.FromHours(CheckpointHours);

    public IEnumerable<string> Problems()
    {
        if (SealSeconds is <= 0 or > 3600) yield return $"Audit:SealSeconds is {SealSeconds}: give a number of seconds above 0 and at most 3600.";
        if (CheckpointHours is <= 0 or > 24 * 7) yield return $"Audit:CheckpointHours is {CheckpointHours}: give a number of hours above 0 and at most 168.";
        if (CheckpointKey is { } key && !IsKey(key)) yield return "Audit:CheckpointKey is not a base64 key of at least 32 bytes.";
    }

    internal byte[]? KeyBytes => CheckpointKey is { } key && IsKey(key) ? Convert.FromBase64String(key) : null;

    private static bool IsKey(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var length) && length >= 32;
    }
}
