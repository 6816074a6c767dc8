using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using PersonalTutoring.Bench.Infrastructure;
using PersonalTutoring.Bench.Reporting;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.TestKit;

namespace PersonalTutoring.Bench.Scenarios;

/// <summary>
/// The host's memory: the built host started as its own process (<c>dotnet PersonalTutoring.Host.dll</c>, Production,
/// a throwaway database), its resident set read from <c>/proc</c> once it is ready, after it has settled, and after a
/// first handful of requests that touch every module, Marten and Wolverine.
/// </summary>
internal sealed class RssScenario : IBenchScenario
{
    private const double TargetMiB = 250;
    private const string Database = "pt_bench_rss";
    private const string Key = "bench-development-signing-key-0000000000000002";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    public string Name => "rss";

    public async Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken ct)
    {
        var dll = HostDll(context.Settings.HostDll);
        Console.WriteLine($"  rss: starting {dll} ...");
        var measured = await MeasureAsync(context, dll, "Production", ct);
        var refusal = measured.Refusal;
        if (refusal is not null)
        {
            Console.WriteLine($"    the host refused to start in Production ({refusal}); measuring in Development");
            measured = await MeasureAsync(context, dll, "Development", ct);
            if (measured.Refusal is { } again) throw new InvalidOperationException($"The host did not start in Development either: {again}");
        }
        var label = refusal is null ? "Production" : "Development (Production refused to start)";
        Console.WriteLine($"    ready after {Format.Seconds(measured.Ready)}: {measured.AtReady:0} MiB; settled {measured.Settled:0} MiB; after requests {measured.AfterRequests:0} MiB (peak {measured.Peak:0} MiB)");

        string Mib(double value) => value.ToString("0", CultureInfo.InvariantCulture) + " MiB";
        return new ScenarioResult(
            Name,
            $"Host memory: resident set of the started host ({label})",
            ["moment", "RSS"],
            [
                ["ready (/health/ready answers 200, " + Format.Seconds(measured.Ready) + " after launch)", Mib(measured.AtReady)],
                [$"settled ({Settle.TotalSeconds:0} s later, idle)", Mib(measured.Settled)],
                [$"after {measured.Requests.Count} first requests (+{Settle.TotalSeconds:0} s)", Mib(measured.AfterRequests)],
                ["peak (VmHWM)", Mib(measured.Peak)],
            ],
            [
                new TargetCheck($"RSS after start <= {TargetMiB:0} MiB", $"{Mib(measured.Settled)} ({label})", measured.Settled <= TargetMiB),
                new TargetCheck($"RSS after the first requests <= {TargetMiB:0} MiB", $"{Mib(measured.AfterRequests)} ({label})", measured.AfterRequests <= TargetMiB),
            ],
            [
                $"Host: dotnet {dll}, environment {label}, ConnectionStrings__Tutoring = a fresh database '{Database}' in the benchmark's server, Kestrel on a free loopback port, outside Development a local OpenID Connect issuer and mail to an SMTP relay in the benchmark's process, log level Warning; the async daemon and Wolverine run as in production.",
                "RSS: VmRSS from /proc/<pid>/status (resident memory, shared libraries included); peak: VmHWM.",
                "\"After start\" is the settled figure: the daemon's election and Wolverine's agents have started by then.",
                "First requests: " + string.Join("; ", measured.Requests) + ".",
                refusal is null ? "Wolverine loaded pre-generated handler code (TypeLoadMode.Static)." : $"Production refused to start: {refusal}. Development compiles handlers at run time (Roslyn), which costs memory Production will not pay.",
            ],
            new { dll, environment = label, refusal, measured.Ready, measured.AtReady, measured.Settled, measured.AfterRequests, measured.Peak, measured.Requests });
    }

    private static async Task<Measurement> MeasureAsync(BenchContext context, string dll, string environment, CancellationToken ct)
    {
        var connectionString = await HostDatabases.FreshAsync(context.Database.ConnectionString, Database, ct);
        var port = FreePort();
        var mail = Path.Combine(Path.GetTempPath(), $"pt-bench-rss-mail-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\"")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["DOTNET_ENVIRONMENT"] = environment;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ConnectionStrings__Tutoring"] = connectionString;
        // Outside Development the host trusts only an OpenID Connect authority and sends mail through a relay: local ones here.
        await using var issuer = await LocalIssuer.StartAsync();
        await using var relay = new TestSmtpServer(mechanisms: []);
        var development = environment == "Development";
        if (development)
        {
            start.Environment["Authentication__DevelopmentSigningKey"] = Key;
            start.Environment["Allocation__Mail__PickupFolder"] = mail;
        }
        else
        {
            start.Environment["Authentication__Authority"] = issuer.Url;
            start.Environment["Authentication__RequireHttpsMetadata"] = "false";
            start.Environment["Allocation__Mail__From"] = "personal-tutoring@uni.bench";
            start.Environment["Allocation__Mail__Smtp__Host"] = "127.0.0.1";
            start.Environment["Allocation__Mail__Smtp__Port"] = relay.Port.ToString(CultureInfo.InvariantCulture);
            start.Environment["Allocation__Mail__Smtp__Security"] = "None";
            // Required outside Development (the host refuses to start without a master key for the data keys).
            start.Environment["DataProtection__MasterKeys__bench-1"] = TutoringApiFactory.TestMasterKey;
            start.Environment["DataProtection__ActiveMasterKey"] = "bench-1";
        }
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        var clock = Stopwatch.StartNew();
        using var host = Process.Start(start) ?? throw new InvalidOperationException("Could not start the host.");
        var output = new System.Text.StringBuilder();
        host.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        host.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            while (true)
            {
                if (host.HasExited)
                {
                    string text;
                    lock (output) text = output.ToString();
                    return Measurement.Refused(Refusal(text, host.ExitCode));
                }
                if (clock.Elapsed > TimeSpan.FromSeconds(120)) throw new TimeoutException("The host was not ready after 120 s.");
                try
                {
                    using var ready = await client.GetAsync("/health/ready", ct);
                    if (ready.StatusCode == HttpStatusCode.OK) break;
                }
                catch (HttpRequestException) { }
                await Task.Delay(50, ct);
            }
            var readyAfter = clock.Elapsed;
            var atReady = Rss(host.Id, "VmRSS");
            await Task.Delay(Settle, ct);
            var settled = Rss(host.Id, "VmRSS");

            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
                development ? JwtAuthentication.MintDevelopmentToken(Key, "bench-admin", [Roles.Admin]) : issuer.Mint("bench-admin", [Roles.Admin]));
            var requests = await FirstRequestsAsync(client, ct);
            await Task.Delay(Settle, ct);
            var after = Rss(host.Id, "VmRSS");
            return new Measurement(null, readyAfter, atReady, settled, after, Rss(host.Id, "VmHWM"), requests);
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync(CancellationToken.None);
            }
            try { Directory.Delete(mail, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>What a new installation's first minute looks like: a school, tutors, students, an allocation (events, inline views, Wolverine), reads.</summary>
    private static async Task<List<string>> FirstRequestsAsync(HttpClient client, CancellationToken ct)
    {
        var done = new List<string>();
        async Task Send(string what, Func<Task<HttpResponseMessage>> send)
        {
            using var response = await send();
            done.Add($"{what} {(int)response.StatusCode}");
        }
        await Send("PUT /api/schools/RSS", () => client.PutAsJsonAsync("/api/schools/RSS", new { name = "School of Resident Sets", college = "Benchmarks" }, ct));
        await Send("GET /api/schools", () => client.GetAsync("/api/schools", ct));
        for (var i = 0; i < 3; i++)
            await Send($"PUT /api/tutors/rss-t{i}", () => client.PutAsJsonAsync($"/api/tutors/rss-t{i}", new
            {
                givenName = "Tutor", familyName = $"T{i}", email = $"rss-t{i}@staff.bench", schoolCode = "RSS", permanentAcademicStaff = true,
            }, ct));
        var students = Enumerable.Range(0, 30).Select(i => new
        {
            studentId = $"rss-s{i:D2}", givenName = "Student", familyName = $"S{i:D2}", email = $"rss-s{i:D2}@students.bench", schoolCode = "RSS",
            programmeCode = "BSC", level = "UG", yearOfStudy = 1, registeredOn = "2025-09-22", status = "Studying", studentRouteVisa = false, visitingStudyAbroad = false,
        }).ToArray();
        await Send("POST /api/students/batch (30)", () => client.PostAsJsonAsync("/api/students/batch", new { students }, ct));
        await Send("POST /api/allocations", () => client.PostAsJsonAsync("/api/allocations", new { studentId = "rss-s00", tutorId = "rss-t0", reason = "First tutor" }, ct));
        await Send("POST /api/allocations/auto", () => client.PostAsJsonAsync("/api/allocations/auto", new { schoolCode = "RSS", dryRun = false }, ct));
        await Send("GET /api/students/rss-s00", () => client.GetAsync("/api/students/rss-s00", ct));
        await Send("GET /api/schools/RSS/caseloads", () => client.GetAsync("/api/schools/RSS/caseloads", ct));
        await Send("GET /api/notifications", () => client.GetAsync("/api/notifications", ct));
        await Send("GET /api/admin/projections", () => client.GetAsync("/api/admin/projections", ct));
        return done;
    }

    /// <summary>The published or built host: --host-dll, else the Host project's output in this benchmark's configuration.</summary>
    private static string HostDll(string? given)
    {
        if (given is not null)
            return File.Exists(given) ? Path.GetFullPath(given) : throw new FileNotFoundException($"--host-dll: {given} does not exist.");
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)); // bench/…/bin/<Configuration>/<tfm>
        var configuration = output.Parent?.Name ?? "Release";
        for (var dir = output; dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "PersonalTutoring.sln"))) continue;
            var built = Path.Combine(dir.FullName, "src", "Host", "PersonalTutoring.Host", "bin", configuration, output.Name, "PersonalTutoring.Host.dll");
            if (File.Exists(built)) return built;
            break;
        }
        throw new FileNotFoundException("The host's build output was not found; build it (dotnet build -c Release src/Host/PersonalTutoring.Host) or pass --host-dll.");
    }

    private static string Refusal(string output, int exitCode)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var reason = lines.FirstOrDefault(l => l.Contains("Exception", StringComparison.Ordinal)) ?? lines.LastOrDefault() ?? "no output";
        return $"exit code {exitCode}: {(reason.Length > 300 ? reason[..300] + "…" : reason)}";
    }

    /// <summary>A line of /proc/&lt;pid&gt;/status in MiB.</summary>
    private static double Rss(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record Measurement(string? Refusal, TimeSpan Ready, double AtReady, double Settled, double AfterRequests, double Peak, IReadOnlyList<string> Requests)
    {
        public static Measurement Refused(string reason) => new(reason, TimeSpan.Zero, 0, 0, 0, 0, []);
    }
}
