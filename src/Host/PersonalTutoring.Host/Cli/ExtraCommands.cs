using System.CommandLine;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Allocation;
using PersonalTutoring.Contact;
using PersonalTutoring.Governance;
using PersonalTutoring.Meetings;
using PersonalTutoring.References;

namespace PersonalTutoring.Host.Cli;

/// <summary>Verbs beyond the foundation's administration ones.</summary>
internal static class ExtraCommands
{
    public static IEnumerable<Command> All(string[] args) => [SeedDemo(args), Health()];

    /// <summary>A realistic demo university in one command; each module seeds its own part, idempotently. Development only.</summary>
    private static Command SeedDemo(string[] args)
    {
        var command = new Command("seed-demo", "Create a realistic demo university: schools, policies, calendars, appointments, tutors, students, allocations, contact and meetings (Development only).");
        command.SetAction(async (_, ct) =>
        {
            if (!string.Equals(CliHost.EnvironmentName, Environments.Development, StringComparison.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine($"seed-demo writes a fictional university and runs only in Development (this is {CliHost.EnvironmentName}).");
                Console.Error.WriteLine("Run it with DOTNET_ENVIRONMENT=Development against a database you can throw away.");
                return Failures.Usage;
            }
            return await CommandLine.WithServicesAsync(args, async (services, token) =>
            {
                Console.WriteLine("Seeding governance: schools MED and ENG, policies, calendars, appointments, tutor development, surveys, tutee guides…");
                await services.SeedGovernanceDemoAsync(token);
                await services.SeedGovernanceDevelopmentDemoAsync(token);
                Console.WriteLine("Applying projections…");
                await CatchUpAsync(services, token); // allocation reads the schools' policies through read models
                Console.WriteLine("Seeding allocation: tutors, ~2,000 students, allocations, a handover, an unavailability, a change request…");
                await services.SeedAllocationDemoAsync(token);
                await CatchUpAsync(services, token);
                Console.WriteLine("Seeding contact: a term of contact, notes, referrals, concerns, objectives and gaps…");
                await services.SeedContactDemoAsync(token);
                Console.WriteLine("Seeding meetings: clinic slots for a few tutors and some bookings…");
                await services.SeedMeetingsDemoAsync(token);
                Console.WriteLine("Applying projections…");
                await CatchUpAsync(services, token);
                Console.WriteLine("Seeding references: requests in every state, a final-year UKFPO request…");
                await services.SeedReferencesDemoAsync(token);
                Console.WriteLine("Demo university ready.");
                return 0;
            }, ct, start: true);
        });
        return command;
    }

    /// <summary>For a container's HEALTHCHECK: asks a running host whether it is ready, with no tool but the host itself.</summary>
    private static Command Health()
    {
        var url = new Option<string>("--url") { Description = "The readiness URL.", DefaultValueFactory = _ => "http://127.0.0.1:8080/health/ready" };
        var command = new Command("health", "Exit 0 when the host at --url answers ready, 1 otherwise.") { url };
        command.SetAction(async (result, ct) =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                using var response = await http.GetAsync(result.GetValue(url), ct);
                if (response.IsSuccessStatusCode) return 0;
                Console.Error.WriteLine($"Not ready: {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Console.Error.WriteLine($"No answer from {result.GetValue(url)}: {e.Message}");
            }
            return 1;
        });
        return command;
    }

    /// <summary>
    /// Waits until the read models have caught up. If a host is already serving, its daemon holds the projections
    /// and ours waits on standby; either way the wait ends when every projection has reached the high-water mark.
    /// </summary>
    private static Task CatchUpAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<ProjectionAdmin>().WaitForNonStaleAsync(TimeSpan.FromMinutes(10), ct);
}
