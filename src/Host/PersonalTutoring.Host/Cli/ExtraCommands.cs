using System.CommandLine;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Allocation;
using PersonalTutoring.Contact;
using PersonalTutoring.Governance;

namespace PersonalTutoring.Host.Cli;

/// <summary>Verbs beyond the foundation's administration ones.</summary>
internal static class ExtraCommands
{
    public static IEnumerable<Command> All(string[] args) => [SeedDemo(args)];

    /// <summary>A realistic demo university in one command; each module seeds its own part, idempotently.</summary>
    private static Command SeedDemo(string[] args)
    {
        var command = new Command("seed-demo", "Create a realistic demo university: schools, policies, calendars, appointments, tutors, students, allocations and contact.");
        command.SetAction((_, ct) => CommandLine.WithServicesAsync(args, async (services, token) =>
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
            Console.WriteLine("Applying projections…");
            await CatchUpAsync(services, token);
            Console.WriteLine("Demo university ready.");
            return 0;
        }, ct, start: true));
        return command;
    }

    /// <summary>
    /// Waits until the read models have caught up. If a host is already serving, its daemon holds the projections
    /// and ours waits on standby; either way the wait ends when every projection has reached the high-water mark.
    /// </summary>
    private static Task CatchUpAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<ProjectionAdmin>().WaitForNonStaleAsync(TimeSpan.FromMinutes(10), ct);
}
