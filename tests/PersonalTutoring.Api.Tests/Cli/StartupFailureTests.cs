using System.Net.Sockets;
using Npgsql;

namespace PersonalTutoring.Api.Tests.Cli;

/// <summary>
/// Start-up and CLI failures a person can act on: one or two lines on standard error naming the cause and the remedy,
/// a non-zero exit code, no stack trace unless --verbose; Ctrl-C during start-up leaves quietly.
/// </summary>
public sealed class StartupFailureTests : IAsyncLifetime
{
    private TestDatabase db = null!;
    private readonly string scratch = Directory.CreateTempSubdirectory("pt-startup-").FullName;

    public async Task InitializeAsync() => db = await TestPostgres.CreateDatabaseAsync(nameof(StartupFailureTests));

    public async Task DisposeAsync()
    {
        await db.DisposeAsync();
        Directory.Delete(scratch, recursive: true);
    }

    private string MissingDatabase => new NpgsqlConnectionStringBuilder(db.ConnectionString) { Database = "pt_no_such_database" }.ConnectionString;

    [Fact]
    public async Task An_unknown_verb_is_an_error_not_a_server_start()
    {
        using var run = await HostProcess.RunAsync(HostProcess.Development(db.ConnectionString), "frobnicate", "--urls", $"http://127.0.0.1:{HostProcess.FreePort()}");

        run.ExitCode.Should().Be(2);
        run.ErrorLines.Should().ContainSingle().Which.Should().StartWith("'frobnicate' is not a verb").And.Contain("migrate");
    }

    [Fact]
    public async Task Host_arguments_still_reach_the_web_host()
    {
        var port = HostProcess.FreePort();
        using var host = HostProcess.Start(HostProcess.Production(db.ConnectionString), "serve", "--urls", $"http://127.0.0.1:{port}", "--environment", "Development");

        (await HealthAsync(host, port)).Should().Be(HttpStatusCode.OK, host.Error + host.Output);
    }

    [Theory]
    [InlineData("migrate")]
    [InlineData("serve")]
    public async Task A_database_that_is_not_there_is_named_with_the_remedy(string verb)
    {
        using var run = await HostProcess.RunAsync(HostProcess.Development(MissingDatabase), verb, "--urls", $"http://127.0.0.1:{HostProcess.FreePort()}");

        run.ExitCode.Should().Be(1);
        run.ErrorLines.Should().Equal(
            "PostgreSQL says: database \"pt_no_such_database\" does not exist.",
            "Create that database (e.g. createdb), or point ConnectionStrings:Tutoring at one that exists.");
        run.Output.Should().NotContain("   at ", "the host's own report of the failure is left out");
    }

    [Fact]
    public async Task Verbose_adds_the_stack_trace()
    {
        using var run = await HostProcess.RunAsync(HostProcess.Development(MissingDatabase), "migrate", "--verbose");

        run.ExitCode.Should().Be(1);
        run.ErrorLines[0].Should().Contain("does not exist");
        run.Error.Should().Contain("Npgsql.PostgresException").And.Contain("   at ");
    }

    [Fact]
    public async Task A_server_that_does_not_answer_is_named_with_the_remedy()
    {
        var closed = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Port = HostProcess.FreePort(), Timeout = 5 }.ConnectionString;

        using var run = await HostProcess.RunAsync(HostProcess.Development(closed), "migrate");

