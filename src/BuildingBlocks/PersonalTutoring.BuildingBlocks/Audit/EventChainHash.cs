using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PersonalTutoring.BuildingBlocks.Audit;

/// <summary>An event as the chain hashes it: the stored columns, with the payload and headers as PostgreSQL prints them.</summary>
public sealed record ChainedEvent(
    long Sequence, string StreamKey, long Version, string Type, string Data, byte[]? BinaryData, string? Headers,
    string? CorrelationId, string? CausationId, string? UserName, DateTimeOffset Timestamp);

/// <summary>
/// The chain's two formulas, computed in .NET apart from the database functions that wrote the hashes
/// (<see cref="EventChainSchema"/>), so the verifier does not trust code an administrator could replace.
/// </summary>
public static class EventChainHash
{
    /// <summary>The event's hash, chained to the previous event of its stream (null for a stream's first event).</summary>
    public static byte[] Event(byte[]? previousInStream, ChainedEvent e)
    {
        using var buffer = new MemoryStream(256 + e.Data.Length);
        Field(buffer, previousInStream);
        Number(buffer, e.Sequence);
        Field(buffer, Utf8(e.StreamKey));
        Number(buffer, e.Version);
        Field(buffer, Utf8(e.Type));
        Field(buffer, Utf8(e.Data));
        Field(buffer, e.BinaryData);
        Field(buffer, Utf8(e.Headers));
        Field(buffer, Utf8(e.CorrelationId));
        Field(buffer, Utf8(e.CausationId));
        Field(buffer, Utf8(e.UserName));
        Number(buffer, (e.Timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10); // microseconds, PostgreSQL's precision
        return SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>The global link: the previous link (null before the first), the sequence and the event's hash.</summary>
    public static byte[] Link(byte[]? previousLink, long sequence, byte[] eventHash)
    {
        using var buffer = new MemoryStream(80);
        Field(buffer, previousLink);
        Number(buffer, sequence);
        buffer.Write(eventHash);
        return SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private static byte[]? Utf8(string? value) => value is null ? null : Encoding.UTF8.GetBytes(value);

    private static void Field(MemoryStream buffer, byte[]? value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, value?.Length ?? -1);
        buffer.Write(length);
        if (value is not null) buffer.Write(value);
    }

    private static void Number(MemoryStream buffer, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        buffer.Write(bytes);
    }
}
