using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.Host.Infrastructure;
using PersonalTutoring.TestKit;

namespace PersonalTutoring.Bench.Infrastructure;

/// <summary>
/// The real host (TutoringApp.Build, every module) in this process on a loopback port, on a fresh database of its own
/// beside the benchmark's. Production when Wolverine's pre-generated handler code loads; otherwise Development
/// (handlers compiled at run time), and <see cref="ProductionRefusal"/> says why.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private const string Key = "bench-development-signing-key-0000000000000001";

    private readonly TestSmtpServer relay;
    private readonly LocalIssuer issuer;
    private readonly string contentRoot;

    private BenchHost(WebApplication app, string connectionString, string environment, string? refusal, TestSmtpServer relay, LocalIssuer issuer, string contentRoot)
    {
        App = app;
        ConnectionString = connectionString;
        Environment = environment;
        ProductionRefusal = refusal;
        this.relay = relay;
        this.issuer = issuer;
        this.contentRoot = contentRoot;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public WebApplication App { get; }

    public string ConnectionString { get; }

    public string Environment { get; }

    public string? ProductionRefusal { get; }

    public Uri Address { get; }

    /// <summary>" (Development)" when the host could not run in Production, for titles.</summary>
    public string Label => Environment == Environments.Production ? "" : $" ({Environment})";

    /// <param name="fresh">False: keep the database if it exists (the kpis scenario's loaded university, --kpi-keep).</param>
    public static async Task<BenchHost> StartAsync(string benchConnection, string database, CancellationToken ct, bool fresh = true)
    {
        var connectionString = fresh ? await HostDatabases.FreshAsync(benchConnection, database, ct) : await HostDatabases.EnsureAsync(benchConnection, database, ct);
        var relay = new TestSmtpServer(mechanisms: []);
        // Its own content root: in Development Wolverine writes the handler code it generates there.
        var contentRoot = Directory.CreateTempSubdirectory("pt-bench-host-").FullName;
        // Outside Development the host trusts only an OpenID Connect authority: a local one here.
        var issuer = await LocalIssuer.StartAsync();
        WebApplication Build(string environment) => TutoringApp.Build(["--environment", environment, "--contentRoot", contentRoot], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var development = environment == Environments.Development;
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Tutoring"] = connectionString,
                ["Authentication:DevelopmentSigningKey"] = development ? Key : null,
                ["Authentication:Authority"] = development ? null : issuer.Url,
                ["Authentication:RequireHttpsMetadata"] = "false",
                ["Allocation:Mail:From"] = "personal-tutoring@uni.bench",
                ["Allocation:Mail:Smtp:Host"] = "127.0.0.1",
                ["Allocation:Mail:Smtp:Port"] = relay.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Allocation:Mail:Smtp:Security"] = "None",
                // Required outside Development; its own content root has no appsettings.Development.json either.
                ["DataProtection:MasterKeys:bench-1"] = TutoringApiFactory.TestMasterKey,
                ["DataProtection:ActiveMasterKey"] = "bench-1",
                ["Logging:LogLevel:Default"] = "Warning",
                // No KPI keeper on a timer (ADR 0093): its runs would land in whichever rows they overlap. The kpis
                // scenario runs the keeper itself, timed, before its rows.
                ["Governance:KpiFacts:RefreshMinutes"] = "0",
            });
        });

        var environment = Environments.Production;
        string? refusal = null;
        var app = Build(environment);
        try
        {
            await app.StartAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            refusal = HostDatabases.FirstLine(e);
            Console.WriteLine($"    the host refused to start in Production ({refusal}); measuring in Development");
            await app.DisposeAsync();
            connectionString = await HostDatabases.FreshAsync(benchConnection, database, ct);
            environment = Environments.Development;
            app = Build(environment);
            await app.StartAsync(ct);
        }
        return new BenchHost(app, connectionString, environment, refusal, relay, issuer, contentRoot);
    }

    /// <summary>A client of the host carrying a bearer token for the subject, its roles and schools.</summary>
    public HttpClient Client(string subject, string[] roles, string[]? schools = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(subject, roles, schools));
        return client;
    }

    /// <summary>A bearer token the host accepts in its environment.</summary>
    public string Token(string subject, string[] roles, string[]? schools = null) => Environment == Environments.Development
        ? JwtAuthentication.MintDevelopmentToken(Key, subject, roles, schools)
        : issuer.Mint(subject, roles, schools);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        await issuer.DisposeAsync();
        await relay.DisposeAsync();
        try { Directory.Delete(contentRoot, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
