using Microsoft.AspNetCore.Http;

namespace PersonalTutoring.BuildingBlocks.Http;

/// <summary>Optimistic concurrency over HTTP: a stream's version travels as a weak-free ETag and comes back in If-Match.</summary>
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
}

public static class DecisionAppends
{
    /// <summary>
    /// The one way an endpoint appends a decision: at the If-Match version when the client sent one, else at the
    /// version just read; nothing is appended when nothing was decided (a retried request); the ETag is set either way.
    /// </summary>
    public static async Task<long> AppendDecisionAsync<T>(this EventSourcing.EventStore store, HttpContext http, EventSourcing.StreamForWriting<T> current,
        object[] events, CancellationToken ct) where T : EventSourcing.IWriteModel<T>
    {
        var version = current.Version;
        if (events.Length > 0)
            version = (await store.AppendAsync(current.StreamId, http.Request.ExpectedVersion() ?? current.Version, events, ct))[^1].Version;
        http.Response.SetVersion(version);
        return version;
    }
}
