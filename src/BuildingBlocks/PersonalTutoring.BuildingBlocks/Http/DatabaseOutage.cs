using System.Net.Sockets;
using Npgsql;

namespace PersonalTutoring.BuildingBlocks.Http;

/// <summary>
/// PostgreSQL cannot be reached or is going away (connection refused or reset, "the database system is shutting
/// down", too many connections, an exhausted pool): the server's temporary state, answered 503 with Retry-After.
/// </summary>
public static class DatabaseOutage
{
    /// <summary>Seconds a client is asked to wait before trying again.</summary>
    public const int RetryAfterSeconds = 5;

    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AggregateException many:
                    return many.InnerExceptions.Any(Is);
                case PostgresException postgres:
                    // Class 08 connection exception, 53 insufficient resources, 57P operator intervention (shutdown, crash,
                    // cannot connect now), 58 system error. Anything else a server says is about the statement.
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
                        || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) || postgres.SqlState.StartsWith("58", StringComparison.Ordinal);
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                    return true;
            }
        }
        return false;
    }
}
