using System.Buffers.Binary;
using System.Globalization;
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
    /// <summary>
    /// The event's hash, chained to the previous event of its stream (null for a stream's first event): SHA-256 over the
    /// UTF-8 of the text <see cref="EventChainSchema"/>'s <c>pt_event_hash</c> spells (ADR 0088).
    /// </summary>
    public static byte[] Event(byte[]? previousInStream, ChainedEvent e)
    {
        var text = new StringBuilder(256 + e.Data.Length + (e.Headers?.Length ?? 0));
        Literal(text, previousInStream is null ? null : Convert.ToHexStringLower(previousInStream)).Append('|');
        text.Append(e.Sequence.ToString(CultureInfo.InvariantCulture)).Append('|');
        Literal(text, e.StreamKey).Append('|');
        text.Append(e.Version.ToString(CultureInfo.InvariantCulture)).Append('|');
        Literal(text, e.Type).Append('|');
        Literal(text, e.Data).Append('|');
        Literal(text, e.BinaryData is null ? null : Convert.ToHexStringLower(e.BinaryData)).Append('|');
        Literal(text, e.Headers).Append('|');
        Literal(text, e.CorrelationId).Append('|');
        Literal(text, e.CausationId).Append('|');
        Literal(text, e.UserName).Append('|');
        EpochSeconds(text, (e.Timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10); // microseconds, PostgreSQL's precision
        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
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

    /// <summary>PostgreSQL's <c>quote_literal</c> as <c>format('%L')</c> writes it: <c>NULL</c> for none.</summary>
    private static StringBuilder Literal(StringBuilder text, string? value)
    {
        if (value is null) return text.Append("NULL");
        if (value.Contains('\\')) text.Append('E');
        text.Append('\'');
        foreach (var c in value)
        {
            if (c is '\'' or '\\') text.Append(c);
            text.Append(c);
        }
        return text.Append('\'');
    }

    /// <summary><c>extract(epoch FROM timestamptz)</c> as PostgreSQL prints it: seconds with six decimals.</summary>
    private static void EpochSeconds(StringBuilder text, long microseconds)
    {
        if (microseconds < 0) text.Append('-');
        var magnitude = Math.Abs(microseconds);
        text.Append((magnitude / 1_000_000).ToString(CultureInfo.InvariantCulture)).Append('.')
            .Append((magnitude % 1_000_000).ToString("D6", CultureInfo.InvariantCulture));
    }

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
