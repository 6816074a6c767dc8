using System.Diagnostics;
using System.Text;

namespace PersonalTutoring.Api.Tests.Cli;

/// <summary>The built host run as a person runs it: a child process, its own environment, its output kept apart.</summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder error = new();

    private HostProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (error) error.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;
    public bool HasExited => process.HasExited;
    public int ExitCode => process.ExitCode;

    public string Output { get { lock (output) return output.ToString(); } }
    public string Error { get { lock (error) return error.ToString(); } }

    /// <summary>The lines the host wrote to standard error, blank ones left out.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static HostProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(), // not the application's folder: the host must not depend on where it is started
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PersonalTutoring.Host.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment.Remove("ConnectionStrings__Tutoring");
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment) info.Environment[key] = value;
        return new HostProcess(Process.Start(info)!);
    }

    public static async Task<HostProcess> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var host = Start(environment, args);
        await host.WaitAsync(TimeSpan.FromMinutes(2));
        return host;
    }

    public async Task WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        process.WaitForExit(); // drains the redirected output
    }

    public void Interrupt() => Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    /// <summary>Kills the host (and what it started, initdb included) if it is still running.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
    }

    private bool disposed;

    public static Dictionary<string, string> Development(string? connectionString) => Environment("Development", connectionString);

    /// <summary>Production with the mail relay it requires named (no mail is sent by these tests), so each test varies what it is about.</summary>
    public static Dictionary<string, string> Production(string? connectionString)
    {
        var environment = Environment("Production", connectionString);
        environment["Allocation__Mail__From"] = "personal-tutoring@uni.test";
        environment["Allocation__Mail__Smtp__Host"] = "127.0.0.1";
        environment["DataProtection__MasterKeys__test-1"] = TutoringApiFactory.TestMasterKey;
        environment["DataProtection__ActiveMasterKey"] = "test-1";
        return environment;
    }

    private static Dictionary<string, string> Environment(string name, string? connectionString)
    {
        var environment = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = name, ["DOTNET_ENVIRONMENT"] = name };
        if (connectionString is not null) environment["ConnectionStrings__Tutoring"] = connectionString;
        return environment;
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
