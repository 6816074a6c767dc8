using System.CommandLine;
using System.Runtime.InteropServices;
using JasperFx;
using Microsoft.Extensions.Options;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.Host.Infrastructure;

namespace PersonalTutoring.Host.Cli;

/// <summary>
/// The verbs of the one executable: <c>serve</c> (default), <c>migrate</c>, <c>rebuild</c>, <c>dead-letters</c>,
/// <c>token</c>, <c>seed-demo</c>, <c>health</c>; and the Critter Stack's own (<c>codegen</c>, <c>db-apply</c>,
/// <c>db-assert</c>, <c>projections</c>, …), which JasperFx runs over the same composition. Failures are explained in
/// one or two lines (<see cref="Failures"/>); <c>--verbose</c> adds the stack trace.
/// </summary>
internal static class CommandLine
{
    public const string Verbose = "--verbose";

    /// <summary>JasperFx's verbs, passed to it whole.</summary>
    private static readonly HashSet<string> JasperFxVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "codegen", "db-apply", "db-assert", "db-dump", "db-patch", "db-list", "projections", "resources", "describe", "check-env", "storage",
    };

    private static volatile bool interrupted;
    private static volatile bool serving;

    /// <summary>How long a start-up or a verb may take to wind down after Ctrl-C before the process leaves anyway.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    public static async Task<int> InvokeAsync(string[] commandLine)
    {
        var verbose = commandLine.Contains(Verbose, StringComparer.OrdinalIgnoreCase);
        var args = commandLine.Where(a => !string.Equals(a, Verbose, StringComparison.OrdinalIgnoreCase)).ToArray();
        // A serving host stops gracefully on Ctrl-C and SIGTERM, and verbs are cancelled (System.CommandLine). Here we
        // remember that the person asked to stop, so what fails because of it is not reported as an error; and before
        // the host serves, a start-up stuck where cancellation does not reach (a database that accepts and never
        // answers) is left after a short grace, quietly.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => Interrupt());
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Interrupt());
        try
        {
            if (args.Length > 0 && JasperFxVerbs.Contains(args[0]))
                return await TutoringApp.Build(args, runDaemon: false).RunJasperFxCommands(args);
            var root = Root(args, verbose);
            var parsed = root.Parse(args);
            var isServe = parsed.CommandResult.Command == root || parsed.CommandResult.Command.Name == "serve";
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                // A serving host stops gracefully on its own; other verbs are cancelled and given a moment to finish.
                ProcessTerminationTimeout = isServe ? null : Grace,
            });
        }
        catch (Exception e)
        {
            return Failures.Report(e, verbose, interrupted);
        }
    }

    private static void Interrupt()
    {
        interrupted = true;
        if (!serving) _ = Task.Delay(Grace).ContinueWith(_ => Environment.Exit(Failures.Interrupted), TaskScheduler.Default);
    }

    private static RootCommand Root(string[] args, bool verbose)
    {
        var root = new RootCommand("PersonalTutoring: the API host and its administration verbs. With no verb, serves the API. " +
                                   $"Add {Verbose} to see the stack trace of a failure.")
        {
            TreatUnmatchedTokensAsErrors = false, // host arguments (--urls, --environment, key=value) pass through to the web host
        };
        root.SetAction((result, ct) => ServeAsync(result.UnmatchedTokens, verbose, ct));

        var serve = new Command("serve", "Serve the API (the default).") { TreatUnmatchedTokensAsErrors = false };
        serve.SetAction((result, ct) => ServeAsync(result.UnmatchedTokens, verbose, ct));
        root.Subcommands.Add(serve);

        var migrate = new Command("migrate", "Create or update the database schema (idempotent).");
        migrate.SetAction((_, ct) => WithServicesAsync(args, async (services, token) =>
        {
            await services.GetRequiredService<StoreSchema>().MigrateAsync(token);
            Console.WriteLine("Schema is up to date.");
            return 0;
        }, ct));
        root.Subcommands.Add(migrate);

        foreach (var command in AdminCommands.All(args).Concat(ExtraCommands.All(args)).Concat(AuditCommands.All(args))) root.Subcommands.Add(command);
        return root;
    }

    private static async Task<int> ServeAsync(IReadOnlyList<string> hostArgs, bool verbose, CancellationToken ct)
    {
        if (HostArguments.Stray(hostArgs) is { } stray)
        {
            Console.Error.WriteLine($"'{stray}' is not a verb or a host argument. Verbs: serve, migrate, rebuild, dead-letters, token, seed-demo, health, verify, rotate-keys, " +
                                    $"{string.Join(", ", JasperFxVerbs.Order())}; host arguments look like --urls URL or --Section:Key=value. See --help.");
            return Failures.Usage;
        }
        var app = TutoringApp.Build([.. HostArguments.ForServing(hostArgs, verbose)]);
        app.Lifetime.ApplicationStarted.Register(() => serving = true);
        await app.RunAsync(ct);
        return 0;
    }

    /// <summary>Runs a verb against the host's services, with the configuration the command line gives.</summary>
    /// <param name="args">The command line (configuration overrides included).</param>
    /// <param name="run">The verb; its result is the process's exit code.</param>
    /// <param name="ct">Cancels the verb.</param>
    /// <param name="start">Start the host's background work (the projection daemon, Wolverine) around the verb: for
    /// verbs that append (messages go out through Wolverine's outbox) or rebuild.</param>
    internal static async Task<int> WithServicesAsync(string[] args, Func<IServiceProvider, CancellationToken, Task<int>> run, CancellationToken ct,
        bool start = false)
    {
        using var host = CliHost.Build(args, runDaemon: start);
        host.Services.GetService<IStartupValidator>()?.Validate(); // the settings, checked before anything is touched
        if (!start) await host.Services.GetRequiredService<StoreSchema>().MigrateAsync(ct);
        else await host.StartAsync(ct); // migrates first (MigrateOnStartup)
        try { return await run(host.Services, ct); }
        finally { if (start) await host.StopAsync(CancellationToken.None); }
    }
}
