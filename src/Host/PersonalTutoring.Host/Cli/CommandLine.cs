using System.CommandLine;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Host.Infrastructure;

namespace PersonalTutoring.Host.Cli;

/// <summary>The verbs of the one executable: <c>serve</c> (default), <c>migrate</c>, <c>rebuild</c>, <c>dead-letters</c>, <c>token</c>.</summary>
internal static class CommandLine
{
    public static Task<int> InvokeAsync(string[] args)
    {
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
            await services.GetRequiredService<EventStoreSchema>().MigrateAsync(token);
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
        var command = new Command("rebuild", "Replay projections from the first event into fresh tables, then switch.") { projection };
        command.SetAction((result, ct) => WithServicesAsync(args, async (services, token) =>
        {
            await services.GetRequiredService<EventStoreSchema>().MigrateAsync(token);
            var options = services.GetRequiredService<EventStoreOptions>();
            var rebuilder = services.GetRequiredService<ProjectionRebuilder>();
            var names = result.GetValue(projection) is { } one ? [options.Projections.Get(one).Name] : options.Projections.All.Select(p => p.Name).ToArray();
            foreach (var name in names)
            {
                var rebuilt = await rebuilder.RebuildAsync(name, token);
                Console.WriteLine($"{rebuilt.Projection}: {rebuilt.EventsApplied} events applied, checkpoint {rebuilt.Checkpoint}, {rebuilt.Elapsed.TotalSeconds:F1} s");
            }
            return 0;
        }, ct));
        return command;
    }

    private static Command DeadLettersCommand(string[] args)
    {
        var projection = new Option<string?>("--projection") { Description = "Only this projection's dead letters." };
        var limit = new Option<int>("--limit") { Description = "How many, newest first.", DefaultValueFactory = _ => 50 };
        var command = new Command("dead-letters", "List events that projections gave up on.") { projection, limit };
        command.SetAction((result, ct) => WithServicesAsync(args, async (services, token) =>
        {
            var letters = await services.GetRequiredService<ProjectionDaemon>().DeadLettersAsync(result.GetValue(projection), result.GetValue(limit), token);
            if (letters.Count == 0) Console.WriteLine("No dead letters.");
            foreach (var l in letters)
                Console.WriteLine($"{l.DeadLetteredAt:u}  {l.ProjectionName}  seq {l.Sequence}  {l.EventType}  stream {l.StreamId}  after {l.Attempts} attempts: {l.ErrorType}: {l.ErrorMessage}");
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

    internal static async Task<int> WithServicesAsync(string[] args, Func<IServiceProvider, CancellationToken, Task<int>> run, CancellationToken ct)
    {
        try
        {
            using var host = CliHost.Build(args);
            return await run(host.Services, ct);
        }
        catch (Exception e) when (e is ProjectionBusyException or UnknownProjectionException or ProjectionRebuildException or InvalidOperationException)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }
}

/// <summary>The services without the web server or background work, for one-shot verbs.</summary>
internal static class CliHost
{
    public static IHost Build(string[] args)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        // One-shot verbs print their own results; only warnings and errors from the machinery.
        builder.Configuration.AddInMemoryCollection([new("Logging:LogLevel:Default", "Warning"), new("Logging:LogLevel:Microsoft", "Warning")]);
        builder.Services.AddTutoringCore(builder.Configuration);
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
