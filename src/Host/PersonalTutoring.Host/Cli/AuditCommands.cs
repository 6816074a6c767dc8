using System.CommandLine;
using System.Text.Json;
using PersonalTutoring.BuildingBlocks.Audit;
using PersonalTutoring.BuildingBlocks.Privacy;

namespace PersonalTutoring.Host.Cli;

/// <summary>The <c>verify</c> verb (is the history as it was written? ADR 0075) and <c>rotate-keys</c> (ADR 0076).</summary>
internal static class AuditCommands
{
    public static IEnumerable<Command> All(string[] args) => [VerifyCommand(args), RotateKeysCommand(args)];

    private static Command RotateKeysCommand(string[] args)
    {
        var command = new Command("rotate-keys", "Rewrap every student's data key with the active master key (DataProtection:ActiveMasterKey); afterwards the old master key can be removed from configuration.");
        command.SetAction((_, ct) => CommandLine.WithServicesAsync(args, async (services, token) =>
        {
            var rewrapped = await services.GetRequiredService<SubjectKeys>().RewrapAsync(token);
            Console.WriteLine($"Rewrapped {rewrapped} data key(s) with the active master key.");
            return 0;
        }, ct));
        return command;
    }

    private static Command VerifyCommand(string[] args)
    {
        var from = new Option<long>("--from") { Description = "The first sequence to check; the chain's link just before it is taken as given.", DefaultValueFactory = _ => 1 };
        var seal = new Option<bool>("--seal") { Description = "Link the events the high-water mark allows into the chain first." };
        var checkpoint = new Option<bool>("--checkpoint") { Description = "After a clean verification, publish the chain's head as a signed checkpoint." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var command = new Command("verify", "Check the tamper-evident history: every event's hash, the chain's links and the published checkpoints. Exit 0 when intact, 1 at the first broken link.")
        {
            from, seal, checkpoint, json,
        };
        command.SetAction((result, ct) => CommandLine.WithServicesAsync(args, async (services, token) =>
        {
            if (result.GetValue(from) < 1)
            {
                Console.Error.WriteLine("--from is a sequence number, 1 or more.");
                return Failures.Usage;
            }
            var sealer = services.GetRequiredService<EventChainSealer>();
            if (result.GetValue(seal)) Console.Error.WriteLine($"Sealed {await sealer.SealAsync(token)} event(s) into the chain.");
            var verification = await services.GetRequiredService<EventChainVerifier>().VerifyAsync(result.GetValue(from), token);
            if (result.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(verification, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
            else Print(verification);
            if (!verification.Intact) return Failures.Failed;
            if (result.GetValue(checkpoint) && await sealer.CheckpointAsync(token) is { } published)
                Console.Error.WriteLine($"Checkpoint published: sequence {published.Sequence}, {published.ChainHash}{(published.Signature is null ? " (unsigned: set Audit:CheckpointKey)" : "")}.");
            return 0;
        }, ct));
        return command;
    }

    private static void Print(ChainVerification v)
    {
        Console.WriteLine($"Checked {v.EventsChecked:N0} event(s) from sequence {v.From}{(v.LastSequence is { } last ? $" to {last}" : "")} in {v.Seconds:F1} s; the chain is sealed to {v.SealedTo}.");
        foreach (var c in v.Checkpoints)
            Console.WriteLine($"Checkpoint {c.SealedAt:u} at sequence {c.Sequence}: {(c.Matches ? "matches" : "DOES NOT MATCH: the chain was rewritten")}{(c.Signed ? "" : " (not signed with this host's key)")}");
        if (v.FirstBroken is { } broken)
            Console.WriteLine($"BROKEN at sequence {broken.Sequence} ({broken.StreamKey ?? "no stream"}): {broken.Kind}: {broken.Detail}");
        else if (v.Intact)
            Console.WriteLine("Intact.");
    }
}
