using System.CommandLine;
using JasperFx;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Messaging;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Host.Infrastructure;

namespace PersonalTutoring.Host.Cli;

/// <summary>
/// The verbs of the one executable: <c>serve</c> (default), <c>migrate</c>, <c>rebuild</c>, <c>dead-letters</c>,
/// <c>token</c>, <c>seed-demo</c>; and the Critter Stack's own (<c>codegen</c>, <c>db-apply</c>, <c>db-assert</c>,
/// <c>projections</c>, …), which JasperFx runs over the same composition.
/// </summary>
internal static class CommandLine
{
    /// <summary>JasperFx's verbs, passed to it whole.</summary>
    private static readonly HashSet<string> JasperFxVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "codegen", "db-apply", "db-assert", "db-dump", "db-patch", "db-list", "projections", "resources", "describe", "check-env", "storage",
    };

    public static Task<int> InvokeAsync(string[] args)
    {
        if (args.Length > 0 && JasperFxVerbs.Contains(args[0]))
            return TutoringApp.Build(args, runDaemon: false).RunJasperFxCommands(args);

        var root = new RootCommand("PersonalTutoring: the API host and its administration verbs. With no verb, serves the API.")
        {
            TreatUnmatchedTokensAsErrors = false, // host arguments (--urls, --environment) pass through to the web host
        };
        root.SetAction((result, ct) => ServeAsync(result.UnmatchedTokens.ToArray(), ct));

        var serve = new Command("serve", "Serve the API (the default).") { TreatUnmatchedTokensAsErrors = false };
        serve.SetAction((result, ct) => ServeAsync(result.UnmatchedTokens.ToArray(), ct));
        root.Subcommands.Add(serve);

        var migrate = new Command("migrate", "Create or update the database schema (idempotent).");
        migrate.SetAction((_, ct) => WithServicesAsync(args, async (services, token) =>
        {
            await services.GetRequiredService<StoreSchema>().MigrateAsync(token);
            Console.WriteLine("Schema is up to date.");
            return 0;
        }, ct));
        root.Subcommands.Add(migrate);

        root.Subcommands.Add(RebuildCommand(args));
        root.Subcommands.Add(DeadLettersCommand(args));
        root.Subcommands.Add(TokenCommand(args));
        foreach (var command in ExtraCommands.All(args)) root.Subcommands.Add(command);
        return root.Parse(args).InvokeAsync();
    }

    private static async Task<int> ServeAsync(string[] hostArgs, CancellationToken ct)
    {
        var app = TutoringApp.Build(hostArgs);
        await app.RunAsync(ct);
        return 0;
    }

    private static Command RebuildCommand(string[] args)
    {
        var projection = new Option<string?>("--projection") { Description = "The projection to rebuild; all when omitted." };
        // Runs this process's own daemon, which must win the daemon's leadership (HotCold) first: while a serving host
        // holds it, the rebuild belongs to that host's admin endpoint.
        var command = new Command("rebuild", "Replay projections from the first event; each is running again when it ends.") { projection };
        command.SetAction((result, ct) => WithServicesAsync(args, async (services, token) =>
        {
            var admin = services.GetRequiredService<ProjectionAdmin>();
            var names = result.GetValue(projection) is { } one ? [admin.Resolve(one)] : admin.Names;
            foreach (var name in names)
            {
                var rebuilt = await admin.RebuildAsync(name, token);
                Console.WriteLine($"{rebuilt.Projection}: rebuilt to {rebuilt.Checkpoint} in {rebuilt.Elapsed.TotalSeconds:F1} s");
            }
            return 0;
        }, ct, start: true));
        return command;
    }

    private static Command DeadLettersCommand(string[] args)
    {
        var projection = new Option<string?>("--projection") { Description = "Only this projection's dead-lettered events." };
        var messages = new Option<bool>("--messages") { Description = "Messages Wolverine gave up on, instead of events." };
        var replay = new Option<Guid[]>("--replay") { Description = "Replay these dead-lettered messages (ids from --messages).", AllowMultipleArgumentsPerToken = true };
        var limit = new Option<int>("--limit") { Description = "How many, newest first.", DefaultValueFactory = _ => 50 };
        var command = new Command("dead-letters", "List events projections gave up on, or messages Wolverine gave up on (and replay them).") { projection, messages, replay, limit };
        command.SetAction((result, ct) => WithServicesAsync(args, async (services, token) =>
        {
            if (result.GetValue(replay) is { Length: > 0 } ids)
            {
                await services.GetRequiredService<MessageDeadLetters>().ReplayAsync(ids, token);
                Console.WriteLine($"Replaying {ids.Length} message(s).");
                return 0;
            }
            if (result.GetValue(messages))
            {
                var dead = await services.GetRequiredService<MessageDeadLetters>().ListAsync(null, result.GetValue(limit), token);
                if (dead.Count == 0) Console.WriteLine("No dead-lettered messages.");
                foreach (var m in dead)
                    Console.WriteLine($"{m.SentAt:u}  {m.Id}  {m.MessageType}  {m.ExceptionType}: {m.ExceptionMessage}{(m.Replayable ? "" : "  (not replayable)")}");
                return 0;
            }
            var letters = await services.GetRequiredService<ProjectionAdmin>().DeadLettersAsync(result.GetValue(projection), result.GetValue(limit), token);
            if (letters.Count == 0) Console.WriteLine("No dead letters.");
            foreach (var l in letters)
                Console.WriteLine($"{l.DeadLetteredAt:u}  {l.ProjectionName}  seq {l.Sequence}  {l.ExceptionType}: {l.ExceptionMessage}");
            return 0;
        }, ct));
        return command;
    }

    private static Command TokenCommand(string[] args)
    {
        var role = new Option<string[]>("--role") { Description = $"One or more of: {string.Join(", ", Roles.All)}.", Required = true, AllowMultipleArgumentsPerToken = true };
        var subject = new Option<string>("--sub") { Description = "Student number or staff id.", Required = true };
        var school = new Option<string[]>("--school") { Description = "School code(s) the user acts for (Senior Tutors).", AllowMultipleArgumentsPerToken = true };
        var hours = new Option<int>("--hours") { Description = "Lifetime in hours.", DefaultValueFactory = _ => 8 };
        var command = new Command("token", "Mint a development token signed with the local key (development only).") { role, subject, school, hours };
        command.SetAction(result =>
        {
            var configuration = CliHost.Configuration(args);
            var key = configuration["Authentication:DevelopmentSigningKey"];
            var environment = configuration["DOTNET_ENVIRONMENT"] ?? configuration["ASPNETCORE_ENVIRONMENT"] ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT");
            var allowed = string.Equals(environment, "Development", StringComparison.OrdinalIgnoreCase) || configuration.GetValue<bool>("Authentication:AllowDevelopmentKey");
            if (!allowed || JwtAuthentication.SigningKey(key) is null)
            {
                Console.Error.WriteLine("No development signing key is configured (Authentication:DevelopmentSigningKey, 32+ bytes, Development environment only).");
                return 2;
            }
            var unknown = result.GetValue(role)!.Except(Roles.All).ToList();
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine($"Unknown role(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", Roles.All)}.");
                return 2;
            }
            Console.WriteLine(JwtAuthentication.MintDevelopmentToken(key!, result.GetValue(subject)!, result.GetValue(role)!,
                result.GetValue(school), TimeSpan.FromHours(Math.Clamp(result.GetValue(hours), 1, 24 * 30)), configuration["Authentication:Audience"] ?? "personal-tutoring"));
            return 0;
        });
        return command;
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
        try
        {
            using var host = CliHost.Build(args, runDaemon: start);
            if (!start) await host.Services.GetRequiredService<StoreSchema>().MigrateAsync(ct);
            else await host.StartAsync(ct); // migrates first (MigrateOnStartup)
            try { return await run(host.Services, ct); }
            finally { if (start) await host.StopAsync(CancellationToken.None); }
        }
        catch (Exception e) when (e is ProjectionBusyException or UnknownProjectionException or OldStoreDatabaseException or InvalidOperationException)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }
}

/// <summary>The services without the web server or background work, for one-shot verbs.</summary>
internal static class CliHost
{
    public static IHost Build(string[] args, bool runDaemon = false)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        // One-shot verbs print their own results; only warnings and errors from the machinery.
        builder.Configuration.AddInMemoryCollection([new("Logging:LogLevel:Default", "Warning"), new("Logging:LogLevel:Microsoft", "Warning")]);
        builder.Services.AddTutoringCore(builder.Configuration, builder.Environment, runDaemon);
        return builder.Build();
    }

    public static IConfiguration Configuration(string[] args) =>
        new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production"}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
}
