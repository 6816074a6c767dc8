using System.Diagnostics;

namespace PersonalTutoring.Contract.Tests;

/// <summary>Runs the contract's tools (Spectral from npm, Kiota as a dotnet local tool) from the checkout.</summary>
internal static class ContractTools
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string ProjectFolder => Path.Combine(RepositoryRoot, "tests", "PersonalTutoring.Contract.Tests");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PersonalTutoring.sln"))) return dir.FullName;
        throw new InvalidOperationException("The contract tests run from a checkout (PersonalTutoring.sln not found above " + AppContext.BaseDirectory + ").");
    }

    /// <summary>Runs a program to completion; a missing program fails the test with what to install.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string program, string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        Process process;
        try { process = Process.Start(info)!; }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{program}' could not be started ({e.Message}). The contract tests need Node.js with npm, and the .NET SDK.", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output, await errors);
        }
    }
}
