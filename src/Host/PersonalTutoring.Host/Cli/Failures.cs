using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using Npgsql;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Hosting;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Host.Infrastructure;

namespace PersonalTutoring.Host.Cli;

/// <summary>
/// What a person sees when the host or a verb fails: one or two lines naming the cause and the remedy (the setting or
/// command), exit code 1; Ctrl-C is a quiet 130. The stack trace only with <c>--verbose</c>.
/// </summary>
internal static partial class Failures
{
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Interrupted = 130; // 128 + SIGINT, as shells report it

    public static int Report(Exception exception, bool verbose, bool interrupted)
    {
        if (interrupted && Chain(exception).Any(e => e is OperationCanceledException)) return Interrupted;
        var explained = Explain(exception);
        Console.Error.WriteLine(explained ?? $"Unexpected error: {exception.GetType().Name}: {FirstLine(exception.Message)}");
        if (verbose) Console.Error.WriteLine(exception);
        else if (explained is null) Console.Error.WriteLine("Run again with --verbose for the details.");
        return Failed;
    }

    /// <summary>The cause and remedy of a failure we know, or null.</summary>
    internal static string? Explain(Exception exception)
    {
        var settings = Chain(exception).OfType<OptionsValidationException>().SelectMany(o => o.Failures).Distinct().ToList();
        if (settings.Count > 0) return string.Join(Environment.NewLine, settings);
        foreach (var e in Chain(exception))
        {
            switch (e)
            {
                case AuthorityUnavailableException or DatabaseNotConfiguredException or OldStoreDatabaseException or PostgresNotInstalledException
                    or LocalClusterException or UnknownProjectionException or ProjectionBusyException:
                    return e.Message;
                case PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } missing:
                    return $"PostgreSQL says: {missing.MessageText}.{Environment.NewLine}" +
                           "Create that database (e.g. createdb), or point ConnectionStrings:Tutoring at one that exists.";
                case PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } refused:
                    return $"PostgreSQL refused the login: {refused.MessageText}.{Environment.NewLine}" +
                           "Check the user name and password in ConnectionStrings:Tutoring.";
                case NpgsqlException { InnerException: SocketException or TimeoutException } unreachable:
                    return $"PostgreSQL does not answer ({FirstLine(unreachable.Message)}: {FirstLine(unreachable.InnerException!.Message)}).{Environment.NewLine}" +
                           "Start the server, or correct Host and Port in ConnectionStrings:Tutoring.";
                case IOException io when Chain(io).Any(i => i is AddressInUseException):
                    var address = BindAddress().Match(io.Message) is { Success: true } m ? m.Groups[1].Value : "the address";
                    return $"Cannot listen on {address}: another program is using that port.{Environment.NewLine}" +
                           "Stop it, or choose another address with --urls http://localhost:PORT (or ASPNETCORE_URLS).";
            }
        }
        return null;
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        var pending = new Queue<Exception>([exception]);
        while (pending.TryDequeue(out var e))
        {
            yield return e;
            if (e is AggregateException aggregate) foreach (var inner in aggregate.InnerExceptions) pending.Enqueue(inner);
            else if (e.InnerException is not null) pending.Enqueue(e.InnerException);
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim().TrimEnd('.');

    [GeneratedRegex(@"bind to address (\S+?):? address already in use", RegexOptions.IgnoreCase)]
    private static partial Regex BindAddress();
}
