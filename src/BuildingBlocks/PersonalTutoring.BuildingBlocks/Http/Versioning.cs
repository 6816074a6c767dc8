using JasperFx.Events;
using Microsoft.AspNetCore.Http;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.BuildingBlocks.Http;

/// <summary>Optimistic concurrency over HTTP: a stream's version travels as an ETag and comes back in If-Match.</summary>
public static class Versioning
{
    /// <summary>The version in <c>If-Match</c>, or null when the client did not send one.</summary>
    public static long? ExpectedVersion(this HttpRequest request)
    {
        var value = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(value)) return null;
        var trimmed = value.Trim();
        if (trimmed.StartsWith("W/", StringComparison.Ordinal)) trimmed = trimmed[2..];
        trimmed = trimmed.Trim('"');
        return long.TryParse(trimmed, out var version) && version >= 0
            ? version
            : throw RequestValidationException.For("If-Match", "If-Match must be a version ETag such as \"3\".");
    }

    public static void SetVersion(this HttpResponse response, long version) => response.Headers.ETag = $"\"{version}\"";

    /// <summary>
    /// The one way an endpoint appends a decision to a stream it fetched for writing: a client that sent
    /// <c>If-Match</c> must have read the version the stream is at (else <see cref="StaleVersionException"/>); nothing
    /// is appended when nothing was decided (a retried request); the ETag is the version after the append. Marten's
    /// <c>SaveChangesAsync</c> then refuses the append if the stream moved since it was fetched.
    /// </summary>
    public static long AppendDecision<T>(this IEventStream<T> stream, HttpContext http, IReadOnlyCollection<object> events) where T : class
    {
        var read = stream.StartingVersion ?? 0;
        if (http.Request.ExpectedVersion() is { } expected && expected != read)
            throw new StaleVersionException(stream.Key ?? stream.Id.ToString(), expected, read);
        if (events.Count > 0) stream.AppendMany(events);
        var version = read + events.Count;
        http.Response.SetVersion(version);
        return version;
    }
}

/// <summary>The client's <c>If-Match</c> names a version the stream has moved past.</summary>
public sealed class StaleVersionException(string streamId, long expected, long actual)
    : Exception($"Stream '{streamId}' is at version {actual}, not {expected}; it was changed by someone else. Reload and try again.")
{
    public string StreamId { get; } = streamId;
    public long ExpectedVersion { get; } = expected;
}
