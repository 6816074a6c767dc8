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

/// <summary>
/// Appends to a log with no invariant (an audit of who read what): at whatever version the stream is at, and never
/// failing the caller because another request appended at the same moment. Marten's Quick append reads an
/// unversioned stream's version without a lock, so two such appends racing on one stream collide on its version
/// (or on creating it); the loser is appended again in a fresh session, which then sees the winner's version.
/// </summary>
public static class LogAppends
{
    private const int Attempts = 8;

    public static async Task AppendToLogAsync(this ISessionFactory sessions, string streamKey, IReadOnlyCollection<object> events, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = sessions.OpenSession();
            session.Events.Append(streamKey, events.ToArray());
            try
            {
                await session.SaveChangesAsync(ct);
                return;
            }
            catch (Exception e) when (attempt < Attempts && IsRace(e))
            {
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), ct);
            }
        }
    }

    private static bool IsRace(Exception e) => e is JasperFx.ConcurrencyException or JasperFx.Events.EventStreamUnexpectedMaxEventIdException
        or Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException
        || e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation };
}
