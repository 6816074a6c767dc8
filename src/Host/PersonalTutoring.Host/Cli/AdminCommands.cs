using System.CommandLine;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Messaging;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.Host.Cli;

/// <summary>The administration verbs: <c>rebuild</c>, <c>dead-letters</c> and <c>token</c>.</summary>
internal static class AdminCommands
{
    public static IEnumerable<Command> All(string[] args) => [RebuildCommand(args), DeadLettersCommand(args), TokenCommand(args)];

    private static Command RebuildCommand(string[] args)
    {
        var projection = new Option<string?>("--projection") { Description = "The projection to rebuild; all when omitted." };
        // Runs this process's own daemon, which must win the daemon's leadership (HotCold) first: while a serving host
        // holds it, the rebuild belongs to that host's admin endpoint.
        var command = new Command("rebuild", "Replay projections from the first event; each is running again when it ends.") { projection };
        command.SetAction((result, ct) => CommandLine.WithServicesAsync(args, async (services, token) =>
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
        command.SetAction((result, ct) => CommandLine.WithServicesAsync(args, async (services, token) =>
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
            var settings = configuration.GetSection(AuthenticationSettings.Section).Get<AuthenticationSettings>() ?? new AuthenticationSettings();
            var environment = CliHost.EnvironmentName;
            if (!string.Equals(environment, Environments.Development, StringComparison.OrdinalIgnoreCase) || JwtAuthentication.SigningKey(settings.DevelopmentSigningKey) is null)
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
            var lifetime = result.GetValue(hours);
            if (lifetime < 1 || lifetime > settings.MaxTokenLifetimeHours)
            {
                Console.Error.WriteLine($"--hours {lifetime}: give 1 to {settings.MaxTokenLifetimeHours:0.##} (Authentication:MaxTokenLifetimeHours); the API refuses longer-lived tokens.");
                return 2;
            }
            Console.WriteLine(JwtAuthentication.MintDevelopmentToken(settings.DevelopmentSigningKey!, result.GetValue(subject)!, result.GetValue(role)!,
                result.GetValue(school), TimeSpan.FromHours(lifetime), settings.Audience, roleClaim: settings.RoleClaim, schoolClaim: settings.SchoolClaim));
            return 0;
        });
        return command;
    }
}
