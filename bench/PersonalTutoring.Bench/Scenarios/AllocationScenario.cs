using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using PersonalTutoring.Bench.Infrastructure;
using PersonalTutoring.Bench.Reporting;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.TestKit;
using PersonalTutoring.Governance;
using PersonalTutoring.Host.Infrastructure;

namespace PersonalTutoring.Bench.Scenarios;

/// <summary>
/// Auto-allocation of 5,000 students to 100 tutors, end to end: the real host in this process on a loopback port,
/// timed from the client's POST /api/allocations/auto to its response (issue 4's target: under one second).
/// </summary>
internal sealed class AllocationScenario : IBenchScenario
{
    private const int Students = 5_000;
    private const int Tutors = 100;
    private const string School = "MED"; // the Governance demo school: target 50, hard maximum 60
    private const string Database = "pt_bench_allocation";
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(1);

    public string Name => "allocation";

    public async Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken ct)
    {
        var connectionString = await HostDatabases.FreshAsync(context.Database.ConnectionString, Database, ct);
        await using var relay = new PersonalTutoring.TestKit.TestSmtpServer(mechanisms: []);
        const string key = "bench-development-signing-key-0000000000000001";
        // Its own content root: in Development Wolverine writes the handler code it generates there.
        var contentRoot = Directory.CreateTempSubdirectory("pt-bench-host-").FullName;
        // Outside Development the host trusts only an OpenID Connect authority: a local one here.
        await using var issuer = await LocalIssuer.StartAsync();
        WebApplication Build(string environment) => TutoringApp.Build(["--environment", environment, "--contentRoot", contentRoot], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var development = environment == Environments.Development;
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Tutoring"] = connectionString,
                ["Authentication:DevelopmentSigningKey"] = development ? key : null,
                ["Authentication:Authority"] = development ? null : issuer.Url,
                ["Authentication:RequireHttpsMetadata"] = "false",
                ["Allocation:Mail:From"] = "personal-tutoring@uni.bench",
                ["Allocation:Mail:Smtp:Host"] = "127.0.0.1",
                ["Allocation:Mail:Smtp:Port"] = relay.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Allocation:Mail:Smtp:Security"] = "None",
                // Required outside Development (the host refuses to build without a master key for the data keys).
                ["DataProtection:MasterKeys:bench-1"] = TutoringApiFactory.TestMasterKey,
                ["DataProtection:ActiveMasterKey"] = "bench-1",
                ["Logging:LogLevel:Default"] = "Warning",
            });
        });

        // Production loads Wolverine's pre-generated handler code; without it the host refuses to start, and the
        // scenario runs in Development (handlers compiled at run time) and says so.
        var environment = Environments.Production;
        string? productionRefusal = null;
        var app = Build(environment);
        try
        {
            await app.StartAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            productionRefusal = HostDatabases.FirstLine(e);
            Console.WriteLine($"    the host refused to start in Production ({productionRefusal}); measuring in Development");
            await app.DisposeAsync();
            connectionString = await HostDatabases.FreshAsync(context.Database.ConnectionString, Database, ct);
            environment = Environments.Development;
            app = Build(environment);
            await app.StartAsync(ct);
        }
        await using var running = app;
        try
        {
            await app.Services.SeedGovernanceDemoAsync(ct);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", environment == Environments.Development
                ? JwtAuthentication.MintDevelopmentToken(key, "bench-admin", [Roles.Admin])
                : issuer.Mint("bench-admin", [Roles.Admin]));

            await WarmUpAsync(client, ct);
            Console.WriteLine($"  allocation: {Tutors} tutors and {Students:N0} students in {School} ...");
            for (var i = 0; i < Tutors; i++)
                (await client.PutAsJsonAsync($"/api/tutors/bench-t{i:D3}", new
                {
                    givenName = "Tutor", familyName = $"T{i:D3}", email = $"bench-t{i:D3}@staff.bench", schoolCode = School, permanentAcademicStaff = true,
                }, ct)).EnsureSuccessStatusCode();
            var rows = Enumerable.Range(0, Students).Select(i => new
            {
                studentId = $"bench-s{i:D4}", givenName = "Student", familyName = $"S{i:D4}", email = $"bench-s{i:D4}@students.bench", schoolCode = School,
                programmeCode = "MBBS", level = "UG", yearOfStudy = 1 + i % 6, registeredOn = "2025-09-22", status = "Studying", studentRouteVisa = false,
                visitingStudyAbroad = false,
            }).ToArray();
            (await client.PostAsJsonAsync("/api/students/batch", new { students = rows }, ct)).EnsureSuccessStatusCode();

            var dryRuns = new List<TimeSpan>();
            for (var round = 0; round < Math.Max(3, context.Settings.Rounds); round++)
                dryRuns.Add((await AutoAsync(client, dryRun: true, ct)).Elapsed);
            var statements = new ServerStatements(connectionString, context.Settings.Diagnose);
            await statements.ResetAsync(ct);
            var cpu = CpuSnapshot.Take();
            var (apply, placed) = await AutoAsync(client, dryRun: false, ct);
            var applyCores = CpuSnapshot.Between(cpu, CpuSnapshot.Take());
            var details = new List<string>();
            if (statements.Enabled)
            {
                var top = await statements.TopAsync(10, ct);
                details.Add($"apply: server time by statement (pg_stat_statements), {top.Sum(t => t.ExecMs + t.PlanMs):0} ms in the top {top.Count}; cores during the apply: {applyCores}");
                details.AddRange(top.Select(t => "  " + t));
                foreach (var line in details) Console.WriteLine($"    {line}");
            }
            var (rerun, _) = await AutoAsync(client, dryRun: false, ct);
            var caseloads = JsonDocument.Parse(await client.GetStringAsync($"/api/schools/{School}/caseloads", ct)).RootElement;
            var maximum = caseloads.GetProperty("maximumTutees").GetInt32();
            var median = caseloads.GetProperty("medianTutees").GetDouble();
            Console.WriteLine($"    dry run {Format.Seconds(Median(dryRuns))}, apply {Format.Seconds(apply)} ({placed:N0} placed), re-run {Format.Seconds(rerun)}");

            var label = environment == Environments.Production ? "" : $" ({environment})";
            return new ScenarioResult(
                Name,
                $"Auto-allocation: {Students:N0} students, {Tutors} tutors, end to end over HTTP{label}",
                ["step", "elapsed", "placed", "median / max caseload"],
                [
                    ["dry run (read views, plan; median of " + dryRuns.Count + ")", Format.Seconds(Median(dryRuns)), Students.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), "-"],
                    ["apply (plan, 5,100 stream appends, inline views, 15,000 notifications)", Format.Seconds(apply), placed.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), $"{median:0.#} / {maximum}"],
                    ["  cores during the apply: host (this process) / pg / others", applyCores is { } c ? $"{Format.Cores(c.Bench)} / {Format.Cores(c.Server)} / {Format.Cores(c.Others)}" : "n/a", "", ""],
                    ["re-run (everyone kept)", Format.Seconds(rerun), "0", "-"],
                ],
                [
                    new TargetCheck($"apply <= {Target.TotalSeconds:0} s", Format.Seconds(apply) + label, apply <= Target),
                    new TargetCheck("every student placed, nobody past the maximum (60)", $"{placed:N0} placed, max {maximum}", placed == Students && maximum <= 60),
                ],
                [
                    $"The host (TutoringApp.Build, every module, Marten and Wolverine) runs in this process on Kestrel over loopback, on its own database '{Database}' in the same server, in the {environment} environment" +
                    (productionRefusal is null ? "." : $": it refused to start in Production ({productionRefusal}), so Wolverine compiled its handlers at run time."),
                    "Warm-up: 2 tutors and 6 students in ENG auto-allocated (applied) first, so the notification handlers are loaded and the paths jitted, then 3 s for their delivery.",
                    $"Data: the Governance demo seed (policies for {School}: target 50, maximum 60), then {Tutors} tutors by PUT and {Students:N0} UG students (years 1-6) in one batch POST, none allocated.",
                    "Elapsed: from sending POST /api/allocations/auto to reading the whole response (the plan: one entry per placement), measured by the client.",
                    "Apply commits one Marten session: a TutorAllocated per student stream (AppendAt the inline view's version) and one TuteesAssigned per tutor stream, the inline student and tutor views (folds on the identity-mapped views), " +
                    "3 notification documents per student (one set-based upsert) and their delivery messages in Wolverine's durable outbox, in one transaction.",
                    "Wolverine delivers the notifications afterwards and competes for the same CPU during the re-run; the async daemon runs too.",
                ],
                new { Students, Tutors, Environment = environment, ProductionRefusal = productionRefusal, DryRunsSeconds = dryRuns.Select(d => d.TotalSeconds).ToArray(), ApplySeconds = apply.TotalSeconds, ApplyCores = applyCores, RerunSeconds = rerun.TotalSeconds, placed, maximum, median, details })
            { Details = details };
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            foreach (var folder in new[] { contentRoot })
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// A host that has served before: one small auto-allocation in another school, applied, so that the first
    /// notification's handlers are loaded (or, in Development, compiled) and the code paths jitted before the clock runs.
    /// </summary>
    private static async Task WarmUpAsync(HttpClient client, CancellationToken ct)
    {
        const string warm = "ENG";
        for (var i = 0; i < 2; i++)
            (await client.PutAsJsonAsync($"/api/tutors/warm-t{i}", new
            {
                givenName = "Tutor", familyName = $"W{i}", email = $"warm-t{i}@staff.bench", schoolCode = warm, permanentAcademicStaff = true,
            }, ct)).EnsureSuccessStatusCode();
        var rows = Enumerable.Range(0, 6).Select(i => new
        {
            studentId = $"warm-s{i}", givenName = "Student", familyName = $"W{i}", email = $"warm-s{i}@students.bench", schoolCode = warm,
            programmeCode = "MENG", level = "UG", yearOfStudy = 1, registeredOn = "2025-09-22", status = "Studying", studentRouteVisa = false, visitingStudyAbroad = false,
        }).ToArray();
        (await client.PostAsJsonAsync("/api/students/batch", new { students = rows }, ct)).EnsureSuccessStatusCode();
        using var response = await client.PostAsJsonAsync("/api/allocations/auto", new { schoolCode = warm, dryRun = false }, ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Warm-up auto-allocation failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        await Task.Delay(TimeSpan.FromSeconds(3), ct); // the notifications are delivered in the background
    }

    private static async Task<(TimeSpan Elapsed, int Placed)> AutoAsync(HttpClient client, bool dryRun, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsJsonAsync("/api/allocations/auto", new { schoolCode = School, dryRun }, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        clock.Stop();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Auto-allocation failed: {(int)response.StatusCode} {body}");
        return (clock.Elapsed, JsonDocument.Parse(body).RootElement.GetProperty("placements").GetArrayLength());
    }

    private static TimeSpan Median(List<TimeSpan> values) => values.Order().ElementAt(values.Count / 2);
}
