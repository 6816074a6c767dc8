using Marten;

namespace PersonalTutoring.BuildingBlocks.EventSourcing;

/// <summary>
/// Appends in this project's terms: the expected version is the stream's version <em>before</em> the append (what a
/// client read and sends back in <c>If-Match</c>); Marten's <c>Append(key, expectedVersion, …)</c> takes the version
/// after it. 0 means the stream must not exist yet.
/// </summary>
public static class Appends
{
    public static void AppendAt(this IDocumentSession session, string streamKey, long versionBefore, params object[] events)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(versionBefore);
        if (events.Length == 0) return;
        if (versionBefore == 0) session.Events.StartStream(streamKey, events);
        else session.Events.Append(streamKey, versionBefore + events.Length, events);
    }
}