        run.ExitCode.Should().Be(1);
        run.ErrorLines.Should().HaveCount(2);
        run.ErrorLines[0].Should().StartWith("PostgreSQL does not answer");
        run.ErrorLines[1].Should().Contain("ConnectionStrings:Tutoring");
    }

    [Fact]
    public async Task A_port_in_use_is_named_with_the_remedy()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        using var run = await HostProcess.RunAsync(HostProcess.Development(db.ConnectionString), "--urls", $"http://127.0.0.1:{port}");

        run.ExitCode.Should().Be(1);
        run.ErrorLines.Should().Equal(
            $"Cannot listen on http://127.0.0.1:{port}: another program is using that port.",
            "Stop it, or choose another address with --urls http://localhost:PORT (or ASPNETCORE_URLS).");
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("migrate")]
    public async Task Ctrl_C_during_start_up_leaves_quietly(string verb)
    {
        // A "database" that accepts connections and never answers: start-up waits where cancellation does not reach.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var hanging = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Port = ((IPEndPoint)silent.LocalEndpoint).Port, Timeout = 60 }.ConnectionString;
        using var host = HostProcess.Start(HostProcess.Development(hanging), verb, "--urls", $"http://127.0.0.1:{HostProcess.FreePort()}");
        await Task.Delay(TimeSpan.FromSeconds(4));
        host.HasExited.Should().BeFalse("start-up is waiting for the database: {0}", host.Error);

        host.Interrupt();
        await host.WaitAsync(TimeSpan.FromSeconds(15));

        host.ExitCode.Should().Be(130);
        host.Error.Should().BeEmpty();
    }

    [Fact]
    public async Task Outside_development_the_host_starts_no_local_database()
    {
        var folder = Path.Combine(scratch, "never-created");
        var environment = HostProcess.Production(null);
        environment["Database__DataDirectory"] = folder;

        using var run = await HostProcess.RunAsync(environment, "migrate");

        run.ExitCode.Should().Be(1);
        run.ErrorLines.Should().ContainSingle().Which.Should().StartWith("ConnectionStrings:Tutoring is not set. Outside Development (Production)");
        Directory.Exists(folder).Should().BeFalse();
    }

    [Fact]
    public async Task Outside_development_every_missing_setting_is_listed_at_once()
    {
        var environment = HostProcess.Production(null);
        environment.Remove("Allocation__Mail__From");
        environment.Remove("Allocation__Mail__Smtp__Host");

        using var run = await HostProcess.RunAsync(environment, "--urls", $"http://127.0.0.1:{HostProcess.FreePort()}");

        run.ExitCode.Should().Be(1);
        run.ErrorLines.Select(l => l.Split(' ')[0]).Should().BeEquivalentTo(
            "ConnectionStrings:Tutoring", "Authentication:Authority", "Allocation:Mail:From", "Allocation:Mail:Smtp:Host");
    }

    [Fact]
    public async Task Invalid_settings_of_every_section_are_listed_at_once_before_anything_starts()
    {
        var environment = HostProcess.Development(db.ConnectionString);
        environment["Projections__PollSeconds"] = "0";
        environment["Allocation__Notifications__RetrySeconds"] = "30,soon";
        environment["Allocation__Registry__WebhookUrl"] = "ftp://registry.example/hook";
        environment["Contact__StudentRouteMaxGapDays"] = "0";
        environment["Authentication__MaxTokenLifetimeHours"] = "0";

        using var run = await HostProcess.RunAsync(environment, "--urls", $"http://127.0.0.1:{HostProcess.FreePort()}");

        run.ExitCode.Should().Be(1);
        run.ErrorLines.Select(l => l.Split(' ')[0]).Should().BeEquivalentTo(
            "Projections:PollSeconds", "Allocation:Notifications:RetrySeconds", "Allocation:Registry:WebhookUrl", "Allocation:Registry:WebhookSecret",
            "Contact:StudentRouteMaxGapDays", "Authentication:MaxTokenLifetimeHours");
    }

    [Fact]
    public async Task Outside_development_the_development_key_is_refused()
    {
        await using var issuer = await LocalIssuer.StartAsync();
        var environment = Authority(HostProcess.Production(db.ConnectionString), issuer.Url);
        environment["Authentication__DevelopmentSigningKey"] = TutoringApiFactory.SigningKey;

        using var run = await HostProcess.RunAsync(environment, "--urls", $"http://127.0.0.1:{HostProcess.FreePort()}");

        run.ExitCode.Should().Be(1);
        run.ErrorLines.Should().ContainSingle().Which.Should().StartWith("Authentication:DevelopmentSigningKey is set outside Development");
    }

    [Fact]
    public async Task Outside_development_the_settings_beside_the_application_are_read_wherever_it_is_started_from()
    {
        // An environment of its own, so no other test reads this file; the host is started from the temp folder.
        var beside = Path.Combine(AppContext.BaseDirectory, "appsettings.ContentRootCheck.json");
        await File.WriteAllTextAsync(beside, """{ "Projections": { "PollSeconds": 0 } }""");
        try
        {
            var environment = HostProcess.Production(db.ConnectionString);
            environment["ASPNETCORE_ENVIRONMENT"] = environment["DOTNET_ENVIRONMENT"] = "ContentRootCheck";

            using var run = await HostProcess.RunAsync(environment, "--urls", $"http://127.0.0.1:{HostProcess.FreePort()}");

            run.ExitCode.Should().Be(1);
            run.ErrorLines.Should().Contain("Projections:PollSeconds is 0: give a number of seconds above 0 and at most 300.");
        }
        finally
        {
            File.Delete(beside);
        }
    }

    [Fact]
    public async Task Seed_demo_refuses_outside_development()
    {
        using var run = await HostProcess.RunAsync(HostProcess.Production(db.ConnectionString), "seed-demo");

        run.ExitCode.Should().Be(2);
        run.ErrorLines[0].Should().Be("seed-demo writes a fictional university and runs only in Development (this is Production).");
    }

    [Fact]
    public async Task An_unreachable_authority_stops_the_host_with_one_line()
    {
        var environment = Authority(HostProcess.Production(db.ConnectionString), $"http://127.0.0.1:{HostProcess.FreePort()}");

        using var run = await HostProcess.RunAsync(environment, "--urls", $"http://127.0.0.1:{HostProcess.FreePort()}");

        run.ExitCode.Should().Be(1);
        run.ErrorLines.Should().ContainSingle().Which.Should().Contain("did not give valid metadata").And.Contain("check Authentication:Authority");
    }

    [Fact]
    public async Task An_authority_whose_metadata_has_no_keys_stops_the_host_with_one_line()
    {
        await using var issuer = await LocalIssuer.StartAsync();
        issuer.Metadata = i => new { issuer = i.Url, authorization_endpoint = $"{i.Url}/authorize" };

        using var run = await HostProcess.RunAsync(Authority(HostProcess.Production(db.ConnectionString), issuer.Url), "--urls", $"http://127.0.0.1:{HostProcess.FreePort()}");

        run.ExitCode.Should().Be(1);
        run.ErrorLines.Should().ContainSingle().Which.Should().Contain("published metadata without signing keys");
    }

    private static Dictionary<string, string> Authority(Dictionary<string, string> environment, string url)
    {
        environment["Authentication__Authority"] = url;
        environment["Authentication__RequireHttpsMetadata"] = "false";
        return environment;
    }

    internal static async Task<HttpStatusCode?> HealthAsync(HostProcess host, int port, string path = "/health/live")
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !host.HasExited)
        {
            try
            {
                var status = (await http.GetAsync(path)).StatusCode;
                if (status == HttpStatusCode.OK) return status;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        return null;
    }
}
