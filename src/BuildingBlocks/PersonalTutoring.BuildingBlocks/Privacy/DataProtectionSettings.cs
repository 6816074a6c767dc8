namespace PersonalTutoring.BuildingBlocks.Privacy;

/// <summary>The <c>DataProtection</c> section: the master keys that wrap every subject's data key.</summary>
public sealed class DataProtectionSettings
{
    public const string Section = "DataProtection";

    /// <summary>Master keys by id (base64, 32 bytes each). Old ones stay listed until <c>rotate-keys</c> has rewrapped every data key.</summary>
    public Dictionary<string, string> MasterKeys { get; set; } = [];

    /// <summary>The master key new data keys are wrapped with.</summary>
    public string? ActiveMasterKey { get; set; }

    /// <summary>How often a host looks for erasures made elsewhere; an erasure elsewhere takes effect here within this time.</summary>
    public double KeyCacheSeconds { get; set; } = 60;

    public IEnumerable<string> Problems()
    {
        foreach (var (id, key) in MasterKeys)
            if (Decode(key) is null) yield return $"DataProtection:MasterKeys:{id} is not a base64 key of 32 bytes.";
        if (ActiveMasterKey is { } active && !MasterKeys.ContainsKey(active))
            yield return $"DataProtection:ActiveMasterKey is '{active}', which is not one of DataProtection:MasterKeys.";
        if (MasterKeys.Count > 0 && ActiveMasterKey is null)
            yield return "DataProtection:ActiveMasterKey is not set: name the master key that wraps new data keys.";
        if (KeyCacheSeconds is < 0 or > 3600) yield return $"DataProtection:KeyCacheSeconds is {KeyCacheSeconds}: give 0 to 3600.";
    }

    internal static byte[]? Decode(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var length) && length == 32 ? buffer[..32] : null;
    }
}
