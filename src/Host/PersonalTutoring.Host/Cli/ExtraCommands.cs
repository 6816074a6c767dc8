using System.CommandLine;

namespace PersonalTutoring.Host.Cli;

/// <summary>Verbs contributed beyond the foundation (seeding demo data, for one).</summary>
internal static class ExtraCommands
{
    public static IEnumerable<Command> All(string[] args) => [];
}
